#!/bin/bash
# Agent-quality table (docs/benchmarks.md): 500 iterations, reference sizes, one process per (learner, seed)
cd /tmp/q5
J="java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -jar /tmp/r5/fix/quarkus-run.jar"
COMMON="--data /tmp/bl/synth --format rl4rs --simulator /tmp/bl/sim --index /tmp/bl/index --iterations 500 --episodes 200 --device cpu"
for job in "$@"; do
  name=${job%%:*}; rest=${job#*:}; algs=${rest%%:*}; rest=${rest#*:}; modes=${rest%%:*}; seed=${rest#*:}
  { date -u; uptime; } > $name-$seed.start
  $J compare $COMMON --seeds $seed --algorithms $algs --modes $modes > $name-$seed.out 2> $name-$seed.err
  echo "rc=$?" >> $name-$seed.err
  { date -u; uptime; } > $name-$seed.end
done
