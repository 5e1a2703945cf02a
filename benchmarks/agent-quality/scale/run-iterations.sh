#!/bin/bash
# Synthetic catalogue rows at equal iterations (no churn; seeds 1..SEEDS, default 3): run-iterations.sh SIZE NAME ITERATIONS [flags]
# e.g. run-iterations.sh 10k sl1500 1500 --algorithms sl ; run-iterations.sh 10k oracle 1 --algorithms oracle,popular
# The agent sizes of run.sh; no wall-clock limit, so the budget is the same number of updates on a loaded machine.
# Writes runs/[RUNS/]SIZE-NAME.{json,md,out,err,start,end,time} (.time: the process's user and system CPU seconds).
D=$(cd "$(dirname "$0")" && pwd); mkdir -p "$D/runs/${RUNS:-.}" && cd "$D/runs/${RUNS:-.}"; size=$1; n=$2; iter=$3; shift 3
{ date -u; uptime; } > $size-$n.start
/usr/bin/time -f "cpu_user=%U cpu_sys=%S wall=%e" -o $size-$n.time \
 java -XX:+UseSerialGC -Dai.djl.offline=true -jar ${APP:-$D/../../../trainer-image/target/quarkus-app}/quarkus-run.jar \
 compare --catalog-sizes $size --churn 0 --seeds ${SEEDS:-3} \
  --seconds 0 --iterations $iter --episodes 100 --churn-every 20 --max-churn-events 30 --users 2000 --rows-per-user 4 \
  --max-seq-len 20 --episode-batch-size 32 --batch-size 32 --start-timestamp 320 --buffer-size 20000 \
  --d-model 32 --n-head 4 --n-layer 1 --d-forward 64 --critic-hidden-dims 64,32 --device cpu --threads 1 \
  --out $size-$n.json --markdown $size-$n.md "$@" > $size-$n.out 2> $size-$n.err
echo "rc=$?" >> $size-$n.err
{ date -u; uptime; } > $size-$n.end
