import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
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

    /// Whether the sandbox serves https.
    public let usesTLS: Bool

    /// `http://HOST:PORT/videoAuth/query` (`https://` with TLS).
    public var endpoint: String { "\(usesTLS ? "https" : "http")://\(host):\(port)/videoAuth/query" }

    private init(host: String, port: Int, usesTLS: Bool, recorder: SandboxRecorder, serverTask: Task<Void, Never>, serverChannel: any Channel) {
        self.host = host
        self.usesTLS = usesTLS
        self.port = port
        self.recorder = recorder
        self.serverTask = serverTask
        self.serverChannel = serverChannel
    }

    /// Binds and starts serving; returns once the port is bound.
    public static func start(_ configuration: SandboxConfiguration = SandboxConfiguration()) async throws -> SandboxServer {
        let recorder = SandboxRecorder(limits: configuration.limits)
        let cap = configuration.limits.maxConnections
        let sslContext = try configuration.tlsConfiguration.map { try NIOSSLContext(configuration: $0) }
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { child in
                child.eventLoop.makeCompletedFuture {
                    // Decided here, on accept, so a refused connection is answered before any byte is read.
                    let admitted = recorder.admitConnection(cap: cap)
                    if let sslContext {
                        try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    if admitted {
                        child.closeFuture.whenComplete { _ in recorder.connectionClosed() }
                    } else {
                        // After TLS (its 503 is encrypted like any answer), before HTTP (nothing is parsed).
                        try child.pipeline.syncOperations.addHandler(OverCapacityHandler())
                    }
                    try child.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    let wrapped = try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: child)
                    return AcceptedConnection(channel: wrapped, admitted: admitted)
                }
            }
        let port = channel.channel.localAddress?.port ?? configuration.port
        let responder = SandboxResponder(configuration: configuration, recorder: recorder, port: port)
        let logger = configuration.logger
        let maxBody = configuration.maxBodyBytes
        let limits = configuration.limits
        let scheme = sslContext == nil ? "http" : "https"
        logger.info("sandbox listening", metadata: ["endpoint": "\(scheme)://\(configuration.host):\(port)/videoAuth/query"])
        let task = Task {
            await withDiscardingTaskGroup { group in
                do {
                    try await channel.executeThenClose { connections in
                        for try await accepted in connections {
                            guard accepted.admitted else {
                                // OverCapacityHandler answers and closes; this only waits for the close.
                                group.addTask { try? await accepted.channel.executeThenClose { inbound, _ in for try await _ in inbound {} } }
                                continue
                            }
                            group.addTask {
                                await SandboxConnection(
                                    responder: responder, recorder: recorder, maxBodyBytes: maxBody, limits: limits, logger: logger
                                ).serve(accepted.channel)
                            }
                        }
                    }
                } catch {
                    logger.debug("sandbox accept loop ended", metadata: ["error": "\(error)"])
                }
                group.cancelAll()
            }
        }
        return SandboxServer(
            host: configuration.host, port: port, usesTLS: sslContext != nil, recorder: recorder, serverTask: task, serverChannel: channel.channel)
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

/// A connection as the accept loop receives it: admitted under the cap, or being refused with 503.
struct AcceptedConnection: Sendable {
    let channel: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    let admitted: Bool
}
