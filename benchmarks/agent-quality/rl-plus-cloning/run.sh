#!/bin/bash
# usage: run.sh NAME SEED ALGORITHMS [trainer flags...]: one row on the synthetic 1k-item world s1k of
# ../hsrl-signal/prepare.sh (same protocol: 500 iterations, greedy evaluation of 200 episodes, reference sizes,
# one libtorch thread). WORLDS = the folder holding s1k, s1k-sim, s1k-idx; APP = the trainer's quarkus-app folder;
# RUNS = the output folder under runs/ (default runs/). ALGORITHMS may name oracle (the simulator's own top-K).
D=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$D/runs/${RUNS:-.}" && cd "$D/runs/${RUNS:-.}"
W=${WORLDS:-/tmp/mlh}
name=$1; seed=$2; algs=$3; shift 3
J="java -XX:+UseSerialGC -Dai.djl.offline=true -jar ${APP:-$D/../../../trainer-image/target/quarkus-app}/quarkus-run.jar"
{ date -u; uptime; } > s1k-$name-$seed.start
/usr/bin/time -f "cpu_user=%U cpu_sys=%S wall=%e" -o s1k-$name-$seed.time $J compare --data $W/s1k --format rl4rs --simulator $W/s1k-sim --index $W/s1k-idx \
  --iterations ${ITER:-500} --episodes 200 --device cpu --threads 1 --seeds $seed --algorithms $algs --modes hsrl "$@" \
  > s1k-$name-$seed.out 2> s1k-$name-$seed.err
echo "rc=$?" >> s1k-$name-$seed.err
{ date -u; uptime; } > s1k-$name-$seed.end
