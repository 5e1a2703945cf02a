#!/usr/bin/env python3
"""Rows of the rl-plus-cloning table from the compare JSON files runs/[FOLDER/]s1k-NAME-SEED.out: mean ± sd over seeds
of the greedy total reward, depth, coverage, and the wall-clock and CPU seconds of each run (training + evaluation).
Runs of one folder ran on one build of the trainer; a folder's rows are labelled FOLDER/NAME."""
import collections, glob, json, os, statistics as st

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "runs")
rows = collections.defaultdict(list)
for f in sorted(glob.glob(os.path.join(here, "*.out")) + glob.glob(os.path.join(here, "*", "*.out"))):
    folder = os.path.relpath(os.path.dirname(f), here)
    world, run, seed = os.path.basename(f)[:-4].split("-")
    try:
        d = json.load(open(f))
    except ValueError:
        continue
    for r in d["rows"]:
        label = (run if folder == "." else folder + "/" + run) + ("/" + r["algorithm"] if r["algorithm"] in ("popular", "random") else "")
        rows[label].append((int(seed), r))
print("| run | seeds | total reward | per seed | depth | coverage | seconds | CPU seconds |")
print("|---|---|---|---|---|---|---|---|")
for run, rs in sorted(rows.items(), key=lambda kv: -st.mean(r["avgTotalReward"] for _, r in kv[1])):
    rs.sort(key=lambda sr: sr[0])
    tot = [r["avgTotalReward"] for _, r in rs]
    print("| %s | %s | %.3f ± %.3f | %s | %.2f | %.3f | %s | %s |" % (
        run, ",".join(str(s) for s, _ in rs), st.mean(tot), st.stdev(tot) if len(tot) > 1 else 0.0,
        " / ".join("%.3f" % t for t in tot), st.mean(r["avgDepth"] for _, r in rs), st.mean(r["coverage"] for _, r in rs),
        ", ".join("%.0f" % r["seconds"] for _, r in rs),
        ", ".join("%.0f" % r["cpuSeconds"] if "cpuSeconds" in r else "–" for _, r in rs)))
