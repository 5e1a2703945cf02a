#!/bin/bash
# usage: run-s1k.sh NAME SEED [flags...]
# hsrl mode on the synthetic 1k-item world of ../hsrl-signal/ (s1k, its simulator and its L=3 K=16 index, built by
# prepare.sh under $W), with the protocol of run.sh: 500 iterations (ITER), greedy evaluation of 200 episodes, one
# libtorch thread, timed by /usr/bin/time -v. Output: $Q/s1k-NAME-SEED.*
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
W=${W:-/work/scratch-mlens/w}; Q=${Q:-/work/scratch-mlens/q}
mkdir -p $Q && cd $Q
name=$1; seed=$2; shift 2
J="java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -jar ${APP:-$ROOT/trainer-image/target/quarkus-app}/quarkus-run.jar"
{ date -u; uptime; } > s1k-$name-$seed.start
/usr/bin/time -v $J compare --data $W/s1k --format rl4rs --simulator $W/s1k-sim --index $W/s1k-idx \
  --iterations ${ITER:-500} --episodes 200 --device cpu --threads 1 --seeds $seed --algorithms hsrl --modes hsrl "$@" \
  > s1k-$name-$seed.out 2> s1k-$name-$seed.err
echo "rc=$?" >> s1k-$name-$seed.err
{ date -u; uptime; } > s1k-$name-$seed.end
