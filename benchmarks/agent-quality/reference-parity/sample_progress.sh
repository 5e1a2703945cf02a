#!/bin/bash
# every 60 s: iteration, entropy, level entropies, actor/critic loss of each Java seed's progress.json
while true; do
  for s in 1 2 3; do
    python3 -c "
import json,sys
p=json.load(open('/work/scratch-refcurve/java-s$s/progress.json'))
m=p['metrics']
print($s, p['iteration'], round(m['avgTotalReward'],3), m.get('entropy'), m.get('levelEntropies'), m.get('actorLoss'), m.get('criticLoss'))
" >> /work/scratch-refcurve/java-entropy.log 2>/dev/null
  done
  sleep 60
done
