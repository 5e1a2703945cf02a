#!/bin/bash
# The worlds of the agent-quality tables, under /tmp/mlh: a synthetic 1k-item world (simulator + L=3 K=16 index) and
# MovieLens latest-small (ratings.csv as u.data; half-star ratings rounded down, 0.5 → 1, so click = rating ≥ 4 and
# like = 5 as for the other MovieLens files; the simulator's learned item vectors are what the index clusters).
set -e
mkdir -p /tmp/mlh/ml && cd /tmp/mlh
J="java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -jar ${TRAINER:-trainer-image/target/quarkus-app/quarkus-run.jar}"
$J generate --format rl4rs --items 1000 --users 1500 --seed 7 --out /tmp/mlh/s1k
$J simulator --data /tmp/mlh/s1k --format rl4rs --out /tmp/mlh/s1k-sim                 # validation AUC 0.751
$J index --catalog /tmp/mlh/s1k/item_info.csv --levels 3 --codebook-size 16 --balanced --out /tmp/mlh/s1k-idx
tail -n +2 ../shared/data/ml-latest-small/ratings.csv | awk -F, '{r=int($3); if(r<1) r=1; printf "%s\t%s\t%d\t%s\n", $1,$2,r,$4}' > ml/u.data
$J simulator --data /tmp/mlh/ml --format movielens --out /tmp/mlh/ml-sim                # validation AUC 0.667
$J index --catalog /tmp/mlh/ml-sim/item_vectors.csv --levels 3 --codebook-size 16 --balanced --out /tmp/mlh/ml-idx
