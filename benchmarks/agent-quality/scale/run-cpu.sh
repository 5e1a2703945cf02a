#!/bin/bash
# Synthetic catalogue rows at equal compute (no churn, 3 seeds): run-cpu.sh SIZE NAME CPU_SECONDS [trainer flags...]
# Every learner trains until its training thread has used CPU_SECONDS (one libtorch thread, so that is all its compute,
# whatever else the machine runs). e.g. run-cpu.sh 100k base 20 --algorithms hsrl,a2c,sl,popular,random
# Writes runs/cpu/SIZE-NAME.{json,md,out,err,start,end}. APP = the trainer's quarkus-app folder.
mkdir -p "$(dirname "$0")/runs/cpu" && cd "$(dirname "$0")/runs/cpu"; size=$1; n=$2; budget=$3; shift 3
{ date -u; uptime; } > $size-$n.start
java -XX:+UseSerialGC -Dai.djl.offline=true -jar ${APP:-../../../../../trainer-image/target/quarkus-app}/quarkus-run.jar \
 compare --catalog-sizes $size --churn 0 --seeds 3 \
  --cpu-seconds $budget --iterations 100000 --episodes 100 --churn-every 20 --max-churn-events 30 --users 2000 --rows-per-user 4 \
  --max-seq-len 20 --episode-batch-size 32 --batch-size 32 --start-timestamp 320 --buffer-size 20000 \
  --d-model 32 --n-head 4 --n-layer 1 --d-forward 64 --critic-hidden-dims 64,32 --device cpu --threads 1 \
  --out $size-$n.json --markdown $size-$n.md "$@" > $size-$n.out 2> $size-$n.err
echo "rc=$?" >> $size-$n.err
{ date -u; uptime; } > $size-$n.end
