import NIOCore

/// Put in front of the HTTP handlers of a connection over ``SandboxLimits/maxConnections``:
/// answers `503` the moment the connection is up and closes it, passing nothing it reads on
/// (the request, however long, is never parsed or buffered).
final class OverCapacityHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let body = "(sandbox) too many connections open; try again later\n"
    static let response = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\n"
        + "Connection: close\r\nRetry-After: 1\r\n\r\n" + body

    func channelActive(context: ChannelHandlerContext) {
        let buffer = context.channel.allocator.buffer(string: Self.response)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Dropped: this connection is refused, its bytes are not ours to read.
    }
}
