#!/usr/bin/env python3
"""Writes testdata/check/opencv-reference.json: OpenCV's own answers for the VAPrepCheck exactness tests.

The Swift face detector claims to be bit-exact with OpenCV's CascadeClassifier. This script asks OpenCV
(from PyPI, `opencv-python-headless<5`; OpenCV 5 dropped CascadeClassifier) for
  * raw candidates at one scale (minNeighbors 0, minSize = maxSize = the cascade window),
  * raw candidates over all scales (minNeighbors 0, scaleFactor 1.1),
  * grouped detections (scaleFactor 1.1, minNeighbors 3, minSize = 1/4 of the short side, and no minSize),
  * fingerprints of cv2.resize(INTER_LINEAR_EXACT), the interpolation CascadeClassifier uses, at the sizes the scan uses,
for every PGM frame in testdata/check and every frontal-face cascade we support. The JSON is committed,
so the Swift tests need no Python. This script is a developer tool, not a test dependency:

    python3 -m venv /tmp/cvenv && /tmp/cvenv/bin/pip install -r scripts/opencv-reference.requirements.txt
    /tmp/cvenv/bin/python scripts/opencv-reference.py
"""
import glob
import json
import os
import sys

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FRAMES = os.path.join(ROOT, "testdata", "check")
CASCADES = {
    "lbpcascade_frontalface_improved": "/usr/share/opencv4/lbpcascades/lbpcascade_frontalface_improved.xml",
    "haarcascade_frontalface_alt2": "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml",
    "haarcascade_frontalface_default": "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml",
}


def boxes(rects):
    return sorted([[int(v) for v in r] for r in rects])


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def main():
    cv2.setNumThreads(1)
    cv2.ocl.setUseOpenCL(False)
    out = {"opencv": cv2.__version__, "scaleFactor": 1.1, "frames": []}
    for path in sorted(glob.glob(os.path.join(FRAMES, "*.pgm"))):
        img = cv2.imread(path, cv2.IMREAD_UNCHANGED)
        h, w = img.shape
        short = min(w, h)
        frame = {"file": os.path.basename(path), "width": w, "height": h, "cascades": {}, "resize": []}
        # The sizes the multi-scale scan resizes to (float scale, as OpenCV stores it).
        factor = 1.0
        while True:
            sc = float(np.float32(factor))
            rw, rh = int(round_half_even(np.float32(w) / np.float32(sc))), int(round_half_even(np.float32(h) / np.float32(sc)))
            if rw < 20 or rh < 20:
                break
            if (rw, rh) != (w, h):
                r = cv2.resize(img, (rw, rh), fx=1.0 / sc, fy=1.0 / sc, interpolation=cv2.INTER_LINEAR_EXACT)
                frame["resize"].append({"width": rw, "height": rh, "fnv1a64": fnv1a64(r.tobytes()), "sum": int(r.sum())})
            factor *= 1.1
        for name, cpath in CASCADES.items():
            cc = cv2.CascadeClassifier(cpath)
            if cc.empty():
                sys.exit("cannot load " + cpath)
            win = cc.getOriginalWindowSize()
            min_size = (short // 4, short // 4)
            frame["cascades"][name] = {
                "window": list(win),
                "singleScaleRaw": boxes(cc.detectMultiScale(img, 1.1, 0, 0, win, win)),
                "multiScaleRaw": boxes(cc.detectMultiScale(img, 1.1, 0)),
                "grouped": boxes(cc.detectMultiScale(img, 1.1, 3)),
                "groupedMinSize": {"minSize": list(min_size),
                                   "boxes": boxes(cc.detectMultiScale(img, 1.1, 3, 0, min_size))},
            }
        out["frames"].append(frame)
    with open(os.path.join(FRAMES, "opencv-reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


def round_half_even(v):
    # cvRound: round half to even, on the float32 quotient as OpenCV computes it.
    return np.rint(v)


if __name__ == "__main__":
    main()
