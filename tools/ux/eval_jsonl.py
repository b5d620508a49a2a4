#!/usr/bin/env python3
"""Reads `fer analyze` JSON lines and prints tracks, shot cuts, label coherence and, for a set of smoothing settings
replayed on the frames' probabilities, how often the shown label flips and how often it agrees with the frame's label.
Usage: tools/ux/eval_jsonl.py out/short_hamilton_clip.jsonl [...]"""
import json
import sys

EMOTIONS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]


def argmax(v):
    return max(range(len(v)), key=lambda i: (v[i], -i))


def smooth(kind, n, seq):
    out, state, window = [], None, []
    for p in seq:
        if kind == "ema":
            state = list(p) if state is None else [n * a + (1 - n) * b for a, b in zip(p, state)]
            out.append(argmax(state))
        elif kind == "mean":
            window = (window + [p])[-n:]
            out.append(argmax([sum(c) / len(window) for c in zip(*window)]))
        else:  # mode, ties to the most recent
            window = (window + [argmax(p)])[-n:]
            counts = [window.count(i) for i in range(7)]
            best = window[-1]
            for i in range(7):
                if counts[i] > counts[best]:
                    best = i
            out.append(best)
    return out


for path in sys.argv[1:]:
    frames = [json.loads(line) for line in open(path)]
    cuts = [f["frame"] for f in frames if f.get("shot_cut")]
    tracks, shown_vs_numbers, shown_vs_frame, faces = {}, 0, 0, 0
    for f in frames:
        for face in f["faces"]:
            faces += 1
            t = tracks.setdefault(face["track"], {"frames": [], "probs": []})
            t["frames"].append(f["frame"])
            t["probs"].append([face["probabilities"][e] for e in EMOTIONS])
            shown = face["smoothed_label"]
            numbers = face.get("smoothed_probabilities")
            if numbers is not None:
                if numbers[shown] < max(numbers.values()) - 1e-6:
                    shown_vs_numbers += 1
            elif face["probabilities"][shown] < max(face["probabilities"].values()) - 1e-6:
                shown_vs_numbers += 1  # before: the number shown was the frame's probability of the smoothed label
            if shown != face["label"]:
                shown_vs_frame += 1
    spans = sum(1 for t in tracks.values() for c in cuts if t["frames"][0] < c <= t["frames"][-1])
    short = sum(1 for t in tracks.values() if len(t["frames"]) <= 2)
    print(f"{path}: {len(frames)} frames, {faces} faces, cuts {cuts}, {len(tracks)} tracks ({short} of 1-2 frames), "
          f"{spans} track-cut crossings; label shown disagrees with the numbers shown: {shown_vs_numbers}; "
          f"smoothed label differs from the frame's label: {shown_vs_frame}")
    print("   tracks: " + " ".join(f"#{k} {v['frames'][0]}-{v['frames'][-1]} ({len(v['frames'])})" for k, v in tracks.items()))
    for kind, n in [("mode", 10), ("ema", 0.2), ("ema", 0.3), ("ema", 0.5), ("mean", 5), ("mean", 10)]:
        flips = agree = total = 0
        for t in tracks.values():
            labels = smooth(kind, n, t["probs"])
            flips += sum(1 for a, b in zip(labels, labels[1:]) if a != b)
            agree += sum(1 for lab, p in zip(labels, t["probs"]) if lab == argmax(p))
            total += len(labels)
        raw = sum(1 for t in tracks.values() for a, b in zip(t["probs"], t["probs"][1:]) if argmax(a) != argmax(b))
        print(f"   {kind}:{n}: {100 * flips / total:.1f} label changes per 100 faces (frame labels: {100 * raw / total:.1f}), "
              f"agrees with the frame's label on {100 * agree / total:.0f}%")
