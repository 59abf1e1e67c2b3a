import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import VAPrepClient

/// A local stand-in for the vendor's `POST /videoAuth/query`, for offline tests of upload
/// services and of ``VideoAuthClient``.
///
/// ```swift
/// let sandbox = try await SandboxServer.start(SandboxConfiguration(apiKey: "test-key-123456"))
/// defer { Task { await sandbox.stop() } }
/// var configuration = VideoAuthConfiguration(apiKey: "test-key-123456", endpoint: sandbox.endpoint)
/// ```
///
/// It validates the form like the vendor (key → 10001, then the fields, the ID checksum, the
/// `base64:` prefix), decodes `videoData`, asks its ``SandboxVideoInspector`` and answers a
/// deterministic simulated result whose `reason` says it is simulated. Faults are scripted
/// per request with ``SandboxFault`` (`X-Sandbox-Fault` header) or ``SandboxReservedIDs``.
///
/// Built on plain SwiftNIO (NIOHTTP1) rather than a web framework: NIO is already in the
/// dependency graph through AsyncHTTPClient, so the sandbox adds no build time, and the
/// faults need byte-level control a framework hides — closing the socket right after the
/// request head or after the body without answering, or sending a cut JSON body.
public final class SandboxServer: Sendable {
    public let host: String
    /// The bound port (the ephemeral one when the configuration asked for 0).
    public let port: Int
    /// What arrived, for tests.
    public let recorder: SandboxRecorder
    private let serverTask: Task<Void, Never>
    private let serverChannel: any Channel

    /// `http://HOST:PORT/videoAuth/query`.
    public var endpoint: String { "http://\(host):\(port)/videoAuth/query" }

    private init(host: String, port: Int, recorder: SandboxRecorder, serverTask: Task<Void, Never>, serverChannel: any Channel) {
        self.host = host
        self.port = port
        self.recorder = recorder
        self.serverTask = serverTask
        self.serverChannel = serverChannel
    }

    /// Binds and starts serving; returns once the port is bound.
    public static func start(_ configuration: SandboxConfiguration = SandboxConfiguration()) async throws -> SandboxServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: child)
                }
            }
        let port = channel.channel.localAddress?.port ?? configuration.port
        let recorder = SandboxRecorder()
        let responder = SandboxResponder(configuration: configuration, recorder: recorder, port: port)
        let logger = configuration.logger
        let maxBody = configuration.maxBodyBytes
        logger.info("sandbox listening", metadata: ["endpoint": "http://\(configuration.host):\(port)/videoAuth/query"])
        let task = Task {
            await withDiscardingTaskGroup { group in
                do {
                    try await channel.executeThenClose { connections in
                        for try await connection in connections {
                            recorder.connectionAccepted()
                            group.addTask {
                                await SandboxConnection(responder: responder, recorder: recorder, maxBodyBytes: maxBody, logger: logger)
                                    .serve(connection)
                            }
                        }
                    }
                } catch {
                    logger.debug("sandbox accept loop ended", metadata: ["error": "\(error)"])
                }
                group.cancelAll()
            }
        }
        return SandboxServer(host: configuration.host, port: port, recorder: recorder, serverTask: task, serverChannel: channel.channel)
    }

    /// Stops accepting, closes open connections and waits for them to finish.
    public func stop() async {
        serverTask.cancel()
        try? await serverChannel.close()
        await serverTask.value
    }

    /// Serves until the calling task is cancelled (for the `vaprep sandbox` command).
    public func runUntilCancelled() async {
        await withTaskCancellationHandler {
            await serverTask.value
        } onCancel: {
            serverTask.cancel()
            serverChannel.close(promise: nil)
        }
    }
}
