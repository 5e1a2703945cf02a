#!/bin/bash
# usage: run.sh WORLD NAME SEED ALGS MODES [extra flags...]   (WORLD = s1k | ml)
cd /tmp/mlh/q
world=$1; name=$2; seed=$3; algs=$4; modes=$5; shift 5
fmt=rl4rs; case $world in ml*) fmt=movielens;; esac
J="java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -jar ${APP:-/work/wt-mlhsrl/trainer-image/target/quarkus-app}/quarkus-run.jar"
{ date -u; uptime; } > $world-$name-$seed.start
$J compare --data /tmp/mlh/$world --format $fmt --simulator /tmp/mlh/$world-sim --index /tmp/mlh/$world-idx \
  --iterations ${ITER:-500} --episodes 200 --device cpu --seeds $seed --algorithms $algs --modes $modes "$@" \
  > $world-$name-$seed.out 2> $world-$name-$seed.err
echo "rc=$?" >> $world-$name-$seed.err
{ date -u; uptime; } > $world-$name-$seed.end
