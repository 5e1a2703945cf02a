#!/usr/bin/env bash
# Iterations per second of `trainer train` (hsrl, reference sizes) on one machine, with one libtorch thread (the
# default) and with as many as the machine has cores (libtorch's own default). Usage: threads.sh [iterations]
set -euo pipefail
ITER=${1:-40}
JAR=${JAR:-trainer-image/target/quarkus-app/quarkus-run.jar}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
java -jar "$JAR" generate --format rl4rs --items 1000 --users 600 --rows-per-user 4 --out "$W/data" >/dev/null 2>&1
java -jar "$JAR" simulator --data "$W/data" --format rl4rs --out "$W/sim" --epochs 1 --device cpu >/dev/null 2>&1
java -jar "$JAR" index --catalog "$W/data/item_info.csv" --levels 3 --codebook-size 16 --out "$W/index" >/dev/null 2>&1
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
for T in 1 "$(nproc)"; do
  start=$(date +%s.%N)
  java -jar "$JAR" train --data "$W/data" --format rl4rs --simulator "$W/sim" --index "$W/index" \
      --iterations "$ITER" --checkpoint-every 100000 --start-timestamp 256 --device cpu --threads "$T" \
      --out "$W/run-$T" >/dev/null 2>"$W/log-$T"
  end=$(date +%s.%N)
  echo "--threads $T: $ITER iterations (+ warm-up and start) in $(echo "$end - $start" | bc) s; last progress: $(grep '^iteration' "$W/log-$T" | tail -1)"
done
