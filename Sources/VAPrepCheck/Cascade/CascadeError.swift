/// Why a cascade file could not be used. Each message says what is wrong and what to do.
public enum CascadeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not exist or cannot be read.
    case unreadable(path: String)
    /// The file is not well-formed XML (`line` is 1-based).
    case malformedXML(path: String, line: Int, reason: String)
    /// Well-formed XML, but not an OpenCV cascade in the format this reader supports.
    case invalidCascade(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path):
            "cannot read cascade file \(path): check the path (Debian/Ubuntu ship them in the opencv-data package under /usr/share/opencv4)"
        case .malformedXML(let path, let line, let reason):
            "cascade file \(path) is not valid XML (line \(line): \(reason)); re-download or reinstall it"
        case .invalidCascade(let path, let reason):
            "\(path) is not a usable OpenCV cascade: \(reason). Use a new-format HAAR or LBP cascade such as lbpcascade_frontalface_improved.xml"
        }
    }
}
