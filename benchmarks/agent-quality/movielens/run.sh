#!/bin/bash
# usage: run.sh INDEX NAME SEED ALGORITHMS MODES [flags...]   INDEX = an index folder of prepare.sh without "-idx"
# One `trainer compare` on MovieLens latest-small: 500 iterations (ITER), greedy evaluation of 200 episodes, one libtorch
# thread, timed by /usr/bin/time -v (CPU seconds of the process beside wall clock). Output: $Q/INDEX-NAME-SEED.*
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
W=${W:-/work/scratch-mlens/w}; Q=${Q:-/work/scratch-mlens/q}
mkdir -p $Q && cd $Q
idx=$1; name=$2; seed=$3; algs=$4; modes=$5; shift 5
J="java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -jar ${APP:-$ROOT/trainer-image/target/quarkus-app}/quarkus-run.jar"
{ date -u; uptime; } > $idx-$name-$seed.start
/usr/bin/time -v $J compare --data $W/ml --format movielens --simulator $W/ml-sim --index $W/$idx-idx \
  --iterations ${ITER:-500} --episodes 200 --device cpu --seeds $seed --algorithms $algs --modes $modes "$@" \
  > $idx-$name-$seed.out 2> $idx-$name-$seed.err
echo "rc=$?" >> $idx-$name-$seed.err
{ date -u; uptime; } > $idx-$name-$seed.end
