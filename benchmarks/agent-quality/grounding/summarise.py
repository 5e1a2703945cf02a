#!/usr/bin/env python3
"""Mean ± sd over seeds of the `trainer compare` outputs of run.sh: summarise.py DIR (files WORLD-NAME-SEED.out)."""
import glob
import json
import os
import re
import statistics as st
import sys

folder = sys.argv[1] if len(sys.argv) > 1 else "runs"
table = {}
for path in sorted(glob.glob(os.path.join(folder, "*.out"))):
    m = re.match(r"(\w+)-(\w+)-(\d+)\.out$", os.path.basename(path))
    if not m:
        continue
    try:
        rows = json.load(open(path))["rows"]
    except (ValueError, KeyError):
        print(f"{path}: not a finished run", file=sys.stderr)
        continue
    for r in rows:
        key = (m.group(1), m.group(2), r["algorithm"])
        table.setdefault(key, {})[int(m.group(3))] = r

print("| world | run | learner | seeds | total reward, mean ± sd | per seed | level entropies (seed mean) | iterations | CPU-s |")
print("|---|---|---|---:|---|---|---|---:|---:|")
for (world, name, alg), by_seed in sorted(table.items()):
    seeds = sorted(by_seed)
    xs = [by_seed[s]["avgTotalReward"] for s in seeds]
    sd = f"{st.stdev(xs):.3f}" if len(xs) > 1 else "–"
    ents = [by_seed[s].get("levelEntropies") for s in seeds if by_seed[s].get("levelEntropies")]
    ent = " / ".join(f"{st.mean(e[l] for e in ents):.2f}" for l in range(len(ents[0]))) if ents else "–"
    cpu = st.mean(by_seed[s].get("cpuSeconds", 0) for s in seeds)
    its = [by_seed[s]["iterations"] for s in seeds if "iterations" in by_seed[s]]
    it = f"{st.mean(its):.0f}" if its else "–"
    per = " ".join(f"{x:.2f}" for x in xs)
    print(f"| {world} | {name} | {alg} | {len(xs)} | {st.mean(xs):.3f} ± {sd} | {per} | {ent} | {it} | {cpu:.1f} |")
