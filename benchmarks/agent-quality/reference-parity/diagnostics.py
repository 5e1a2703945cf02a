#!/usr/bin/env python3
"""Policy entropy and critic loss by iteration window, from the Python reference's .report files and this trainer's
progress samples.

usage: diagnostics.py [--window 250] [--at 250,500,...] LABEL=FILE[,FILE...] ...

A FILE ending in .report is the reference's report: per line (every 10 iterations) `entropy_loss` (Σ over the 3
levels of Σ p log p, averaged over the batch: minus the summed level entropies) and `critic_loss` of the last update.
Any other file is a progress sample log (sample_progress.sh: `SEED ITERATION REWARD ENTROPY [LEVEL ENTROPIES] ACTOR
CRITIC` once a minute from progress.json). Both give the entropy summed over the levels, in nats (uniform over 256
logits: 3 ln 256 = 16.64). The window mean at I covers the lines at iterations in [I - window, I).
"""
import ast
import statistics
import sys


def read(path, seed=None):
    rows = []  # (iteration, entropy, critic loss)
    with open(path) as f:
        for line in f:
            if path.endswith(".report"):
                if not line.startswith("step: "):
                    continue
                step = int(line.split()[1])
                loss = ast.literal_eval(line.split(" @ ")[2].split("step loss: ", 1)[1])
                rows.append((step, -float(loss["entropy_loss"]), float(loss["critic_loss"])))
            else:
                head, rest = line.split("[", 1)
                s, it, _, ent = head.split()
                critic = float(rest.split("]", 1)[1].split()[1])
                if seed is None or int(s) == seed:
                    rows.append((int(it), float(ent), critic))
    return rows


def main(argv):
    width, points, runs, i = 250, [250, 500, 750, 1000, 1500, 2000], [], 0
    while i < len(argv):
        if argv[i] == "--window":
            width = int(argv[i + 1]); i += 2; continue
        if argv[i] == "--at":
            points = [int(x) for x in argv[i + 1].split(",")]; i += 2; continue
        label, files = argv[i].split("=", 1)
        runs.append((label, files.split(",")))
        i += 1
    print(f"window [I-{width}, I); each seed's mean")
    print("| run | metric | " + " | ".join(f"I={p}" for p in points) + " |")
    print("|---|---|" + "---|" * len(points))
    for label, files in runs:
        data = []
        for f in files:  # FILE#SEED picks one seed of a progress sample log
            path, _, seed = f.partition("#")
            data.append(read(path, int(seed) if seed else None))
        for name, col in (("entropy (nats)", 1), ("critic loss", 2)):
            cells = []
            for p in points:
                v = []
                for d in data:
                    w = [r[col] for r in d if p - width <= r[0] < p]
                    v.append(statistics.fmean(w) if w else float("nan"))
                cells.append("-" if all(x != x for x in v) else ", ".join(f"{x:.3g}" for x in v))
            print(f"| {label} | {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
