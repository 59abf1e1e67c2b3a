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

# Frames for the CNN detector's exactness tests (scripts/mediapipe-reference.py). Grace Hopper's
# portrait ships with matplotlib (mpl-data/sample_data/grace_hopper.jpg; US Navy photograph, public
# domain): a source the test clips are not made from.
grace=${GRACE_HOPPER:-$(python3 -c 'import matplotlib, os; print(os.path.join(os.path.dirname(matplotlib.__file__), "mpl-data/sample_data/grace_hopper.jpg"))')}
ff -i "$grace" -vf "scale=360:420:flags=bicubic,format=gray" -frames:v 1 "$here/grace-hopper-360x420.pgm"
# RGB input path.
ff -i "$grace" -vf "scale=240:280:flags=bicubic,format=rgb24" -frames:v 1 "$here/grace-hopper-240x280.ppm"
# Low light with sensor noise (seeded, so the same every run).
ff -i "$grace" -vf "scale=360:420:flags=bicubic,format=gray,eq=brightness=-0.25:contrast=0.5,noise=alls=12:all_seed=7" -frames:v 1 "$here/grace-hopper-dim-noisy-360x420.pgm"
# A small face in a portrait analysis frame: face about 1/5 of the short side.
ff -i "$grace" -vf "scale=150:176:flags=bicubic,pad=360:640:120:180:gray,format=gray" -frames:v 1 "$here/grace-hopper-small-360x640.pgm"
# A frame of the live test clip at the analysis size.
ff -ss 2 -i "$here/../live.mp4" -vf "scale=360:640:flags=bicubic,format=gray" -frames:v 1 "$here/live-t2-360x640.pgm"
