#!/usr/bin/env python3
import json,sys,collections
# categories.py RECORDING.json: JFR samples by the innermost project frame of interest, and by native call
d=json.load(open(sys.argv[1]))
ev=d['recording']['events']
cats=collections.Counter(); leaf=collections.Counter(); tot=0
def cat(frames):
    names=[f['method']['type']['name'].replace('/','.')+'.'+f['method']['name'] for f in frames]
    # innermost first
    keys=[('TorchAdam.step','adam'),('ParameterSet.polyakFrom','polyak'),('ParameterSet.zeroGradients','zero-grad'),
          ('PtGradientCollector.backward','backward'),('ReplayBuffer.sample','replay-sample'),('HistoryFeatures.of','features'),
          ('A2cLosses','losses'),('trieMasked','trie-mask'),('MultiLevelCritic.value','critic-fwd'),
          ('teacherForce','teacher-force'),('softPass','soft-pass'),('SasRecEncoder','encoder-fwd'),
          ('SlateDecoder','decode'),('CatalogueScorer','catalogue-score'),('behaviorStep','behaviour'),
          ('HsrlAgent.act','act-other'),('HsrlAgent.update','update-other'),('RandomEnvironment','env'),('AgentBench','bench')]
    for n in names:
        for k,c in keys:
            if k in n: return c
    return 'other:'+ (names[0] if names else '?')
for e in ev:
    if e['type'] not in ('jdk.ExecutionSample','jdk.NativeMethodSample'): continue
    st=e['values'].get('stackTrace')
    if not st: continue
    fr=st['frames']
    if not any('io/hsrl' in f['method']['type']['name'] for f in fr): continue
    tot+=1
    c=cat(fr); cats[c]+=1
    leaf[fr[0]['method']['type']['name'].split('/')[-1]+'.'+fr[0]['method']['name']]+=1
print('samples',tot)
for c,n in cats.most_common(): print(f'{c:40s} {n:6d} {100*n/tot:5.1f}%')
print('--- leaf frames')
for c,n in leaf.most_common(25): print(f'{c:60s} {n:6d} {100*n/tot:5.1f}%')
