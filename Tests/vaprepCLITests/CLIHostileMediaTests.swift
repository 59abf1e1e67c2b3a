import Foundation
import Testing
import VAPrepTestSupport

/// The command line on crafted media: the two files that used to kill the process with an
/// arithmetic trap (exit 132), a corrupt transcode and a cut upload all exit 3 (input problem).
@Suite("CLI on hostile media", .enabled(if: HostileMedia.available, "needs python3 and ffmpeg"))
struct CLIHostileMediaTests {
    static func generate() throws -> URL { try HostileMedia.generate() }

    @Test("probing a lying 8192x8192 header (one stream, three streams, a 64x64 claim) stays under 150 MB and 1 s",
          .enabled(if: Tool.time.isAvailable))
    func boundedProbe() throws {
        let folder = try HostileMedia.generate(big: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["big-mkv-8192.mkv", "big-mkv-8192x3.mkv", "big-mkv-8192-declared-64.mkv"] {
            let path = folder.appendingPathComponent(name).path
            let report = folder.appendingPathComponent("time.txt").path
            let timed = try Tool.time.run(["-f", "%e %M", "-o", report, Tool.vaprep.url.path, "probe", path])
            #expect(timed.exitCode == 3, "\(name)")
            let fields = try String(contentsOfFile: report, encoding: .utf8).split(whereSeparator: \.isWhitespace)
            let seconds = Double(fields[fields.count - 2]) ?? .infinity
            let peakKB = Int(fields[fields.count - 1]) ?? .max
            #expect(peakKB < 150 * 1024, "\(name): peak \(peakKB) KB")
            // Under a sanitizer the instrumented vaprep is several times slower (see `Sanitizer`).
            if Sanitizer.current == nil { #expect(seconds < 1, "\(name): \(seconds) s") }
        }
    }

    @Test("the former traps and a corrupt transcode exit 3 with a message about the file")
    func exitThree() throws {
        let folder = try Self.generate()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mixed = folder.appendingPathComponent("mkv-cluster-mixed.mkv").path
        let tick = folder.appendingPathComponent("mp4-timescale-2p31-1tick.mp4").path
        let out = folder.appendingPathComponent("out.mp4").path
        for arguments in [["check", mixed], ["prepare", "--start", "0", "-o", out, mixed],
                          ["prepare", "--profile", "baidu", "-o", out, tick]] {
            let result = try Tool.vaprep.run(arguments)
            #expect(result.exitCode == 3, "\(arguments): \(result.exitCode) \(result.stderr)")
            #expect(result.stderr.contains("damaged"), "\(arguments): \(result.stderr)")
        }
    }

    @Test("a cut upload (moov first, 40 % of the bytes) exits 3 saying it was cut short")
    func cutUpload() throws {
        let folder = try Self.generate()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: TestData.path("live.mp4")))
        let cut = folder.appendingPathComponent("cut.mp4")
        try bytes.prefix(bytes.count * 4 / 10).write(to: cut)
        for arguments in [["probe", cut.path], ["prepare", "-o", folder.appendingPathComponent("o.mp4").path, cut.path]] {
            let result = try Tool.vaprep.run(arguments)
            #expect(result.exitCode == 3, "\(arguments): \(result.exitCode) \(result.stderr)")
            #expect(result.stderr.contains("cut short during upload"), "\(arguments): \(result.stderr)")
        }
    }
}
