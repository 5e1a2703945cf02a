#!/usr/bin/env python3
"""Rows of the agent-quality tables from the compare JSON files (*.out) in this folder."""
import glob, json, os, statistics as st, collections
rows = collections.defaultdict(list)
for f in sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'runs', '*.out'))):
    name = os.path.basename(f)[:-4]
    world, run, seed = name.split('-')
    try:
        d = json.load(open(f))
    except Exception:
        continue
    for r in d['rows']:
        label = run if r['algorithm'] == 'hsrl' or run in ('sl',) else r['algorithm']
        rows[(world, label)].append((int(seed), r))
print('| world | run | seeds | total reward | depth | coverage | level entropies (last update) | seconds |')
print('|---|---|---|---|---|---|---|---|')
for (world, label), rs in sorted(rows.items()):
    tot = [r['avgTotalReward'] for _, r in rs]
    dep = [r['avgDepth'] for _, r in rs]
    cov = [r['coverage'] for _, r in rs]
    sd = st.stdev(tot) if len(tot) > 1 else 0.0
    ent = ' / '.join(', '.join('%.2f' % e for e in r['levelEntropies']) for _, r in rs if 'levelEntropies' in r)
    secs = ', '.join('%.0f' % r['seconds'] for _, r in rs)
    print('| %s | %s | %s | %.3f ± %.3f | %.2f | %.3f | %s | %s |' % (world, label, ','.join(str(s) for s, _ in rs),
          st.mean(tot), sd, st.mean(dep), st.mean(cov), ent or '–', secs))
