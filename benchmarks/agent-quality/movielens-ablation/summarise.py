#!/usr/bin/env python3
"""Tables of the `trainer compare` outputs named WORLD-NAME-SEED.out in DIR, one row per (world, run, learner).

summarise.py DIR [REF]   REF = WORLD:NAME:LEARNER (e.g. ml32:gh1et5:hsrl): adds each row's change against REF over the
seeds both have, as the mean of the per-seed differences ± their standard error, and the seeds above REF.
"""
import glob
import json
import os
import re
import statistics as st
import sys

folder = sys.argv[1] if len(sys.argv) > 1 else "runs"
ref = tuple(sys.argv[2].split(":")) if len(sys.argv) > 2 else None
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
        table.setdefault((m.group(1), m.group(2), r["algorithm"]), {})[int(m.group(3))] = r


def fmt_entropies(by_seed):
    ent = [by_seed[s]["levelEntropies"] for s in by_seed if by_seed[s].get("levelEntropies") is not None]
    if not ent:
        return "–"
    if isinstance(ent[0], (int, float)):
        return f"{st.mean(ent):.2f}"
    return " / ".join(f"{st.mean(e[l] for e in ent):.2f}" for l in range(len(ent[0])))


head = "| world | run | learner | seeds | total reward, mean ± sd | per seed | level entropies (seed mean) | iterations | CPU-s |"
if ref:
    head += f" against {':'.join(ref)}: paired change ± SE | seeds above |"
print(head)
print("|---|---|---|---:|---|---|---|---:|---:|" + ("---|---|" if ref else ""))
for key, by_seed in sorted(table.items()):
    seeds = sorted(by_seed)
    xs = [by_seed[s]["avgTotalReward"] for s in seeds]
    sd = f"{st.stdev(xs):.3f}" if len(xs) > 1 else "–"
    its = [by_seed[s]["iterations"] for s in seeds if by_seed[s].get("iterations") is not None]
    it = f"{st.mean(its):.0f}" if its else "–"
    cpu = f"{st.mean(by_seed[s].get('cpuSeconds', 0) for s in seeds):.1f}"
    line = (f"| {key[0]} | {key[1]} | {key[2]} | {len(seeds)} | {st.mean(xs):.3f} ± {sd} | "
            f"{' '.join(f'{x:.2f}' for x in xs)} | {fmt_entropies(by_seed)} | {it} | {cpu} |")
    if ref:
        base = table.get(ref, {})
        common = [s for s in seeds if s in base]
        if key != ref and len(common) > 1:
            d = [by_seed[s]["avgTotalReward"] - base[s]["avgTotalReward"] for s in common]
            b = st.mean(base[s]["avgTotalReward"] for s in common)
            se = st.stdev(d) / len(d) ** 0.5
            line += f" {st.mean(d) / b:+.1%} ({st.mean(d):+.3f} ± {se:.3f}) | {sum(x > 0 for x in d)} of {len(d)} |"
        else:
            line += " – | – |"
    print(line)
