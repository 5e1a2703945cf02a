import json,glob,statistics as st
groups = [("hsrl","hsrl, `--behavior-lr 0.001`","x-beh3-[123].out",None),("hsrl","hsrl","hh-*.out",None),("hsrl","reference","hr-*.out",None),
          ("sl","–","sl-*.out",None),("a2c","–","a2c-*.out",None),("ddpg (plain)","–","ddpg-*.out",None),
          ("popular","–","base-*.out","popular"),("random","–","base-*.out","random")]
print("| algorithm | mode | total reward | depth | coverage | seconds per run |")
print("|---|---|---|---|---|---|")
for alg,mode,pat,filt in groups:
    rows=[]
    for f in sorted(glob.glob(pat)):
        for r in json.load(open(f))["rows"]:
            if filt is None or r["algorithm"]==filt: rows.append(r)
    tr=[r["avgTotalReward"] for r in rows]; dp=[r["avgDepth"] for r in rows]; cv=[r["coverage"] for r in rows]; sec=[r.get("seconds",0) for r in rows]
    sd=lambda x: st.stdev(x) if len(x)>1 else 0
    print(f"| {alg} | {mode} | {st.mean(tr):.3f} ± {sd(tr):.3f} | {st.mean(dp):.2f} ± {sd(dp):.2f} | {st.mean(cv):.3f} | {st.mean(sec):.0f} |  <!-- n={len(rows)} {[round(x,3) for x in tr]} -->")
