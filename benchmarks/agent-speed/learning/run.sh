#!/bin/bash
# usage: run.sh NAME MODE SEED: one row of the learning check on the synthetic 1k-item world s1k
# (../../agent-quality/hsrl-signal/prepare.sh: WORLDS holds s1k, s1k-sim, s1k-idx), hsrl mode's defaults or
# reference mode, 500 iterations, greedy evaluation of 200 episodes, one libtorch thread.
# APP = the trainer's quarkus-app folder of the build under test; output NAME-MODE-SEED.{out,log} here.
cd "$(dirname "$0")"
W=${WORLDS:-/tmp/mlh}
name=$1; mode=$2; seed=$3; n=$name-$mode-$seed
echo "start: $(date -u) $(uptime)" > $n.log
/usr/bin/time -v java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -jar ${APP:-../../../trainer-image/target/quarkus-app}/quarkus-run.jar compare --data $W/s1k --format rl4rs \
  --simulator $W/s1k-sim --index $W/s1k-idx --iterations 500 --episodes 200 --device cpu --threads 1 --seeds $seed \
  --algorithms hsrl --modes $mode > $n.out 2> $n.err
echo "rc=$?" >> $n.log
grep -E "User time|System time|Elapsed|Maximum resident" $n.err >> $n.log; rm -f $n.err
echo "end:   $(date -u) $(uptime)" >> $n.log
