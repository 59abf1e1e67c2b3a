/// Which face detector a pre-check runs: the CNN (default) or the OpenCV-exact cascade, kept as a
/// fallback and for comparison.
///
/// ```swift
/// let check = try PreCheck(detector: .cascade())   // the old behaviour
/// ```
public enum FaceDetectorChoice: Sendable, Equatable {
    /// BlazeFace short-range (``BlazeFaceDetector``): faces with scores and keypoints, 3/4 views.
    case cnn
    /// An OpenCV cascade (``FaceDetector``); frontal faces only, no keypoints.
    case cascade(path: String = CascadeClassifier.defaultPath)

    /// The names the command line accepts for `--detector`.
    public static let names = ["cnn", "cascade"]

    /// The choice called `name` (`cnn` or `cascade`), the cascade read from `cascadePath`; nil for an unknown name.
    public init?(name: String, cascadePath: String = CascadeClassifier.defaultPath) {
        switch name {
        case "cnn": self = .cnn
        case "cascade": self = .cascade(path: cascadePath)
        default: return nil
        }
    }

    /// Builds the detector (the cascade file is read and checked here).
    public func makeDetector() throws(CascadeError) -> any FaceDetecting {
        switch self {
        case .cnn: return BlazeFaceDetector()
        case .cascade(let path): return try FaceDetector(cascadePath: path)
        }
    }
}
