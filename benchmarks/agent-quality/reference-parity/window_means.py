#!/usr/bin/env python3
"""Window means of training reward from the Python reference's .report files and this trainer's train logs.

usage: window_means.py [--window 500] [--at 1000,2000,3000] LABEL=FILE[,FILE...] ...

A FILE ending in .report is the reference's report (one line per 10 iterations: mean total reward and depth of the
last 10 recorded episodes); any other file is `trainer train --progress-seconds 0` stderr (one line per iteration:
mean total reward and depth of the last 100 finished episodes). The window mean at iteration I is the mean of the
lines logged at iterations in [I - window, I); per label, the table gives mean ± sd over the files (seeds) and each
seed's value, for the total reward and the depth.
"""
import re
import statistics
import sys

from parity_logs import parse_args, print_head, report_rows, window_mean

JAVA = re.compile(r"^iteration (\d+)/\d+ .* reward (\S+) depth (\S+) ")


def read(path):
    rows = []  # (iteration, reward, depth)
    with open(path) as f:
        if path.endswith(".report"):
            for step, rep in report_rows(f, "episode report"):
                rows.append((step, float(rep["average_total_reward"]), float(rep["average_n_step"])))
            return rows
        for line in f:
            m = JAVA.match(line)
            if m and m.group(2) != "-":
                # the line is logged after iteration N completed: iteration index N - 1
                rows.append((int(m.group(1)) - 1, float(m.group(2)), float(m.group(3))))
    return rows


def main(argv):
    width, points, runs = parse_args(argv, 500, [1000, 2000, 3000])
    print_head(width, points, "mean ± sd over seeds (each seed's value)")
    for label, files in runs:
        data = [read(f) for f in files]
        for name, col in (("total reward", 1), ("depth", 2)):
            cells = []
            for p in points:
                v = [window_mean(d, p, width, col) for d in data]
                ok = [x for x in v if x == x]
                if not ok:
                    cells.append("-")
                    continue
                m = statistics.fmean(ok)
                sd = statistics.stdev(ok) if len(ok) > 1 else 0.0
                cells.append(f"{m:.3f} ± {sd:.3f} ({', '.join(f'{x:.2f}' for x in v)})")
            print(f"| {label} | {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
