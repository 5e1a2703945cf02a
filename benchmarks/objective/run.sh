#!/bin/bash
# The declared objective on a small synthetic world: generate, fit the simulator, build the index, then train hsrl
# with --objective conversions --cost-budget 0 (the logging policy's own cost per exposure; or the objective and
# budget given) and evaluate the trained model greedily.
# Usage: benchmarks/objective/run.sh <trainer quarkus-run.jar> <scratch folder> [seed] [iterations] [objective] [budget]
set -e
JAR=${1:?trainer jar}; W=${2:?scratch folder}; SEED=${3:-1}; IT=${4:-600}; OBJ=${5:-conversions}; BUDGET=${6:-0}
NAME=$OBJ-${BUDGET//%/pct}-$SEED
J="java -XX:+UseSerialGC -Dai.djl.offline=true -jar $JAR"
mkdir -p "$W"
[ -f "$W/synth/item_info.csv" ] || $J generate --format rl4rs --items 200 --users 300 --rows-per-user 4 --seed 3 --out "$W/synth"
[ -f "$W/sim/urm.json" ] || $J simulator --data "$W/synth" --format rl4rs --out "$W/sim" --epochs 2 --device cpu --threads 1
[ -f "$W/index/stats.json" ] || $J index --catalog "$W/synth/item_info.csv" --levels 2 --codebook-size 16 --balanced --seed 1 --out "$W/index"
{ date -u; uptime; } >&2
/usr/bin/time -f "cpu user %U s sys %S s wall %e s" $J train --data "$W/synth" --format rl4rs --simulator "$W/sim" \
  --index "$W/index/stats.json" --algorithm hsrl --objective "$OBJ" --cost-budget "$BUDGET" --iterations "$IT" \
  --checkpoint-every "$IT" --seed "$SEED" --progress-seconds 10 --device cpu --threads 1 --out "$W/model-$NAME"
$J evaluate --model "$W/model-$NAME" --episodes 200 --seed 9 --device cpu --threads 1
