import VAPrepPayload

/// Exact size arithmetic of the `videoData` value: `base64:` followed by standard, padded
/// base64 (no line breaks — Huawei rejects them, and the Juhe form value has none).
///
/// Computing the size needs no encoding, so a plan can promise a payload size before any
/// byte is encoded. The forward direction is `VAPrepPayload`'s (the module that encodes the
/// value); the inverse, the budget side, lives here.
public enum PayloadSize {
    /// The value's prefix; its 7 bytes count against the vendor's limit.
    public static let prefix = VideoData.prefix

    /// The length of `base64:` + base64 of a `fileBytes`-byte file: `7 + 4·⌈n/3⌉`.
    public static func valueBytes(forFileBytes fileBytes: Int) -> Int {
        VideoData.valueLength(byteCount: fileBytes)
    }

    /// The largest file whose value fits in `valueBytes` (0 when not even the prefix fits).
    public static func maxFileBytes(forValueBytes valueBytes: Int) -> Int {
        Swift.max(0, (valueBytes - prefix.utf8.count) / 4 * 3)
    }
}
