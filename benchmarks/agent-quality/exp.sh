#!/bin/bash
# usage: exp.sh NAME SEED [flags...]: one hsrl-mode compare run at 500 iterations
cd /tmp/q5; n=$1; seed=$2; shift 2
J="java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -jar /tmp/r5/beh/quarkus-run.jar"
$J compare --data /tmp/bl/synth --format rl4rs --simulator /tmp/bl/sim --index /tmp/bl/index --iterations ${ITER:-500} --episodes 200 --device cpu \
  --seeds $seed --algorithms hsrl --modes ${MODES:-hsrl} "$@" > x-$n-$seed.out 2> x-$n-$seed.err; echo "rc=$?" >> x-$n-$seed.err
