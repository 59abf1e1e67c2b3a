#!/usr/bin/env python3
"""Writes structure-aware hostile media files for vaprep's media tests.

Usage: scripts/hostile-media.py OUTDIR [--big]

Small, valid base clips are made with the `ffmpeg` command line (64x64 H.264, 10 fps, 1 s);
their container structure is parsed (Matroska EBML, MP4 boxes, AVI chunks, FLV tags) and
written back with one lie each: huge, wrapping, unsorted or negative timestamps; absurd time
scales; zero or enormous sample durations; sample tables pointing past the end; edit lists;
huge declared dimensions; many streams; zero-length tracks; lying AVI and FLV headers.

Every file is named `<class>.<ext>`; `OUTDIR/manifest.txt` lists one `name<TAB>what it lies
about` per line. `--big` also writes three 8192x8192 MKVs (a flat grey picture, tens of KB per file;
the 8192x8192 encode takes several seconds), used by the probe memory measurement.
Nothing here is random: the same FFmpeg writes the same files.
"""
import os
import struct
import subprocess
import sys


def ffmpeg(args):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y"] + args, check=True)


def make_base(out, ext, extra=(), size="64x64", frames=10, codec=("-c:v", "libx264", "-g", "5", "-bf", "0"),
              source="testsrc"):
    path = os.path.join(out, f"_base{size}.{ext}")
    ffmpeg(["-f", "lavfi", "-i", f"{source}=size={size}:rate=10", "-frames:v", str(frames), *codec,
            "-pix_fmt", "yuv420p", *extra, path])
    with open(path, "rb") as f:
        data = f.read()
    os.remove(path)
    return data


# MARK: - Matroska (EBML)

def ebml_read_vint(d, i, keep_marker=False):
    first = d[i]
    length = 1
    mask = 0x80
    while length <= 8 and not (first & mask):
        mask >>= 1
        length += 1
    value = first if keep_marker else first & (mask - 1)
    for k in range(1, length):
        value = (value << 8) | d[i + k]
    return value, length


def ebml_parse(d, start=0, end=None):
    """[(id, payload bytes)] of the elements in d[start:end]; unknown sizes run to the end."""
    end = len(d) if end is None else end
    out, i = [], start
    while i < end:
        eid, n = ebml_read_vint(d, i, keep_marker=True)
        i += n
        size, m = ebml_read_vint(d, i)
        unknown = size == (1 << (7 * m)) - 1
        i += m
        stop = end if unknown else min(end, i + size)
        out.append((eid, d[i:stop]))
        i = stop
    return out


def ebml_id(eid):
    n = (eid.bit_length() + 7) // 8
    return eid.to_bytes(n, "big")


def ebml_size(n):
    return (n | (1 << 56)).to_bytes(8, "big")  # always 8 bytes: simple and valid


def el(eid, payload):
    return ebml_id(eid) + ebml_size(len(payload)) + payload


def uint(eid, value, width=8):
    return el(eid, (value & ((1 << (8 * width)) - 1)).to_bytes(width, "big"))


SEGMENT, CLUSTER, TIMESTAMP, SIMPLEBLOCK, TRACKS, INFO, TRACKENTRY = (
    0x18538067, 0x1F43B675, 0xE7, 0xA3, 0x1654AE6B, 0x1549A966, 0xAE)
VIDEO, PIXELWIDTH, PIXELHEIGHT, DURATION, TRACKNUMBER, TRACKUID = 0xE0, 0xB0, 0xBA, 0x4489, 0xD7, 0x73C5


class MKV:
    """The pieces of a one-track ffmpeg-made Matroska file, ready to be written back with lies."""

    def __init__(self, data):
        top = ebml_parse(data)
        self.header = el(*top[0])
        segment = ebml_parse(top[1][1])
        self.info = next(p for e, p in segment if e == INFO)
        self.track = next(p for e, p in ebml_parse(next(p for e, p in segment if e == TRACKS)) if e == TRACKENTRY)
        self.frames = []  # (block payload after the 2-byte timecode: flags + data)
        for eid, payload in segment:
            if eid != CLUSTER:
                continue
            for ceid, cp in ebml_parse(payload):
                if ceid == SIMPLEBLOCK:
                    _, n = ebml_read_vint(cp, 0)
                    self.frames.append(cp[n + 2:])

    def track_entry(self, number=1, width=None, height=None):
        parts = []
        for eid, p in ebml_parse(self.track):
            if eid == TRACKNUMBER:
                p = bytes([number])
            elif eid == TRACKUID:
                p = number.to_bytes(8, "big")
            elif eid == VIDEO and (width or height):
                video = []
                for veid, vp in ebml_parse(p):
                    if veid == PIXELWIDTH and width:
                        vp = width.to_bytes(4, "big")
                    elif veid == PIXELHEIGHT and height:
                        vp = height.to_bytes(4, "big")
                    video.append(el(veid, vp))
                p = b"".join(video)
            parts.append(el(eid, p))
        return el(TRACKENTRY, b"".join(parts))

    def write(self, clusters, tracks=1, width=None, height=None, duration_ms=None, frames=None):
        """clusters: [(cluster timestamp (uint64), [(relative int16 timecode, frame index)])]."""
        frames = frames or self.frames
        info = []
        for eid, p in ebml_parse(self.info):
            if eid == DURATION:
                if duration_ms is None:
                    continue  # no declared duration: the demuxer must find the end itself
                p = struct.pack(">d", duration_ms)
            info.append(el(eid, p))
        entries = b"".join(self.track_entry(n + 1, width, height) for n in range(tracks))
        body = el(INFO, b"".join(info)) + el(TRACKS, entries)
        for stamp, blocks in clusters:
            cluster = uint(TIMESTAMP, stamp)
            for relative, index in blocks:
                for track in range(tracks):
                    block = bytes([0x81 + track]) + struct.pack(">h", relative) + frames[index % len(frames)]
                    cluster += el(SIMPLEBLOCK, block)
            body += el(CLUSTER, cluster)
        return self.header + el(SEGMENT, body)


def matroska(out, big):
    mkv = MKV(make_base(out, "mkv"))
    n = len(mkv.frames)
    one_each = lambda stamps: [(s, [(0, i)]) for i, s in enumerate(stamps)]
    # The timestamp lies keep an honest 6 s duration in the header, so that a pre-check or a
    # prepare gets as far as decoding instead of stopping at a clip too short.
    long = MKV(make_base(out, "mkv", frames=60))
    long_each = lambda stamps: long.write([(s, [(0, i)]) for i, s in enumerate(stamps)], duration_ms=6000)
    files = {
        "mkv-cluster-2p62": (long_each([(1 << 62) + 100 * i for i in range(60)]),
                             "cluster timestamps around 2^62 (legal uint64)"),
        "mkv-cluster-b000": (long_each([0xB000_0000_0000_0000 + 100 * i for i in range(60)]),
                             "cluster timestamps 0xB000... (negative as int64)"),
        "mkv-cluster-mixed": (long_each([0xB000_0000_0000_0000 if i % 2 == 0 else (1 << 62) + 100 * i
                                        for i in range(60)]),
                              "cluster timestamps alternating 0xB000... and 2^62: differences overflow int64"),
        "mkv-cluster-wrap": (long_each([(1 << 63) - 150 + 100 * i for i in range(60)]),
                             "cluster timestamps wrapping past 2^63"),
        "mkv-cluster-unsorted": (mkv.write(one_each([((i * 7919) % n) * 100 for i in range(n)])),
                                 "cluster timestamps out of order"),
        "mkv-block-negative": (mkv.write([(0, [(-32768 + 1000 * i, i) for i in range(n)])]),
                               "negative block timecodes before the cluster start"),
        "mkv-cluster-max-then-zero": (long_each([0xFFFF_FFFF_FFFF_FFFF if i == 0 else 100 * i for i in range(60)]),
                                      "first cluster at 2^64-1, then from zero"),
        "mkv-declared-8192": (mkv.write(one_each([100 * i for i in range(n)]), width=8192, height=8192),
                              "header declares 8192x8192, stream is 64x64"),
        "mkv-declared-65535x1": (mkv.write(one_each([100 * i for i in range(n)]), width=65535, height=1),
                                 "header declares 65535x1"),
        "mkv-40-tracks": (mkv.write(one_each([100 * i for i in range(n)]), tracks=40), "40 video tracks"),
        "mkv-3ms-3000-frames": (mkv.write([(0, [(i % 4, i) for i in range(3000)])], duration_ms=30,
                                          frames=mkv.frames), "declares 0.03 s, carries 3000 frames"),
        "mkv-all-same-time": (mkv.write([(0, [(0, i) for i in range(n)])]), "every frame at t=0"),
    }
    if big:
        # A flat grey picture: 8192x8192 frames of a few KB, like a crafted file would carry.
        big_mkv = MKV(make_base(out, "mkv", size="8192x8192", frames=10, source="color",
                                codec=("-c:v", "libx264", "-preset", "ultrafast", "-g", "100")))
        three = [(100 * i, [(0, i)]) for i in range(len(big_mkv.frames))]
        files["big-mkv-8192"] = (big_mkv.write(three), "8192x8192 H.264 frames (a real lying size)")
        files["big-mkv-8192x3"] = (big_mkv.write(three, tracks=3), "the 8192x8192 stream three times")
        files["big-mkv-8192-declared-64"] = (big_mkv.write(three, width=64, height=64),
                                             "header declares 64x64, the bitstream is 8192x8192")
    return {k + ".mkv": v for k, v in files.items()}


# MARK: - MP4 (ISO BMFF boxes)

CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"udta", b"mvex"}


def boxes(d):
    out, i = [], 0
    while i + 8 <= len(d):
        size, kind = struct.unpack(">I4s", d[i:i + 8])
        if size < 8 or i + size > len(d):
            size = len(d) - i
        body = d[i + 8:i + size]
        out.append([kind, boxes(body) if kind in CONTAINERS else bytearray(body)])
        i += size
    return out


def serialize(tree):
    out = b""
    for kind, body in tree:
        payload = serialize(body) if isinstance(body, list) else bytes(body)
        out += struct.pack(">I4s", 8 + len(payload), kind) + payload
    return out


def find(tree, path):
    """Every box at `path` (e.g. "moov/trak/mdia/mdhd")."""
    head, _, rest = path.partition("/")
    hits = [b for b in tree if b[0] == head.encode()]
    if not rest:
        return hits
    return [h for b in hits for h in find(b[1], rest)]


def full_box_version(body):
    return body[0]


def set_mdhd_timescale(body, timescale, duration=None):
    v = full_box_version(body)
    ts_at = 4 + (16 if v == 1 else 8)
    body[ts_at:ts_at + 4] = struct.pack(">I", timescale)
    if duration is not None:
        if v == 1:
            body[ts_at + 4:ts_at + 12] = struct.pack(">Q", duration)
        else:
            body[ts_at + 4:ts_at + 8] = struct.pack(">I", duration & 0xFFFFFFFF)


def set_stts(body, entries):
    body[4:] = struct.pack(">I", len(entries)) + b"".join(struct.pack(">II", c, d) for c, d in entries)


def stts_count(body):
    (entries,) = struct.unpack(">I", body[4:8])
    return sum(struct.unpack(">II", body[8 + 8 * k:16 + 8 * k])[0] for k in range(entries))


def mp4(out):
    base = make_base(out, "mp4")
    long_base = make_base(out, "mp4", frames=60)
    results = {}

    def variant(name, what, change, source=None):
        tree = boxes(source or base)
        change(tree)
        results[name + ".mp4"] = (serialize(tree), what)

    def first(tree, path):
        return find(tree, path)[0][1]

    def timescale_max(tree):
        # A 90° display matrix too, so that no profile can pass the clip through untouched:
        # it must be decoded and re-encoded, where the frame rate reaches the encoder.
        tkhd = first(tree, "moov/trak/tkhd")
        at = 52 if tkhd[0] == 1 else 40
        tkhd[at:at + 36] = struct.pack(">9i", 0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000)
        n = stts_count(first(tree, "moov/trak/mdia/minf/stbl/stts"))
        set_mdhd_timescale(first(tree, "moov/trak/mdia/mdhd"), 0x7FFFFFFF, n)
        set_stts(first(tree, "moov/trak/mdia/minf/stbl/stts"), [(n, 1)])
    variant("mp4-timescale-2p31-1tick", "time scale 2^31-1, 1-tick samples (2147483647 fps), 6 s movie header, rotated 90°",
            timescale_max, long_base)

    def timescale_zero(tree):
        set_mdhd_timescale(first(tree, "moov/trak/mdia/mdhd"), 0)
    variant("mp4-timescale-zero", "media time scale 0", timescale_zero)

    def timescale_one(tree):
        n = stts_count(first(tree, "moov/trak/mdia/minf/stbl/stts"))
        set_mdhd_timescale(first(tree, "moov/trak/mdia/mdhd"), 1, n * 0xFFFFFFFF)
        set_stts(first(tree, "moov/trak/mdia/minf/stbl/stts"), [(n, 0xFFFFFFFF)])
    variant("mp4-durations-enormous", "time scale 1, every sample 2^32-1 s", timescale_one)

    def zero_durations(tree):
        n = stts_count(first(tree, "moov/trak/mdia/minf/stbl/stts"))
        set_stts(first(tree, "moov/trak/mdia/minf/stbl/stts"), [(n, 0)])
    variant("mp4-durations-zero", "every sample lasts 0 ticks", zero_durations)

    def stco_past_end(tree):
        stco = first(tree, "moov/trak/mdia/minf/stbl/stco")
        (count,) = struct.unpack(">I", stco[4:8])
        for k in range(count):
            stco[8 + 4 * k:12 + 4 * k] = struct.pack(">I", 0x7FFF0000 + 4096 * k)
    variant("mp4-chunks-past-end", "chunk offsets 2 GB past the end of the file", stco_past_end)

    def stsz_huge(tree):
        stsz = first(tree, "moov/trak/mdia/minf/stbl/stsz")
        (count,) = struct.unpack(">I", stsz[8:12])
        stsz[4:8] = struct.pack(">I", 0)
        for k in range(count):
            stsz[12 + 4 * k:16 + 4 * k] = struct.pack(">I", 0x7FFFFFF0)
    variant("mp4-samples-huge", "every sample declared 2 GB long", stsz_huge)

    def edit_list(entries):
        def change(tree):
            trak = find(tree, "moov/trak")[0][1]
            body = struct.pack(">II", 0, len(entries)) + b"".join(
                struct.pack(">Iih", dur, media, 1) + b"\0\0" for dur, media in entries)
            trak[:] = [b for b in trak if b[0] != b"edts"]
            trak.insert(1, [b"edts", [[b"elst", bytearray(body)]]])
        return change
    variant("mp4-edit-huge-start", "edit list starting 2^31-1 ticks into the media", edit_list([(1000, 0x7FFFFFFF)]))
    variant("mp4-edit-negative", "edit list with media time -2^31 (not the -1 of an empty edit)",
            edit_list([(1000, -0x80000000)]))
    variant("mp4-edit-many", "500 one-tick edits over the same media", edit_list([(1, k % 10) for k in range(500)]))
    variant("mp4-edit-empty-huge", "an empty edit of 2^32-1 movie ticks first", edit_list([(0xFFFFFFFF, -1), (1000, 0)]))

    def dims(w, h):
        def change(tree):
            tkhd = first(tree, "moov/trak/tkhd")
            tkhd[-8:] = struct.pack(">II", w << 16, h << 16)
            stsd = first(tree, "moov/trak/mdia/minf/stbl/stsd")
            # stsd: version/flags, count, then the avc1 entry: size, type, 6 reserved, dref index,
            # 16 bytes pre_defined/reserved, width, height.
            at = 8 + 8 + 8 + 16
            stsd[at:at + 4] = struct.pack(">HH", w, h)
        return change
    variant("mp4-dims-65535", "tkhd and avc1 declare 65535x65535", dims(65535, 65535))
    variant("mp4-dims-zero", "tkhd and avc1 declare 0x0", dims(0, 0))

    def many_tracks(tree):
        moov = find(tree, "moov")[0][1]
        trak = find(tree, "moov/trak")[0]
        for k in range(2, 42):
            copy = boxes(serialize([trak]))[0]
            tkhd = find(copy[1], "tkhd")[0][1]
            at = 4 + (16 if tkhd[0] == 1 else 8)
            tkhd[at:at + 4] = struct.pack(">I", k)
            moov.append(copy)
    variant("mp4-41-tracks", "the video track 41 times", many_tracks)

    def zero_length(tree):
        stbl = first(tree, "moov/trak/mdia/minf/stbl")
        for kind, body in stbl:
            if kind in (b"stts", b"stsc", b"stco", b"stss", b"ctts"):
                body[4:] = struct.pack(">I", 0)
            elif kind == b"stsz":
                body[4:] = struct.pack(">II", 0, 0)
        set_mdhd_timescale(first(tree, "moov/trak/mdia/mdhd"), 10240, 0)
    variant("mp4-zero-length-track", "a video track with no samples", zero_length)

    def stsc_lie(tree):
        stsc = first(tree, "moov/trak/mdia/minf/stbl/stsc")
        stsc[4:] = struct.pack(">IIII", 1, 1, 0xFFFFFFFF, 1)
    variant("mp4-stsc-huge", "2^32-1 samples per chunk", stsc_lie)
    return results


# MARK: - AVI and FLV (in-place lies)

def avi(out):
    base = bytearray(make_base(out, "avi", codec=("-c:v", "mpeg4", "-g", "5")))
    results = {}

    def variant(name, what, change):
        d = bytearray(base)
        change(d)
        results[name + ".avi"] = (bytes(d), what)

    avih = base.index(b"avih") + 8   # MainAVIHeader
    strh = base.index(b"strh") + 8   # AVIStreamHeader: type, handler, flags, prio+lang, initial, scale, rate, start, length
    strf = base.index(b"strf") + 8   # BITMAPINFOHEADER: size, width, height

    def put(d, at, fmt, *values):
        d[at:at + struct.calcsize(fmt)] = struct.pack(fmt, *values)
    variant("avi-zero-rate", "stream scale and rate 0", lambda d: put(d, strh + 20, "<II", 0, 0))
    variant("avi-rate-12800", "a rate of 12800 fps", lambda d: put(d, strh + 20, "<II", 1, 12800))
    variant("avi-rate-2p32", "rate 2^32-1 / scale 1", lambda d: put(d, strh + 20, "<II", 1, 0xFFFFFFFF))
    variant("avi-dims-huge", "avih and strf declare 32768x32768",
            lambda d: (put(d, avih + 32, "<II", 32768, 32768), put(d, strf + 4, "<ii", 32768, 32768)))
    variant("avi-dims-negative", "strf declares -64x-2147483648", lambda d: put(d, strf + 4, "<ii", -64, -0x80000000))
    variant("avi-frames-huge", "avih and strh declare 2^32-1 frames",
            lambda d: (put(d, avih + 16, "<I", 0xFFFFFFFF), put(d, strh + 32, "<I", 0xFFFFFFFF)))
    variant("avi-streams-huge", "avih declares 2^31 streams", lambda d: put(d, avih + 24, "<I", 0x80000000))

    def index_past_end(d):
        at = d.rfind(b"idx1")
        if at < 0:
            return
        size = struct.unpack("<I", d[at + 4:at + 8])[0]
        for k in range(size // 16):
            e = at + 8 + 16 * k
            put(d, e + 8, "<I", 0x7FFF0000 + k)
    variant("avi-index-past-end", "idx1 entries point 2 GB past the end", index_past_end)
    variant("avi-zeroed-header", "the whole avih zeroed",
            lambda d: d.__setitem__(slice(avih, avih + 56), bytes(56)))
    return results


def flv(out):
    base = bytearray(make_base(out, "flv"))
    results = {}

    def tags(d):
        i = 13
        while i + 11 <= len(d):
            kind = d[i]
            size = int.from_bytes(d[i + 1:i + 4], "big")
            yield i, kind, size
            i += 11 + size + 4

    def variant(name, what, change):
        d = bytearray(base)
        change(d)
        results[name + ".flv"] = (bytes(d), what)

    def set_stamp(d, at, ms):
        d[at + 4:at + 7] = (ms & 0xFFFFFF).to_bytes(3, "big")
        d[at + 7] = (ms >> 24) & 0xFF

    def stamps(f):
        def change(d):
            for n, (at, kind, _) in enumerate(t for t in tags(d) if t[1] == 9):
                set_stamp(d, at, f(n))
        return change
    variant("flv-stamps-max", "tag timestamps near 2^32 ms", stamps(lambda n: 0xFFFFFF00 + n))
    variant("flv-stamps-backwards", "tag timestamps running backwards", stamps(lambda n: 100000 - 1000 * n))
    variant("flv-stamps-wrap", "tag timestamps wrapping at 2^32 ms", stamps(lambda n: (0xFFFFFFF0 + 10 * n) & 0xFFFFFFFF))

    def metadata(key, value):
        def change(d):
            at = d.find(key)
            if at >= 0 and d[at + len(key)] == 0:
                d[at + len(key) + 1:at + len(key) + 9] = struct.pack(">d", value)
        return change
    variant("flv-meta-width-huge", "onMetaData width/height 1e308",
            lambda d: (metadata(b"width", 1e308)(d), metadata(b"height", 1e308)(d)))
    variant("flv-meta-fps-nan", "onMetaData framerate NaN, duration -inf",
            lambda d: (metadata(b"framerate", float("nan"))(d), metadata(b"duration", float("-inf"))(d)))
    variant("flv-meta-duration-huge", "onMetaData duration 1e300 s", metadata(b"duration", 1e300))
    return results


def main():
    out = sys.argv[1]
    big = "--big" in sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    files = {}
    for make in (lambda: matroska(out, big), lambda: mp4(out), lambda: avi(out), lambda: flv(out)):
        files.update(make())
    with open(os.path.join(out, "manifest.txt"), "w") as manifest:
        for name, (data, what) in sorted(files.items()):
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
            manifest.write(f"{name}\t{what}\n")


if __name__ == "__main__":
    main()
