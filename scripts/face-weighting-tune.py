#!/usr/bin/env python3
"""Tunes the face-weighting offsets with ffmpeg's addroi filter and vaprep's x264 settings on a 5 s window
of the generated face bench input (vaprep-bench prepare --cases h264-face-1080p30 --work-directory DIR makes it).

    FACE_INPUT=DIR/h264-face-1080p30-30s.mp4 python3 scripts/face-weighting-tune.py base -0.04,0.30 -0.06,0.24

Each argument is face,background[,crf]; prints MP4 bytes, face SSIM/PSNR (on the area the face covers all
window) and whole-frame SSIM. The box is the face's mean position, placed by hand (the input is synthetic).
"""
import subprocess, sys, re, os
src = os.environ.get("FACE_INPUT", ".build-benchinputs/h264-face-1080p30-30s.mp4")
W, H = 720, 1280
box = (205, 360, 283, 320)   # mean face box, output pixels (hand-measured on the generated input)
core = (240, 292, 226, 374)  # w h x y: area the face covers during the whole window
ref = "/tmp/tune-ref.y4m"
if not os.path.exists(ref):
    subprocess.run(["ffmpeg","-v","error","-y","-t","5","-i",src,"-vf",f"scale={W}:{H}:flags=bicubic,format=yuv420p","-f","yuv4mpegpipe",ref],check=True)
def regions(face, fm, bg, bm, rings):
    x,y,w,h = box
    def grown(m, q):
        l = max(0, int((x - w*m)//1)); t = max(0, int((y - h*m)//1))
        r = min(W, int(-(-(x + w*(1+m))//1))); b = min(H, int(-(-(y + h*(1+m))//1)))
        return (l, t, r-l, b-t, q)
    out = [grown(fm, face)]
    for k in range(rings):
        m = fm + (bm-fm)*(k+1)/rings; q = face + (bg-face)*(k+1)/(rings+1)
        out.append(grown(m, q))
    out.append((0,0,W,H,bg))
    return out
def run(tag, rois, crf=23):
    out = f"/tmp/tune-{tag}.mp4"
    vf = f"scale={W}:{H}:flags=bicublin"
    for (l,t,w,h,q) in rois: vf += f",addroi=x={l}:y={t}:w={w}:h={h}:qoffset={q:.4f}"
    subprocess.run(["ffmpeg","-v","error","-y","-ss","0","-t","5","-i",src,"-vf",vf,"-c:v","libx264","-preset","veryfast","-crf",str(crf),
        "-x264-params","sync-lookahead=0:me=dia:subme=1:partitions=i8x8,i4x4","-pix_fmt","yuv420p","-an",out],check=True)
    size = os.path.getsize(out)
    cw,ch,cx,cy = core
    def metric(filt, extra=""):
        lavfi = f"[0:v]{extra}format=yuv420p[o];[1:v]{extra}format=yuv420p[r];[o][r]{filt}"
        p = subprocess.run(["ffmpeg","-hide_banner","-nostats","-i",out,"-i",ref,"-lavfi",lavfi,"-f","null","-"],capture_output=True,text=True)
        return p.stderr
    crop = f"crop={cw}:{ch}:{cx}:{cy},"
    fs = float(re.search(r"All:([0-9.]+)", metric("ssim", crop)).group(1))
    fp = float(re.search(r"average:([0-9.inf]+)", metric("psnr", crop)).group(1))
    ws = float(re.search(r"All:([0-9.]+)", metric("ssim")).group(1))
    print(f"{tag:28s} bytes {size:9d} faceSSIM {fs:.5f} facePSNR {fp:.3f} wholeSSIM {ws:.5f}", flush=True)
    return size, fs
if __name__ == "__main__":
    for spec in sys.argv[1:]:
        if spec == "base": run("base", []); continue
        parts = [float(v) for v in spec.split(",")]
        face, bg = parts[0], parts[1]; crf = parts[2] if len(parts) > 2 else 23
        run(f"f{face}_b{bg}_c{crf}", regions(face, 0.15, bg, 0.6, 3), crf)
