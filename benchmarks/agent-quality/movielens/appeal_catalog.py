#!/usr/bin/env python3
"""Item vectors for an index whose first level separates items by their logged appeal.
usage: appeal_catalog.py ITEM_VECTORS.csv U.DATA OUT.csv WEIGHT [PRIOR]
Appends one column: the item's smoothed click rate in the logs (rating >= 4; Bayesian prior of PRIOR ratings at the
global rate), standardised and scaled to WEIGHT x the mean per-dimension standard deviation of the vectors."""
import sys, numpy as np
vec_path, data_path, out_path, weight = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
prior = float(sys.argv[5]) if len(sys.argv) > 5 else 5.0
rows = np.genfromtxt(vec_path, delimiter=',', skip_header=1)
ids, x = rows[:, 0].astype(np.int64), rows[:, 1:]
n, c = {}, {}
for line in open(data_path):
    u, i, r, t = line.split('\t')
    i, r = int(i), int(r)
    n[i] = n.get(i, 0) + 1
    c[i] = c.get(i, 0) + (1 if r >= 4 else 0)
p0 = sum(c.values()) / sum(n.values())
rate = np.array([(c.get(i, 0) + prior * p0) / (n.get(i, 0) + prior) for i in ids])
z = (rate - rate.mean()) / rate.std()
col = z * weight * x.std(axis=0).mean()
with open(vec_path) as f:
    header = f.readline().strip()
with open(out_path, 'w') as f:
    f.write(header + ',appeal\n')
    for k in range(len(ids)):
        f.write(str(ids[k]) + ',' + ','.join('%.6g' % v for v in x[k]) + ',%.6g\n' % col[k])
print('items', len(ids), 'global click rate %.3f' % p0, 'appeal std %.3f' % col.std(), 'dim std %.3f' % x.std(axis=0).mean())
