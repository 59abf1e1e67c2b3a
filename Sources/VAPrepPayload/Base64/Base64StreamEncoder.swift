internal import CVAPrepBase64

/// Encodes base64 from chunks of any size into buffers you provide.
///
/// Up to two input bytes that do not complete a 3-byte group are carried to the next call, so
/// the concatenated output equals the one-shot encoding of the concatenated input, however it
/// was split. Whole groups go straight to the SIMD kernel, so 64 KiB chunks run at one-shot speed.
///
/// ```swift
/// var encoder = Base64StreamEncoder()
/// var out = [UInt8](repeating: 0, count: encoder.maxOutputLength(forInputLength: 65536))
/// while let chunk = source.next() {
///     let n = chunk.withUnsafeBytes { input in
///         out.withUnsafeMutableBytes { encoder.encode(input, into: $0) }
///     }
///     send(out[..<n])
/// }
/// let n = out.withUnsafeMutableBytes { encoder.finish(into: $0) }   // tail + '=' padding
/// send(out[..<n])
/// ```
///
/// With `formEscaped: true` the output is ready for an `application/x-www-form-urlencoded`
/// body: `+` → `%2B`, `/` → `%2F`, `=` → `%3D`, in the same pass.
public struct Base64StreamEncoder: Sendable {
    private var carry: (UInt8, UInt8) = (0, 0)
    private var carryCount: UInt8 = 0

    /// Whether output is form-escaped.
    public let isFormEscaped: Bool

    /// Most bytes ``finish(into:)`` writes (two characters + two `=`, each escaped).
    public static let maxFinishLength = 12

    /// Creates an encoder; `formEscaped` escapes `+ / =` for a form body as it encodes.
    public init(formEscaped: Bool = false) {
        isFormEscaped = formEscaped
    }

    /// Input bytes waiting for a complete 3-byte group (0, 1 or 2).
    public var carriedByteCount: Int { Int(carryCount) }

    /// Most bytes one ``encode(_:into:)`` call with `count` input bytes writes.
    public func maxOutputLength(forInputLength count: Int) -> Int {
        let chars = (Int(carryCount) + count) / 3 * 4
        return isFormEscaped ? chars * 3 : chars
    }

    private func makeState() -> vaprep_b64_state {
        var state = vaprep_b64_state()
        vaprep_b64_stream_init(&state, isFormEscaped ? 1 : 0)
        state.carry = carry
        state.carry_len = carryCount
        return state
    }

    private mutating func keep(_ state: vaprep_b64_state) {
        carry = state.carry
        carryCount = state.carry_len
    }

    /// Encodes every whole 3-byte group of (carried bytes + `input`) into `output` and carries
    /// the rest. `output` must hold ``maxOutputLength(forInputLength:)`` bytes.
    /// - Returns: bytes written to the start of `output`.
    public mutating func encode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        let needed = maxOutputLength(forInputLength: input.count)
        precondition(output.count >= needed, "output holds \(output.count) bytes; this call may write \(needed)")
        guard let inBase = input.baseAddress, input.count > 0 else { return 0 }
        var state = makeState()
        let written: Int
        if let outBase = output.baseAddress {
            written = vaprep_b64_stream_encode(&state, inBase.assumingMemoryBound(to: UInt8.self), input.count,
                                               outBase.assumingMemoryBound(to: UInt8.self))
        } else {
            // Only a carry top-up that completes no group gets here (needed == 0).
            var scratch: (UInt64, UInt64) = (0, 0)
            written = withUnsafeMutableBytes(of: &scratch) {
                vaprep_b64_stream_encode(&state, inBase.assumingMemoryBound(to: UInt8.self), input.count,
                                         $0.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        keep(state)
        return written
    }

    /// Writes the carried bytes with `=` padding (at most ``maxFinishLength`` bytes) and resets
    /// the encoder so it can start a new stream. Returns bytes written.
    public mutating func finish(into output: UnsafeMutableRawBufferPointer) -> Int {
        guard carryCount > 0 else { return 0 }
        var state = makeState()
        var tail: (UInt64, UInt64) = (0, 0)
        let written = withUnsafeMutableBytes(of: &tail) {
            vaprep_b64_stream_finish(&state, $0.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        precondition(output.count >= written, "output holds \(output.count) bytes; finish needs \(written)")
        withUnsafeBytes(of: &tail) { output.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<written])) }
        keep(state)
        return written
    }

    /// Encodes `input` and appends the output to `output` (convenience for arrays).
    public mutating func encode(_ input: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) {
        let old = output.count
        let room = maxOutputLength(forInputLength: input.count)
        output.reserveCapacity(old + room)
        output.append(contentsOf: repeatElement(0, count: room))
        let written = output.withUnsafeMutableBytes { encode(input, into: UnsafeMutableRawBufferPointer(rebasing: $0[old...])) }
        output.removeLast(room - written)
    }

    /// Encodes `input` and appends the output to `output` (convenience for arrays).
    public mutating func encode(_ input: [UInt8], appendingTo output: inout [UInt8]) {
        input.withUnsafeBytes { encode($0, appendingTo: &output) }
    }

    /// Finishes the stream, appending the tail and padding to `output`.
    public mutating func finish(appendingTo output: inout [UInt8]) {
        var tail = [UInt8](repeating: 0, count: Self.maxFinishLength)
        let written = tail.withUnsafeMutableBytes { finish(into: $0) }
        output.append(contentsOf: tail[..<written])
    }
}
