/// A minimal XML reader for OpenCV `FileStorage` files (the cascade format).
///
/// Cascade files use a small XML subset: a declaration, comments, nested elements, an optional
/// attribute list and whitespace-separated numbers as text. A hand reader over bytes keeps the
/// package free of libxml2 and reads the 1 MB Haar file in a few milliseconds.
final class XMLElementNode {
    let name: String
    var text: String = ""
    var children: [XMLElementNode] = []

    init(name: String) { self.name = name }

    /// The first child element called `name`.
    func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }

    /// The text split at whitespace. (`isWhitespace`, because a CRLF pair is one Swift `Character`
    /// and some shipped cascades, e.g. lbpcascade_frontalface_improved.xml, use CRLF line ends.)
    var tokens: [Substring] { text.split(whereSeparator: \.isWhitespace) }

    struct SyntaxError: Error { let line: Int; let reason: String }

    /// Parses a whole document and returns its root element.
    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> XMLElementNode {
        var i = 0
        var line = 1
        var stack: [XMLElementNode] = []
        var root: XMLElementNode?
        let n = bytes.count

        func starts(_ s: String) -> Bool {
            let u = Array(s.utf8)
            return i + u.count <= n && Array(bytes[i..<(i + u.count)]) == u
        }
        func skip(until terminator: String) throws(SyntaxError) {
            let u = Array(terminator.utf8)
            while i + u.count <= n {
                if bytes[i] == 10 { line += 1 }
                if bytes[i] == u[0] && Array(bytes[i..<(i + u.count)]) == u { i += u.count; return }
                i += 1
            }
            throw SyntaxError(line: line, reason: "unterminated construct, expected \(terminator)")
        }

        while i < n {
            if bytes[i] == UInt8(ascii: "<") {
                if starts("<!--") { i += 4; try skip(until: "-->"); continue }
                if starts("<?") || starts("<!") { i += 2; try skip(until: ">"); continue }
                let closing = i + 1 < n && bytes[i + 1] == UInt8(ascii: "/")
                i += closing ? 2 : 1
                let nameStart = i
                while i < n, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">"), bytes[i] != UInt8(ascii: "/") { i += 1 }
                let name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
                guard !name.isEmpty else { throw SyntaxError(line: line, reason: "empty tag name") }
                // Attributes (e.g. type_id="opencv-cascade-classifier") carry nothing we need.
                var selfClosing = false
                while i < n, bytes[i] != UInt8(ascii: ">") {
                    if bytes[i] == 10 { line += 1 }
                    if bytes[i] == UInt8(ascii: "/") { selfClosing = true }
                    if bytes[i] == UInt8(ascii: "\"") {
                        i += 1
                        while i < n, bytes[i] != UInt8(ascii: "\"") { i += 1 }
                    }
                    i += 1
                }
                guard i < n else { throw SyntaxError(line: line, reason: "unterminated tag <\(name)") }
                i += 1
                if closing {
                    guard let open = stack.popLast(), open.name == name else {
                        throw SyntaxError(line: line, reason: "unexpected </\(name)>")
                    }
                    if stack.isEmpty { root = open }
                } else {
                    let node = XMLElementNode(name: name)
                    if let parent = stack.last { parent.children.append(node) }
                    else if root != nil { throw SyntaxError(line: line, reason: "more than one root element") }
                    if selfClosing { if stack.isEmpty { root = node } } else { stack.append(node) }
                }
            } else {
                let start = i
                while i < n, bytes[i] != UInt8(ascii: "<") { if bytes[i] == 10 { line += 1 }; i += 1 }
                if let current = stack.last {
                    current.text += String(decoding: bytes[start..<i], as: UTF8.self)
                } else if bytes[start..<i].contains(where: { !isSpace($0) }) {
                    throw SyntaxError(line: line, reason: "text outside the root element")
                }
            }
        }
        guard stack.isEmpty else { throw SyntaxError(line: line, reason: "element <\(stack.last!.name)> is not closed") }
        guard let root else { throw SyntaxError(line: line, reason: "no root element") }
        return root
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
}
