#!/usr/bin/env python3
import json,sys,collections
# phases.py RECORDING.json CPU_MS_PER_ITERATION HsrlAgent.java: JFR samples by phase of HsrlAgent, scaled to the measured CPU time
d=json.load(open(sys.argv[1])); ms=float(sys.argv[2]); ev=d['recording']['events']
src=open(sys.argv[3]).read().split('\n') if len(sys.argv)>3 else None
phase=collections.Counter(); leaf=collections.Counter(); tot=0
def ph(fr):
    names=[f['method']['type']['name'].split('/')[-1]+'.'+f['method']['name'] for f in fr]
    if any(n.startswith('AgentBench.main') for n in names) and not any('Agent.' in n and not n.startswith('AgentBench') for n in names):
        if any('RandomEnvironment' in n for n in names): return 'env step'
        if any('ReplayBuffer' in n for n in names): return 'replay add/sample'
        if any('AgentBench.train' in n for n in names) and any('load' in n for n in names): return None
    for n,c in [('TorchAdam.step','Adam steps'),('polyakFrom','Polyak'),('zeroGradients','gradient reset'),('torchBackward','backward'),
                ('behaviorStep','behaviour step')]:
        if any(c2 in x for x in names for c2 in [n]): return c
    for f in fr:
        t=f['method']['type']['name'].split('/')[-1]; m=f['method']['name']
        if t=='HsrlAgent' and m=='act': return 'act'
    for f in reversed(fr):
        t=f['method']['type']['name'].split('/')[-1]; m=f['method']['name']
        if t=='HsrlAgent' and m=='update':
            ln=f['lineNumber']; line=src[ln-1] if src else ''
            if 'actorTarget' in line or 'criticTarget' in line or 'nextValue' in line: return 'target pass (no grad)'
            if 'actor.state(x, true)' in line: return 'online actor forward'
            if 'Losses(gc' in line: return 'losses, critic forward'
            return 'update other ('+line.strip()[:30]+')'
    return 'other'
for e in ev:
    if e['type'] not in ('jdk.NativeMethodSample','jdk.ExecutionSample'): continue
    st=e['values'].get('stackTrace')
    if not st: continue
    fr=st['frames']
    if not any('io/hsrl' in f['method']['type']['name'] for f in fr): continue
    p=ph(fr)
    if p is None: continue
    tot+=1; phase[p]+=1
    leaf[fr[0]['method']['name']]+=1
print(f'{"phase":40s} ms/iter  share')
for k,n in phase.most_common(): print(f'{k:40s} {ms*n/tot:6.1f} {100*n/tot:5.1f}%')
print('-- by native call')
for k,n in leaf.most_common(12): print(f'{k:40s} {ms*n/tot:6.1f} {100*n/tot:5.1f}%')
