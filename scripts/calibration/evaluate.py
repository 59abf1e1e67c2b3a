#!/usr/bin/env python3
"""Runs `vaprep check --json` on every clip of the calibration corpus and prints how often the
verdict is the expected one, per class, and the live/replay motion margin.

    swift build -c release --product vaprep
    python3 scripts/calibration/evaluate.py /tmp/calib-corpus [--vaprep .build/release/vaprep] [--clips out.tsv]

A clip counts as right when its expectation in corpus.tsv holds: "ok" means the verdict is pass or
warn; "fail:CODE" means the verdict is fail and CODE is among the failing reasons. The motion score of
a clip is the median of its frames' non-rigid motion, the number the noMotion rule judges. The
margin is the smallest score of a clip made from a live face over the largest score of a replay.
Standard library only; exits 1 when a clip is wrong, so it can gate a change.
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def rows():
    with open(os.path.join(HERE, "corpus.tsv"), newline="") as f:
        return list(csv.DictReader([l for l in f if not l.startswith("#")], delimiter="\t"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--vaprep", default=os.path.join(ROOT, ".build", "release", "vaprep"))
    ap.add_argument("--clips", help="also write the per-clip results to this TSV file")
    ap.add_argument("--only", help="comma-separated clip names or class names to run (default: all)")
    args = ap.parse_args()

    results = []
    wanted = set(args.only.split(",")) if args.only else None
    for row in rows():
        if wanted and row["name"] not in wanted and row["class"] not in wanted:
            continue
        path = os.path.join(args.corpus, row["name"] + (".mov" if "hdr" in row["kind"] else ".mp4"))
        run = subprocess.run([args.vaprep, "check", "--json", path], capture_output=True, text=True)
        if run.returncode not in (0, 1):
            print(f"{row['name']}: vaprep exited {run.returncode}: {run.stderr.strip()}", file=sys.stderr)
            results.append(dict(row, verdict="error", fails="", motion=None, noise=None, landmarks=None, contrast=None,
                                presence=0, right=False, seconds=0))
            continue
        report = json.loads(run.stdout)
        fails = [r["code"] for r in report["reasons"] if r["severity"] == "fail"]
        warns = [r["code"] for r in report["reasons"] if r["severity"] == "warn"]
        motions = [f["motion"] for f in report["frames"] if f.get("motion") is not None]
        faces = sum(1 for f in report["frames"] if f["faces"])
        noises = [f["motionNoise"] for f in report["frames"] if f.get("motionNoise") is not None]
        marks = [f["landmarkMotion"] for f in report["frames"] if f.get("landmarkMotion") is not None]
        contrast = [f["faceLuma"] / max(1, f["surroundLuma"]) for f in report["frames"]
                    if f.get("faceLuma") is not None and f.get("surroundLuma") is not None]
        expect = row["expect"]
        if expect == "ok":
            right = report["verdict"] != "fail"
        else:
            right = report["verdict"] == "fail" and expect.split(":", 1)[1] in fails
        results.append(dict(row, verdict=report["verdict"], fails=",".join(fails), warns=",".join(warns),
                            motion=statistics.median(motions) if len(motions) >= 3 else None,
                            noise=statistics.median(noises) if noises else None,
                            landmarks=statistics.median(marks) if len(marks) >= 3 else None,
                            contrast=statistics.median(contrast) if contrast else None,
                            presence=f"{faces}/{len(report['frames'])}", right=right, seconds=report["seconds"]))

    def num(v, fmt=".2f"):
        return "—" if v is None else format(v, fmt)
    print("| clip | class | expected | verdict | fail reasons | warn reasons | faces | motion | noise | keypoints | face/around | right |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['name']} | {r['class']} | {r['expect']} | {r['verdict']} | {r['fails']} | {r.get('warns', '')} | "
              f"{r['presence']} | {num(r['motion'])} | {num(r['noise'], '.1f')} | {num(r['landmarks'])} | {num(r['contrast'])} | "
              f"{'yes' if r['right'] else '**no**'} |")
    print()
    print("| class | clips | right | accuracy |")
    print("|---|---|---|---|")
    classes = []
    for r in results:
        if r["class"] not in classes:
            classes.append(r["class"])
    for c in classes:
        group = [r for r in results if r["class"] == c]
        right = sum(r["right"] for r in group)
        print(f"| {c} | {len(group)} | {right} | {100 * right / len(group):.0f} % |")
    total = sum(r["right"] for r in results)
    print(f"| **all** | {len(results)} | {total} | {100 * total / len(results):.0f} % |")
    print()
    live = [r for r in results if r["kind"].startswith("live") and r["motion"] is not None]
    replay = [r for r in results if r["kind"].startswith("replay") and r["motion"] is not None]
    if live and replay:
        lo = min(live, key=lambda r: r["motion"])
        hi = max(replay, key=lambda r: r["motion"])
        ratio = lo["motion"] / hi["motion"] if hi["motion"] > 0 else float("inf")
        print(f"motion: smallest live {lo['motion']:.3f} ({lo['name']}), largest replay {hi['motion']:.3f} "
              f"({hi['name']}), margin {ratio:.2f}x")
    seconds = [r["seconds"] for r in results if r["seconds"]]
    if seconds:
        print(f"pre-check time per clip: median {statistics.median(seconds):.3f} s, max {max(seconds):.3f} s")
    if args.clips:
        with open(args.clips, "w", newline="") as f:
            w = csv.writer(f, delimiter="\t")
            w.writerow(["name", "class", "expect", "verdict", "fails", "motion", "presence", "right"])
            for r in results:
                w.writerow([r["name"], r["class"], r["expect"], r["verdict"], r["fails"], r["motion"], r["presence"], r["right"]])
    sys.exit(0 if total == len(results) else 1)


if __name__ == "__main__":
    main()
