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
import sys

from parity_logs import parse_args, print_head, report_rows, window_mean


def read(path, seed=None):
    rows = []  # (iteration, entropy, critic loss)
    with open(path) as f:
        if path.endswith(".report"):
            for step, loss in report_rows(f, "step loss"):
                rows.append((step, -float(loss["entropy_loss"]), float(loss["critic_loss"])))
            return rows
        for line in f:
            head, rest = line.split("[", 1)
            s, it, _, ent = head.split()
            critic = float(rest.split("]", 1)[1].split()[1])
            if seed is None or int(s) == seed:
                rows.append((int(it), float(ent), critic))
    return rows


def main(argv):
    width, points, runs = parse_args(argv, 250, [250, 500, 750, 1000, 1500, 2000])
    print_head(width, points, "each seed's mean")
    for label, files in runs:
        data = []
        for f in files:  # FILE#SEED picks one seed of a progress sample log
            path, _, seed = f.partition("#")
            data.append(read(path, int(seed) if seed else None))
        for name, col in (("entropy (nats)", 1), ("critic loss", 2)):
            cells = []
            for p in points:
                v = [window_mean(d, p, width, col) for d in data]
                cells.append("-" if all(x != x for x in v) else ", ".join(f"{x:.3g}" for x in v))
            print(f"| {label} | {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
