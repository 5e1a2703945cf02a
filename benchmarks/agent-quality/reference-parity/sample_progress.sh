#!/bin/bash
# usage: sample_progress.sh PREFIX LOG [SEEDS...]
# Once a minute, appends to LOG one line per seed s (default 1 2 3) from PREFIX-s$s/progress.json (run_java.sh's OUT):
# SEED ITERATION REWARD ENTROPY [LEVEL ENTROPIES] ACTOR_LOSS CRITIC_LOSS (diagnostics.py reads it). Stop it by its pid.
P=$1; LOG=$2; shift 2; SEEDS=${*:-1 2 3}
while true; do
  for s in $SEEDS; do
    python3 -c "
import json
p = json.load(open('$P-s$s/progress.json'))
m = p['metrics']
print($s, p['iteration'], round(m['avgTotalReward'], 3), m.get('entropy'), m.get('levelEntropies'), m.get('actorLoss'),
      m.get('criticLoss'))
" >> "$LOG" 2>/dev/null
  done
  sleep 60
done
