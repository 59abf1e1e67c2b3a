import Foundation
import Testing
@testable import VAPrepMedia
import VAPrepTestSupport

/// What each committed clip is (testdata/make-testdata.sh made them; README's facts table).
struct ClipFacts: Sendable, CustomTestStringConvertible {
    var file: String
    var codec: String
    var pixelFormat: String
    var bitDepth: Int
    var stored: (Int, Int)
    var rotation: Int
    var displayed: (Int, Int)
    var fps: Double
    var duration: Double
    var hdr: Bool
    var audio: Bool
    var testDescription: String { file }
}

@Suite("Probe")
struct ProbeTests {
    static let clips: [ClipFacts] = [
        .init(file: "live.mp4", codec: "h264", pixelFormat: "yuv420p", bitDepth: 8, stored: (720, 1280), rotation: 0,
              displayed: (720, 1280), fps: 30, duration: 5, hdr: false, audio: false),
        .init(file: "replay.mp4", codec: "h264", pixelFormat: "yuv420p", bitDepth: 8, stored: (360, 640), rotation: 0,
              displayed: (360, 640), fps: 30, duration: 4, hdr: false, audio: false),
        .init(file: "dark.mp4", codec: "h264", pixelFormat: "yuv420p", bitDepth: 8, stored: (360, 640), rotation: 0,
              displayed: (360, 640), fps: 30, duration: 3, hdr: false, audio: false),
        .init(file: "bright.mp4", codec: "h264", pixelFormat: "yuv420p", bitDepth: 8, stored: (360, 640), rotation: 0,
              displayed: (360, 640), fps: 30, duration: 3, hdr: false, audio: false),
        .init(file: "blurred.mp4", codec: "h264", pixelFormat: "yuv420p", bitDepth: 8, stored: (360, 640), rotation: 0,
              displayed: (360, 640), fps: 30, duration: 3, hdr: false, audio: false),
        .init(file: "black.mp4", codec: "h264", pixelFormat: "yuv420p", bitDepth: 8, stored: (360, 640), rotation: 0,
              displayed: (360, 640), fps: 30, duration: 2, hdr: false, audio: false),
        .init(file: "noface.mp4", codec: "h264", pixelFormat: "yuv420p", bitDepth: 8, stored: (360, 640), rotation: 0,
              displayed: (360, 640), fps: 30, duration: 2, hdr: false, audio: false),
        .init(file: "rotated.mp4", codec: "h264", pixelFormat: "yuv420p", bitDepth: 8, stored: (640, 360), rotation: 90,
              displayed: (360, 640), fps: 30, duration: 3, hdr: false, audio: false),
        .init(file: "hevc-hlg.mov", codec: "hevc", pixelFormat: "yuv420p10le", bitDepth: 10, stored: (360, 640), rotation: 0,
              displayed: (360, 640), fps: 60, duration: 2, hdr: true, audio: true),
        .init(file: "megamind.avi", codec: "mpeg4", pixelFormat: "yuv420p", bitDepth: 8, stored: (720, 528), rotation: 0,
              displayed: (720, 528), fps: 2997.0 / 125, duration: 2.528, hdr: false, audio: true),
    ]

    @Test("probe gives the exact facts of each test clip", arguments: clips)
    func facts(_ clip: ClipFacts) async throws {
        let info = try await MediaProbe.probe(path: TestData.path(clip.file))
        let video = info.video
        #expect(video.codec == clip.codec)
        #expect(video.pixelFormat == clip.pixelFormat)
        #expect(video.bitDepth == clip.bitDepth)
        #expect(video.chromaSubsampling == "4:2:0")
        #expect(video.width == clip.stored.0 && video.height == clip.stored.1)
        #expect(video.rotation == clip.rotation && !video.flipped)
        #expect(video.displayWidth == clip.displayed.0 && video.displayHeight == clip.displayed.1)
        #expect(abs(video.fps - clip.fps) < 0.001)
        #expect(abs(info.durationSeconds - clip.duration) <= 1 / clip.fps, "duration \(info.durationSeconds)")
        #expect(video.hdr == clip.hdr)
        #expect(info.audio.isEmpty == !clip.audio)
        #expect(info.sizeBytes == (try FileManager.default.attributesOfItem(atPath: TestData.path(clip.file))[.size] as? Int64))
        #expect((info.bitRate ?? 0) > 0)
        if let frames = video.frameCount {
            #expect(abs(Double(frames) - clip.duration * clip.fps) <= 1)
        }
    }

    @Test("the HLG clip reports its colour description, profile and audio")
    func hlgDetails() async throws {
        let info = try await MediaProbe.probe(path: TestData.path("hevc-hlg.mov"))
        #expect(info.format == "mov,mp4,m4a,3gp,3g2,mj2")
        #expect(info.video.profile == "Main 10")
        #expect(info.video.colorTransfer == "arib-std-b67")
        #expect(info.video.colorPrimaries == "bt2020")
        #expect(info.video.colorMatrix == "bt2020nc")
        #expect(info.audio == [AudioStreamInfo(codec: "aac", channels: 2, sampleRate: 48000)])
    }

    @Test("an SDR clip has no colour transfer to report and is not HDR")
    func sdrDetails() async throws {
        let info = try await MediaProbe.probe(path: TestData.path("live.mp4"))
        #expect(info.video.profile == "High")
        #expect(info.video.colorTransfer == nil && !info.video.hdr)
        #expect(info.video.realFps == 30)
    }

    @Test("MediaInfo encodes every documented JSON key (null when unknown) and decodes back",
          arguments: ["hevc-hlg.mov", "live.mp4"])
    func jsonKeys(file: String) async throws {
        let info = try await MediaProbe.probe(path: TestData.path(file))
        let data = try JSONEncoder().encode(info)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["format", "durationSeconds", "sizeBytes", "bitRate", "video", "audio"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let video = try #require(object["video"] as? [String: Any])
        for key in ["codec", "profile", "pixelFormat", "bitDepth", "width", "height", "rotation", "displayWidth",
                    "displayHeight", "fps", "frameCount", "colorTransfer", "hdr"] {
            #expect(video[key] != nil, "missing video.\(key)")
        }
        if let audio = (object["audio"] as? [[String: Any]])?.first {
            #expect(Set(audio.keys) == ["codec", "channels", "sampleRate"])
        }
        #expect(try JSONDecoder().decode(MediaInfo.self, from: data) == info)
    }
}
