#!/usr/bin/env bash
# Regenerates every committed clip under testdata/ from ../shared/media with the ffmpeg CLI.
# Tests never run this script: its outputs are committed. Deterministic for a given
# FFmpeg/x264/x265 build (encoder threads pinned, bitexact muxing, no timestamps written).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
media="${VAPREP_SHARED:-$repo/../shared}/media"
portrait="$media/astronaut.png"
megamind="$media/Megamind.avi"
for f in "$portrait" "$megamind"; do
    [[ -r "$f" ]] || { echo "make-testdata: missing $f (set VAPREP_SHARED to the folder holding media/)" >&2; exit 1; }
done
command -v ffmpeg >/dev/null || { echo "make-testdata: ffmpeg not found (apt-get install ffmpeg)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$here/hostile"

ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
# Pinned threads: x264/x265 output depends on the thread count; bitexact keeps the
# "Lavf…" version string and creation time out of the container.
bitexact=(-fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1)
h264=(-c:v libx264 -preset medium -profile:v high -pix_fmt yuv420p -threads 2 -x264-params threads=2)

# ---- Framing -----------------------------------------------------------------------------
# astronaut.png is 512x512 with the face near the top (hair starts ~15 px down), so a
# 9:16 selfie framing needs backdrop above the head: the top 8 rows (plain studio
# backdrop) are stretched and blurred into 100 extra rows. The "canvas" is then the
# source rectangle x 76..376, y -90..435 scaled x4/3 to 400x700; all geometry below is
# in canvas pixels. Measured in the source (viewed by eye): eyes at (204,101) and
# (247,103), mouth centre (224,145) -> canvas (171,255), (229,257), (197,313).
canvas="[0:v]split[a][b];[a]crop=512:8:0:0,scale=512:100,gblur=sigma=4[top];[top][b]vstack,crop=300:525:76:10,scale=400:700:flags=lanczos,format=gbrp"

# geq expression that maps each output pixel to a canvas position, stored as
# ld(4)=x, ld(1)=y. Camera (rigid): zoom Z, rotation TH (radians), shift CX/CY about the
# canvas centre (200,350). Face (non-rigid, amplitude A, 0 = off): a head-turn/nod that
# moves the inner face while the outline and hair stay, a mouth that opens and widens,
# and blinks (each eye squeezed vertically). Weights are Gaussians around each feature.
camera_warp_expr() { # Z TH CX CY A
    local Z=$1 TH=$2 CX=$3 CY=$4 A=$5 E
    E="st(0,X-200);st(1,Y-350);st(2,$Z);st(3,$TH);"
    E+="st(4,200+($CX)+(cos(ld(3))*ld(0)-sin(ld(3))*ld(1))/ld(2));"
    E+="st(5,350+($CY)+(sin(ld(3))*ld(0)+cos(ld(3))*ld(1))/ld(2));"
    if [[ "$A" == 0 ]]; then
        E+="st(1,ld(5));"
    else
        E+="st(6,exp(-(pow(ld(4)-200,2)/4050+pow(ld(5)-285,2)/7200)));"   # whole face
        E+="st(7,exp(-(pow(ld(4)-197,2)/1152+pow(ld(5)-313,2)/338)));"    # mouth
        E+="st(8,exp(-(pow(ld(4)-171,2)/392+pow(ld(5)-255,2)/128)));"     # left eye
        E+="st(9,exp(-(pow(ld(4)-229,2)/392+pow(ld(5)-257,2)/128)));"     # right eye
        E+="st(0,$A*1.6*exp(-pow(mod(T,1.6)-1.0,2)/0.0098));"             # blink at 1.0 s, 2.6 s, 4.2 s
        E+="st(1,ld(5)+$A*(4*sin(2*PI*0.23*T+1)*ld(6)-0.45*(0.5-0.5*cos(2*PI*0.8*T))*(ld(5)-313)*ld(7)+ld(0)*((ld(5)-255)*ld(8)+(ld(5)-257)*ld(9))));"
        E+="st(4,ld(4)+$A*(6*sin(2*PI*0.3*T)*ld(6)-0.25*(0.5-0.5*cos(2*PI*0.55*T+2))*(ld(4)-197)*ld(7)));"
    fi
    printf "geq=r='%sr(ld(4),ld(1))':g='%sg(ld(4),ld(1))':b='%sb(ld(4),ld(1))'" "$E" "$E" "$E"
}

render() { # out seconds Z TH CX CY A  -> 360x640 30 fps lossless intermediate
    local out=$1 secs=$2
    ff -loop 1 -framerate 30 -t "$secs" -i "$portrait" \
       -filter_complex "$canvas,$(camera_warp_expr "$3" "$4" "$5" "$6" "$7"),crop=360:640:20:30,format=yuv420p[v]" \
       -map '[v]' -c:v libx264 -preset ultrafast -qp 0 -threads 2 -x264-params threads=2 "$out"
}

echo "rendering live face (non-rigid warp + gentle pan/zoom)..."
render "$tmp/live360.mkv" 5 '1.2+0.02*sin(2*PI*0.2*T)' 0 '6*sin(2*PI*0.17*T)' '5*sin(2*PI*0.13*T+0.5)' 1
echo "rendering replay (rigid shift/zoom/rotation only)..."
render "$tmp/replay360.mkv" 4 '1.2+0.03*sin(2*PI*0.25*T)' '1.5*PI/180*sin(2*PI*0.4*T)' '8*sin(2*PI*0.3*T)' '6*sin(2*PI*0.21*T+1)' 0

live="$tmp/live360.mkv"

# 1. live.mp4: main demo clip, 720x1280.
ff -i "$live" -vf scale=720:1280:flags=lanczos "${h264[@]}" -crf 26 "${bitexact[@]}" -movflags +faststart "$here/live.mp4"
# 2. replay.mp4
ff -i "$tmp/replay360.mkv" "${h264[@]}" -crf 24 "${bitexact[@]}" -movflags +faststart "$here/replay.mp4"
# 3. exposure / focus variants of the live clip, first 3 s. Face luma (Y, limited range) of the
# plain portrait is ~164; x0.15 gain gives ~38 (under-exposed), x1.6+45 ~230 with the skin's red
# and green channels clipped (over-exposed), gblur sigma 6 a defocused face.
ff -i "$live" -t 3 -vf "lutrgb=r=val*0.15:g=val*0.15:b=val*0.15" "${h264[@]}" -crf 24 "${bitexact[@]}" -movflags +faststart "$here/dark.mp4"
ff -i "$live" -t 3 -vf "lutrgb=r='min(255,val*1.6+45)':g='min(255,val*1.6+45)':b='min(255,val*1.6+45)'" "${h264[@]}" -crf 24 "${bitexact[@]}" -movflags +faststart "$here/bright.mp4"
ff -i "$live" -t 3 -vf "gblur=sigma=6" "${h264[@]}" -crf 24 "${bitexact[@]}" -movflags +faststart "$here/blurred.mp4"
# 4. no face at all.
ff -f lavfi -i "color=c=black:s=360x640:r=30:d=2" "${h264[@]}" -crf 24 "${bitexact[@]}" -movflags +faststart "$here/black.mp4"
ff -f lavfi -i "testsrc2=s=360x640:r=30:d=2" "${h264[@]}" -crf 24 "${bitexact[@]}" -movflags +faststart "$here/noface.mp4"
# 5. rotated.mp4: stored landscape (the portrait turned 90 degrees counter-clockwise) plus a
# -90 degree display matrix, as an iPhone writes a portrait recording. FFmpeg 5.1's encoder
# path drops the rotate tag, so it is set on a -c copy remux; rotate=270 there yields the
# matrix that av_display_rotation_get() reads as -90.
ff -i "$live" -t 3 -vf transpose=cclock "${h264[@]}" -crf 24 "${bitexact[@]}" "$tmp/landscape.mp4"
ff -i "$tmp/landscape.mp4" -c copy -metadata:s:v:0 rotate=270 "${bitexact[@]}" -movflags +faststart "$here/rotated.mp4"
# 6. hevc-hlg.mov: an iPhone-style HDR recording. The SDR frames are converted to BT.2020/HLG
# by zscale (linear light in between), frames doubled to 60 fps, AAC stereo sine. The colour
# tags go both into the HEVC VUI (x265-params) and the container (colr atom).
ff -i "$live" -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=2" -t 2 \
   -filter_complex "[0:v]fps=60,zscale=tin=bt709:min=bt709:pin=bt709:rin=tv:t=arib-std-b67:m=bt2020nc:p=bt2020:r=tv,format=yuv420p10le[v];[1:a]aformat=channel_layouts=stereo[a]" \
   -map '[v]' -map '[a]' -c:v libx265 -preset medium -crf 28 -pix_fmt yuv420p10le -profile:v main10 -tag:v hvc1 \
   -x265-params "pools=2:frame-threads=1:colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc:log-level=error" \
   -color_primaries bt2020 -color_trc arib-std-b67 -colorspace bt2020nc -color_range tv \
   -c:a aac -b:a 64k -ac 2 "${bitexact[@]}" -movflags +faststart "$here/hevc-hlg.mov"
# 7. megamind.avi: real-world AVI (MPEG-4 Part 2 / XviD + AC-3), copied without re-encoding.
# The source opens with a fade from black; the first 2.5 s end on two lit faces.
ff -i "$megamind" -t 2.5 -map 0 -c copy "${bitexact[@]}" "$here/megamind.avi"

# 8. hostile files.
: > "$here/hostile/empty.mp4"
printf 'This is not a video.\nIt is plain text in a file named .mp4.\n' > "$here/hostile/text.mp4"
# A real MP4 with its moov at the END (no faststart), cut where the moov starts: what an
# interrupted phone upload looks like. Top-level boxes are walked to find the offset.
ff -i "$live" -t 1 -vf scale=180:320 "${h264[@]}" -crf 30 "${bitexact[@]}" "$tmp/moov-last.mp4"
be32() { od -An -tu1 -j "$2" -N4 "$1" | awk '{print (($1*256+$2)*256+$3)*256+$4}'; }
size=$(stat -c %s "$tmp/moov-last.mp4"); off=0; moov=-1
while (( off + 8 <= size )); do
    len=$(be32 "$tmp/moov-last.mp4" "$off")
    typ=$(dd if="$tmp/moov-last.mp4" bs=1 skip=$((off + 4)) count=4 status=none)
    if [[ "$typ" == moov ]]; then moov=$off; break; fi
    (( len >= 8 )) || { echo "make-testdata: unexpected box size $len at $off" >&2; exit 1; }
    off=$((off + len))
done
(( moov > 0 )) || { echo "make-testdata: no top-level moov found" >&2; exit 1; }
head -c "$moov" "$tmp/moov-last.mp4" > "$here/hostile/truncated.mp4"

du -cb "$here"/*.mp4 "$here"/*.mov "$here"/*.avi "$here"/hostile/* | tail -1
