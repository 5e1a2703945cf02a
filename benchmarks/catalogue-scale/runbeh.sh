#!/bin/bash
# Catalogue-scale comparison, HSRL with the behaviour loss (docs/benchmarks.md): one process per catalogue size
cd /tmp/i10; size=$1
java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -jar /tmp/r5/behaviour-loss/quarkus-run.jar \
 compare --catalog-sizes $size --churn 0,0.01,0.05 --algorithms hsrl --behavior-lr 0.001 --seeds 3 \
  --seconds 40 --iterations 100000 --episodes 100 --churn-every 20 --max-churn-events 30 --users 2000 --rows-per-user 4 \
  --max-seq-len 20 --episode-batch-size 32 --batch-size 32 --start-timestamp 320 --buffer-size 20000 \
  --d-model 32 --n-head 4 --n-layer 1 --d-forward 64 --critic-hidden-dims 64,32 --actor-lr 0.0001 --device cpu \
  --out behaviour-loss/compare-$size.json --markdown behaviour-loss/compare-$size.md > behaviour-loss/$size.out 2> behaviour-loss/$size.err
echo "rc=$?" >> behaviour-loss/$size.err
