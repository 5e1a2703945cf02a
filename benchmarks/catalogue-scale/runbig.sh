#!/bin/bash
# Catalogue-scale comparison at 100k items (docs/benchmarks.md): NAME then the algorithm flags
cd /tmp/i10; n=$1; shift
java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -jar /tmp/r5/beh/quarkus-run.jar \
 compare --catalog-sizes 100k --churn 0,0.01,0.05 --seeds 3 \
  --seconds 40 --iterations 100000 --episodes 100 --churn-every 20 --max-churn-events 30 --users 2000 --rows-per-user 4 \
  --max-seq-len 20 --episode-batch-size 32 --batch-size 32 --start-timestamp 320 --buffer-size 20000 \
  --d-model 32 --n-head 4 --n-layer 1 --d-forward 64 --critic-hidden-dims 64,32 --actor-lr 0.0001 --device cpu \
  --out 100k/compare-100k-$n.json --markdown 100k/compare-100k-$n.md "$@" > 100k/$n.out 2> 100k/$n.err
echo "rc=$?" >> 100k/$n.err
