#!/usr/bin/env python3
"""Writes testdata/check/mediapipe-reference.json: mediapipe's own face detections for the CNN exactness tests.

VAPrepCheck's BlazeFaceDetector claims to reproduce mediapipe's short-range face detector
(`mp.solutions.face_detection.FaceDetection(model_selection=0, min_detection_confidence=0.5)`): the same
boxes, scores and six keypoints. This script asks mediapipe itself (the oracle) for every PGM (greyscale,
fed as R = G = B, as the pre-check feeds its luma frames) and PPM (RGB) frame in testdata/check, and writes
its answers, relative to the picture as mediapipe reports them. The JSON is committed, so the Swift tests
need no Python. A developer tool, not a test dependency:

    python3 -m venv /tmp/mpenv && /tmp/mpenv/bin/pip install -r scripts/mediapipe-reference.requirements.txt
    /tmp/mpenv/bin/python scripts/mediapipe-reference.py

With --time FILE REPS WARMUP it instead times mediapipe's whole process() call on FILE (one thread; what
`vaprep-bench precheck` runs beside ours) and prints {"times": [...], "faces": [...]} as JSON.
"""
import glob
import json
import os
import sys
import time

import cv2
import mediapipe as mp

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FRAMES = os.path.join(ROOT, "testdata", "check")


def load_rgb(path):
    img = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if img.ndim == 2:
        return cv2.cvtColor(img, cv2.COLOR_GRAY2RGB)
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def detections(detector, rgb):
    result = detector.process(rgb)
    out = []
    for d in result.detections or []:
        box = d.location_data.relative_bounding_box
        out.append({
            "score": float(d.score[0]),
            "box": [float(box.xmin), float(box.ymin), float(box.width), float(box.height)],
            "keypoints": [[float(k.x), float(k.y)] for k in d.location_data.relative_keypoints],
        })
    return out


def detector():
    return mp.solutions.face_detection.FaceDetection(model_selection=0, min_detection_confidence=0.5)


def timing(path, reps, warmup):
    rgb = load_rgb(path)
    with detector() as d:
        for _ in range(warmup):
            detections(d, rgb)
        times = []
        for _ in range(reps):
            start = time.perf_counter()
            faces = detections(d, rgb)
            times.append(time.perf_counter() - start)
    print(json.dumps({"times": times, "faces": faces}))


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--time":
        return timing(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    out = {"mediapipe": mp.__version__, "model": "face_detection_short_range.tflite", "minScore": 0.5, "frames": []}
    paths = sorted(glob.glob(os.path.join(FRAMES, "*.pgm")) + glob.glob(os.path.join(FRAMES, "*.ppm")))
    for path in paths:
        rgb = load_rgb(path)
        # A fresh graph per picture: mediapipe's solution keeps no state between images in static mode,
        # but a new one makes that obvious.
        with detector() as d:
            faces = detections(d, rgb)
        out["frames"].append({"file": os.path.basename(path), "width": rgb.shape[1], "height": rgb.shape[0],
                              "detections": faces})
        print(os.path.basename(path), len(faces), [round(f["score"], 3) for f in faces])
    with open(os.path.join(FRAMES, "mediapipe-reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
