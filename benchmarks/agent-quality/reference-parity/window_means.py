#!/usr/bin/env python3
"""Window means of training reward from the Python reference's .report files and this trainer's train logs.

usage: window_means.py [--window 500] [--at 1000,2000,3000] LABEL=FILE[,FILE...] ...

A FILE ending in .report is the reference's report (one line per 10 iterations: mean total reward and depth of the
last 10 recorded episodes); any other file is `trainer train --progress-seconds 0` stderr (one line per iteration:
mean total reward and depth of the last 100 finished episodes). The window mean at iteration I is the mean of the
lines logged at iterations in [I - window, I); per label, the table gives mean ± sd over the files (seeds) and each
seed's value, for the total reward and the depth.
"""
import ast
import re
import statistics
import sys

JAVA = re.compile(r"^iteration (\d+)/\d+ .* reward (\S+) depth (\S+) ")


def read(path):
    rows = []  # (iteration, reward, depth)
    with open(path) as f:
        for line in f:
            if path.endswith(".report"):
                if not line.startswith("step: "):
                    continue
                step = int(line.split()[1])
                rep = ast.literal_eval(line.split(" @ ")[1].split("episode report: ", 1)[1])
                rows.append((step, float(rep["average_total_reward"]), float(rep["average_n_step"])))
            else:
                m = JAVA.match(line)
                if m and m.group(2) != "-":
                    # the line is logged after iteration N completed: iteration index N - 1
                    rows.append((int(m.group(1)) - 1, float(m.group(2)), float(m.group(3))))
    return rows


def window(rows, at, width, col):
    vals = [r[col] for r in rows if at - width <= r[0] < at]
    return statistics.fmean(vals) if vals else float("nan")


def main(argv):
    width = 500
    points = [1000, 2000, 3000]
    runs = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--window":
            width = int(argv[i + 1]); i += 2; continue
        if a == "--at":
            points = [int(x) for x in argv[i + 1].split(",")]; i += 2; continue
        label, files = a.split("=", 1)
        runs.append((label, files.split(",")))
        i += 1
    print(f"window [I-{width}, I); mean ± sd over seeds (each seed's value)")
    print("| run | metric | " + " | ".join(f"I={p}" for p in points) + " |")
    print("|---|---|" + "---|" * len(points))
    for label, files in runs:
        data = [read(f) for f in files]
        for name, col in (("total reward", 1), ("depth", 2)):
            cells = []
            for p in points:
                v = [window(d, p, width, col) for d in data]
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
