#!/bin/bash
# The demo's experiment without the platform, at the default size's world (2,000 items, 1,500 users, 8 rows each,
# dataset seed 7): trains on that world with the trainer, then lets the policy server's own code (ModelLoader,
# PolicyFactory) answer the demo's simulated users (GroundTruthUsers visits, as SimulatedUsers plays them), every
# model meeting the same users. Needs: mvn -o -q -DskipTests install (trainer-image, serving-image, deploy/local).
# Usage: run.sh OUT SEED...   (prints one table row per model; "logs" prints the logging policy's own figures)
# The treatment's settings are the quickstart sample's (deploy/samples/quickstart/02-hsrltraining-hsrl.yaml):
# HSRL_FLAGS overrides them.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
OUT=$(realpath -m "$1"); shift
T="java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -jar $ROOT/trainer-image/target/quarkus-app/quarkus-run.jar"
SAMPLE_FLAGS="--simulator-learning-rate 0.003 --simulator-epochs 4 --behavior-source conversions --behavior-lr 0.003"
mkdir -p "$OUT"
[ -d "$OUT/data" ] || $T generate --format rl4rs --items 2000 --users 1500 --rows-per-user 8 --seed 7 --out "$OUT/data"
[ -d "$OUT/index" ] || $T index --catalog "$OUT/data/item_info.csv" --levels 3 --codebook-size 16 --balanced --seed 42 \
  --collisions extraLevel --out "$OUT/index"
models=()
for s in "$@"; do
  [ -d "$OUT/sl-s$s" ] || $T train --data "$OUT/data" --format rl4rs --index "$OUT/index" --algorithm sl \
    --iterations 500 --checkpoint-every 100 --seed "$s" --out "$OUT/sl-s$s"
  # shellcheck disable=SC2086
  [ -d "$OUT/hsrl-s$s" ] || $T train --data "$OUT/data" --format rl4rs --index "$OUT/index" --algorithm hsrl --mode hsrl \
    --objective conversions --cost-budget +0% --iterations 500 --checkpoint-every 100 --seed "$s" \
    ${HSRL_FLAGS-$SAMPLE_FLAGS} --out "$OUT/hsrl-s$s"
  models+=("$OUT/sl-s$s/checkpoints/000000000500/manifest.json" "$OUT/hsrl-s$s/checkpoints/000000000500/manifest.json")
done
CP="$ROOT/deploy/local/target/classes:$ROOT/serving-image/target/classes:$ROOT/serving-image/target/quarkus-app/lib/main/*:$ROOT/deploy/local/target/lib/*"
mkdir -p "$OUT/classes"
javac -d "$OUT/classes" -cp "$CP" "$(dirname "$0")/OfflineAb.java"
# items users rowsPerUser simulatedUsers repeats trafficSeed beamWidth models...
java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -cp "$OUT/classes:$CP" \
  io.hsrl.local.demo.OfflineAb 2000 1500 8 1500 1 11 16 logs "${models[@]}"
