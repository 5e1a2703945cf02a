#!/usr/bin/env python3
"""Mean ± sd over seeds of every runs/*.json (and runs/*/*.json) of run.sh: total reward, the seeds' values, training
iterations, wall-clock and CPU seconds of training (means), greedy coverage."""
import glob, json, os, statistics as st

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "runs"))
print("| run | learner | total reward | per seed | iterations | train s | train CPU s | coverage |")
print("|---|---|---|---|---:|---:|---:|---:|")
for f in sorted(glob.glob("*.json") + glob.glob("*/*.json")):
    groups = {}
    for r in json.load(open(f))["rows"]:
        groups.setdefault(r["algorithm"], []).append(r)
    for a, rs in groups.items():
        v = [r["avgTotalReward"] for r in rs if "avgTotalReward" in r]
        mean = lambda k: "%.1f" % st.mean(r[k] for r in rs) if all(k in r for r in rs) else "–"
        sd = st.stdev(v) if len(v) > 1 else 0.0
        print("| %s | %s | %.3f ± %.3f | %s | %s | %s | %s | %.4f |" % (f[:-5], a, st.mean(v), sd,
              " / ".join("%.3f" % x for x in v), mean("iterations"), mean("trainSeconds"), mean("trainCpuSeconds"),
              st.mean(r["coverage"] for r in rs)))
