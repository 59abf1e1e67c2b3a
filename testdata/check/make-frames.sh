#!/bin/sh
# Regenerates the small greyscale frames the VAPrepCheck tests read.
# Frames are binary PGM (P5) so the Swift tests need no image decoder.
# After changing frames, rerun scripts/opencv-reference.py to refresh opencv-reference.json.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
media=${MEDIA_DIR:-$here/../../../shared/media}
[ -d "$media" ] || media=/work/shared/media
ff() { ffmpeg -nostdin -v error -y "$@"; }

# A real photograph, face filling most of the frame.
ff -i "$media/astronaut.png" -vf "scale=320:320:flags=bicubic,format=gray" -frames:v 1 "$here/astronaut-320.pgm"
# The face large in a 640x360 frame (about 1/3 of the short side; the benchmark geometry with min face = 1/4).
ff -i "$media/astronaut.png" -vf "crop=240:240:105:2,scale=360:360:flags=bicubic,pad=640:360:200:0:gray,format=gray" -frames:v 1 "$here/astronaut-face-640x360.pgm"
# Animated film frames: dark scenes with lit faces (whole-frame luma misleads here).
for t in 3 7; do
  ff -ss "$t" -i "$media/Megamind.avi" -vf "scale=436:320:flags=bicubic,format=gray" -frames:v 1 "$here/megamind-t$t.pgm"
done
