#!/usr/bin/env bash
# Iterations per CPU-second of training at 100k items (the catalogue comparison's settings, no churn, one seed):
# HSRL with the behaviour loss, then flat A2C, each its own process. From the repository root, after
# `mvn -B -o -q -pl trainer-image -am install -DskipTests`. Rows (JSON) carry iterationsPerCpuSecond beside the
# wall-clock iterationsPerSecond.
set -euo pipefail
JAR=${JAR:-trainer-image/target/quarkus-app/quarkus-run.jar}
OUT=${OUT:-benchmarks/catalogue-scale/100k-cpu}
run() {
  name=$1; shift
  echo "load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)" > "$OUT/$name.err"
  java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -jar "$JAR" \
   compare --catalog-sizes 100k --churn 0 --seeds 1 "$@" \
    --seconds 40 --iterations 100000 --episodes 30 --churn-every 20 --max-churn-events 30 --users 2000 --rows-per-user 4 \
    --max-seq-len 20 --episode-batch-size 32 --batch-size 32 --start-timestamp 320 --buffer-size 20000 \
    --d-model 32 --n-head 4 --n-layer 1 --d-forward 64 --critic-hidden-dims 64,32 --actor-lr 0.0001 --device cpu \
    --out "$OUT/$name.json" --markdown "$OUT/$name.md" > "$OUT/$name.out" 2>> "$OUT/$name.err"
  echo "rc=$?, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)" >> "$OUT/$name.err"
}
run hsrl-behaviour --algorithms hsrl --behavior-lr 0.001
[ -n "${ONLY_HSRL:-}" ] || run a2c --algorithms a2c
