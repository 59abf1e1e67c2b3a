#!/usr/bin/env python3
"""Tunes the face-weighting offsets and the face-aware output size with ffmpeg's addroi filter and
vaprep's x264 settings on a 5 s window of a face clip (default: the generated face bench input,
`vaprep-bench prepare --cases h264-face-1080p30 --work-directory DIR` makes it).

    FACE_INPUT=DIR/h264-face-1080p30-30s.mp4 python3 scripts/face-weighting-tune.py base -0.04,0.30 -0.04,0.30,23,0.75

Each argument is face,background[,crf[,scale]]; `scale` (default 1) shrinks the output picture. Prints MP4
bytes, face SSIM/PSNR (on the area the face covers all window) and whole-frame SSIM. Every encode is measured
at today's output size: a smaller output is scaled back up (bicubic) before it is compared, so the metric
sees the detail the shrink lost; the reference is never shrunk.

Another clip: FACE_INPUT=clip.mp4 FACE_SIZE=480x640 FACE_BOX=x,y,w,h (fractions of the displayed picture,
e.g. the first sample of `vaprep prepare --json`'s plan.transcode.faceWeighting.track); the face SSIM is then
measured on the box shrunk by 10 % on every side. FACE_SECONDS sets the window (default 5).
"""
import subprocess, sys, re, os
src = os.environ.get("FACE_INPUT", ".build-benchinputs/h264-face-1080p30-30s.mp4")
W, H = (int(v) for v in os.environ.get("FACE_SIZE", "720x1280").split("x"))
seconds = os.environ.get("FACE_SECONDS", "5")
if "FACE_BOX" in os.environ:
    fx, fy, fw, fh = (float(v) for v in os.environ["FACE_BOX"].split(","))
    box = (fx * W, fy * H, fw * W, fh * H)
    core = (int(fw * W * 0.8) // 2 * 2, int(fh * H * 0.8) // 2 * 2, int((fx + fw * 0.1) * W) // 2 * 2, int((fy + fh * 0.1) * H) // 2 * 2)
else:
    box = (205, 360, 283, 320)   # mean face box, output pixels (hand-measured on the generated input)
    core = (240, 292, 226, 374)  # w h x y: area the face covers during the whole window
tag0 = os.path.splitext(os.path.basename(src))[0]
ref = f"/tmp/tune-ref-{tag0}-{W}x{H}.y4m"
if not os.path.exists(ref):
    subprocess.run(["ffmpeg","-v","error","-y","-t",seconds,"-i",src,"-vf",f"scale={W}:{H}:flags=bicubic,format=yuv420p","-f","yuv4mpegpipe",ref],check=True)
def regions(face, fm, bg, bm, rings, s=1.0):
    x,y,w,h = (v * s for v in box)
    OW, OH = int(W * s) // 2 * 2, int(H * s) // 2 * 2
    def grown(m, q):
        l = max(0, int((x - w*m)//1)); t = max(0, int((y - h*m)//1))
        r = min(OW, int(-(-(x + w*(1+m))//1))); b = min(OH, int(-(-(y + h*(1+m))//1)))
        return (l, t, r-l, b-t, q)
    out = [grown(fm, face)]
    for k in range(rings):
        m = fm + (bm-fm)*(k+1)/rings; q = face + (bg-face)*(k+1)/(rings+1)
        out.append(grown(m, q))
    out.append((0,0,OW,OH,bg))
    return out
def run(tag, rois, crf=23, s=1.0):
    out = f"/tmp/tune-{tag0}-{tag}.mp4"
    OW, OH = int(W * s) // 2 * 2, int(H * s) // 2 * 2
    vf = f"scale={OW}:{OH}:flags=bicublin"
    for (l,t,w,h,q) in rois: vf += f",addroi=x={l}:y={t}:w={w}:h={h}:qoffset={q:.4f}"
    subprocess.run(["ffmpeg","-v","error","-y","-ss","0","-t",seconds,"-i",src,"-vf",vf,"-c:v","libx264","-preset","veryfast","-crf",str(crf),
        "-x264-params","sync-lookahead=0:me=dia:subme=1:partitions=i8x8,i4x4","-pix_fmt","yuv420p","-an",out],check=True)
    size = os.path.getsize(out)
    cw,ch,cx,cy = core
    def metric(filt, extra=""):
        lavfi = f"[0:v]scale={W}:{H}:flags=bicubic,{extra}format=yuv420p[o];[1:v]{extra}format=yuv420p[r];[o][r]{filt}"
        p = subprocess.run(["ffmpeg","-hide_banner","-nostats","-i",out,"-i",ref,"-lavfi",lavfi,"-f","null","-"],capture_output=True,text=True)
        return p.stderr
    crop = f"crop={cw}:{ch}:{cx}:{cy},"
    fs = float(re.search(r"All:([0-9.]+)", metric("ssim", crop)).group(1))
    fp = float(re.search(r"average:([0-9.inf]+)", metric("psnr", crop)).group(1))
    ws = float(re.search(r"All:([0-9.]+)", metric("ssim")).group(1))
    print(f"{tag0} {tag:28s} {OW}x{OH} faceW {box[2]*s:5.0f}px bytes {size:9d} faceSSIM {fs:.5f} facePSNR {fp:.3f} wholeSSIM {ws:.5f}", flush=True)
    return size, fs
if __name__ == "__main__":
    for spec in sys.argv[1:]:
        if spec == "base": run("base", []); continue
        parts = [float(v) for v in spec.split(",")]
        face, bg = parts[0], parts[1]; crf = parts[2] if len(parts) > 2 else 23; s = parts[3] if len(parts) > 3 else 1.0
        run(f"f{face}_b{bg}_c{crf}_s{s}", regions(face, 0.15, bg, 0.6, 3, s), crf, s)
