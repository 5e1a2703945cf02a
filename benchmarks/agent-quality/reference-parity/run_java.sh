#!/bin/bash
# usage: run_java.sh JAR SIMULATOR DATA SIDS OUT SEED ITERATIONS [extra train options...]
# reference mode on the imported reference simulator; SIDS = the reference's sid_index_item2sid.npy, or "index:DIR"
# for this project's own index. One libtorch thread; one progress line per iteration (--progress-seconds 0).
JAR=$1; SIM=$2; D=$3; SIDS=$4; O=$5; SEED=$6; N=$7; shift 7
if [[ $SIDS == index:* ]]; then SIDOPT="--index ${SIDS#index:}"; else SIDOPT="--reference-sids $SIDS"; fi
mkdir -p "$(dirname "$O")"
( time java -Dai.djl.offline=true -jar "$JAR" train --algorithm hsrl --mode reference --simulator "$SIM" \
    --data "$D" --format rl4rs $SIDOPT --iterations "$N" --checkpoint-every 1000 --seed "$SEED" --out "$O" \
    --device cpu --threads 1 --progress-seconds 0 "$@" ) > "$O.log" 2>&1
