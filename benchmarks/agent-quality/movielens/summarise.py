#!/usr/bin/env python3
"""Rows of the MovieLens tables from runs/INDEX-RUN-SEED.{out,time}: `trainer compare` JSON and /usr/bin/time -v."""
import glob, json, os, re, statistics as st, collections
here = os.path.dirname(os.path.abspath(__file__))
rows = collections.defaultdict(list)
for f in sorted(glob.glob(os.path.join(here, 'runs', '*.out'))):
    name = os.path.basename(f)[:-4]
    index, run, seed = name.split('-')
    try:
        d = json.load(open(f))
    except Exception:
        continue
    cpu = None
    t = f[:-4] + '.time'
    if os.path.exists(t):
        txt = open(t).read()
        u = re.search(r'User time \(seconds\): ([0-9.]+)', txt)
        s = re.search(r'System time \(seconds\): ([0-9.]+)', txt)
        cpu = float(u.group(1)) + float(s.group(1)) if u and s else None
    for r in d['rows']:
        label = run if r['algorithm'] == 'hsrl' else r['algorithm']
        rows[(index, label)].append((int(seed), r, cpu if r['algorithm'] in ('hsrl', 'a2c', 'sl') else None))
print('| index | run | seeds | total reward (mean ± sd) | per seed | coverage | level entropies (last update, per seed) | seconds | CPU s (process) |')
print('|---|---|---|---|---|---|---|---|---|')
for (index, label), rs in sorted(rows.items()):
    tot = [r['avgTotalReward'] for _, r, _ in rs]
    sd = st.stdev(tot) if len(tot) > 1 else 0.0
    ent = ' / '.join(', '.join('%.2f' % e for e in r['levelEntropies']) for _, r, _ in rs if 'levelEntropies' in r)
    secs = ', '.join('%.0f' % r['seconds'] for _, r, _ in rs)
    cpus = ', '.join('%.0f' % c for _, _, c in rs if c is not None)
    print('| %s | %s | %s | %.3f ± %.3f | %s | %.4f | %s | %s | %s |' % (
        index, label, ','.join(str(s) for s, _, _ in rs), st.mean(tot), sd, ' / '.join('%.2f' % x for x in tot),
        st.mean(r['coverage'] for _, r, _ in rs), ent or '–', secs, cpus or '–'))
