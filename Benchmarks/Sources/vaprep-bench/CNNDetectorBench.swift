import ArgumentParser
import Foundation
import VAPrepCheck

/// The CNN face detector's rows of `vaprep-bench precheck`: per frame, our BlazeFace (AVX2 and
/// scalar kernels), mediapipe's own `FaceDetection` (the oracle) and the cascade the CNN replaces,
/// in the same run, on one core.
///
/// mediapipe runs in a Python child pinned to CPU 0 (`taskset -c 0`, so TFLite's thread pool gets one
/// core) that times `FaceDetection.process()` itself: interpreter start-up is not counted, but
/// mediapipe's graph scheduling is, because that is what a caller of mediapipe pays. Rounds
/// alternate ours and mediapipe so both meet the same load. Both must find the same faces within 1 px.
struct CNNDetectorBench {
    var python: String
    var repetitions: Int
    var warmup: Int
    var rounds: Int

    static let script = PrecheckBench.repositoryRoot.path + "/scripts/mediapipe-reference.py"

    func run(frames: [String], into report: inout BenchReport) throws {
        let detector = BlazeFaceDetector()
        let cascade = try FaceDetector()
        for path in frames {
            let image = try GrayImage(pgmAt: path)
            let name = "\(URL(fileURLWithPath: path).lastPathComponent) \(image.width)x\(image.height)"
            let minFace = Int(Double(min(image.width, image.height)) * PreCheckThresholds.standard.detectMinFaceFraction)
            let perRound = max(1, repetitions / rounds)
            var samples: [String: [Double]] = [:]
            var ours: [FaceBox] = [], theirs: [[Double]] = []
            for round in 0..<rounds {
                let warm = round == 0 ? warmup : 0
                for kernel in FaceNetKernel.allCases where kernel.isSupported {
                    FaceNetKernel.use(kernel)
                    samples["cnn-\(kernel)", default: []] += measure(repetitions: perRound, warmup: warm) {
                        ours = detector.detect(in: image)
                    }.samples
                }
                FaceNetKernel.use(nil)
                samples["cnn-precheck", default: []] += measure(repetitions: perRound, warmup: warm) {
                    _ = detector.faces(in: image, minFaceSide: minFace)
                }.samples
                samples["cascade-lbp", default: []] += measure(repetitions: perRound, warmup: warm) {
                    _ = cascade.faces(in: image, minFaceSide: minFace)
                }.samples
                let (times, faces) = try mediapipe(image: path, repetitions: perRound, warmup: warm)
                samples["mediapipe", default: []] += times
                theirs = faces
            }
            try check(ours: ours, theirs: theirs, image: image, name: name)
            for (impl, values) in samples.sorted(by: { $0.key < $1.key }) {
                report.addTime(case: name, impl: impl, stats: Stats(samples: values))
            }
            let cnn = Stats(samples: samples["cnn-\(FaceNetKernel.active)"] ?? []).median
            report.addRatio(case: name, metric: "median cnn/cascade", value: cnn / Stats(samples: samples["cascade-lbp"]!).median)
            report.addRatio(case: name, metric: "median cnn/mediapipe", value: cnn / Stats(samples: samples["mediapipe"]!).median)
        }
    }

    /// Same faces as mediapipe, within 1 px, or the timing compares different work.
    private func check(ours: [FaceBox], theirs: [[Double]], image: GrayImage, name: String) throws {
        let w = Double(image.width), h = Double(image.height)
        let a = ours.sorted(), b = theirs.map { [$0[0] * w, $0[1] * h, $0[2] * w, $0[3] * h] }.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
        guard a.count == b.count, zip(a, b).allSatisfy({ f, r in
            zip([f.x, f.y, f.width, f.height].map(Double.init), r).allSatisfy { abs($0 - $1) <= 1 }
        }) else {
            throw ValidationError("\(name): faces differ: ours \(a) mediapipe \(b)")
        }
    }

    /// Times mediapipe in a child Python pinned to one core; per-call seconds and the last call's boxes.
    private func mediapipe(image: String, repetitions: Int, warmup: Int) throws -> ([Double], [[Double]]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        process.arguments = ["-c", "0", python, Self.script, "--time", image, String(repetitions), String(warmup)]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw ValidationError("cannot run \(python): \(error). Install mediapipe: python3 -m venv /tmp/mpenv && /tmp/mpenv/bin/pip install -r scripts/mediapipe-reference.requirements.txt")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let times = object["times"] as? [Double], let faces = object["faces"] as? [[String: Any]] else {
            throw ValidationError("mediapipe timing failed (exit \(process.terminationStatus)): \(String(decoding: data, as: UTF8.self))")
        }
        return (times, faces.compactMap { $0["box"] as? [Double] })
    }
}
