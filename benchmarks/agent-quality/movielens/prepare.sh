#!/bin/bash
# The MovieLens latest-small world and its indexes, under $W (default /work/scratch-mlens/w):
#   ml/      ratings.csv as u.data (half stars rounded down, 0.5 -> 1: click = rating >= 4), with the dataset's README
#   ml-sim/  the simulator fitted on it (its item vectors are what the indexes quantise)
#   <name>-idx/  one index per row of the index ablation (balanced residual k-means; --collisions as named)
# The same world as ../hsrl-signal/prepare.sh's "ml" (the simulator there was fitted with the same command and seed).
set -e
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
W=${W:-/work/scratch-mlens/w}
DATA=${DATA:-/work/shared/data/ml-latest-small}
J="java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -jar ${APP:-$ROOT/trainer-image/target/quarkus-app}/quarkus-run.jar"
mkdir -p $W/ml
tail -n +2 $DATA/ratings.csv | awk -F, '{r=int($3); if(r<1) r=1; printf "%s\t%s\t%d\t%s\n", $1,$2,r,$4}' > $W/ml/u.data
cp $DATA/README.txt $W/ml/
[ -f $W/ml-sim/urm.json ] || $J simulator --data $W/ml --format movielens --out $W/ml-sim     # validation AUC 0.708 (0.667 with the simulator of earlier builds)
V=$W/ml-sim/item_vectors.csv
idx() { $J index --catalog $1 --levels $2 --codebook-size $3 --balanced --collisions $4 --out $W/$5-idx; }
idx $V 3 16 extraLevel ml16        # 90% colliding items, SID length 4
idx $V 3 32 extraLevel ml32        # 32% colliding, SID length 4
idx $V 3 32 reassign ml32r         # the same codebook, colliding items moved to the nearest free code: SID length 3
idx $V 4 16 reassign ml16x4r       # 19% colliding before reassignment, SID length 4
idx $V 2 128 extraLevel ml2x128    # 48% colliding, SID length 3
# separating k-means: balanced within each prefix group, so no two items share a SID (SID length 3)
$J index --catalog $V --levels 3 --codebook-size 32 --kmeans separating --collisions extraLevel --out $W/ml32s-idx
# an index whose first level separates items by their logged appeal: the vectors plus one column, the item's smoothed
# click rate in the logs, scaled to 4x the vectors' per-dimension standard deviation
python3 "$ROOT/benchmarks/agent-quality/movielens/appeal_catalog.py" $V $W/ml/u.data $W/appeal4.csv 4
idx $W/appeal4.csv 3 32 reassign ml32ar
# the synthetic 1k-item world of ../hsrl-signal/ (run-s1k.sh): 1,000 items, 1,500 users, its simulator, L=3 K=16 balanced
[ -d $W/s1k ] || $J generate --format rl4rs --items 1000 --users 1500 --seed 7 --out $W/s1k
[ -f $W/s1k-sim/urm.json ] || $J simulator --data $W/s1k --format rl4rs --out $W/s1k-sim   # validation AUC 0.751
$J index --catalog $W/s1k/item_info.csv --levels 3 --codebook-size 16 --balanced --out $W/s1k-idx
