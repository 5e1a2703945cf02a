#!/bin/bash
# Prints every run of this folder, one `trainer compare` each (../movielens/run.sh and run-s1k.sh), and builds the
# plain k-means indexes it needs. World: ../movielens/prepare.sh (it also writes the separating index ml32s).
# Runs two at a time: ./jobs.sh | xargs -P 2 -I{} sh -c '{}'
# Outputs land in $Q (run.sh's default /work/scratch-mlens/q) and $Q60; copy them to runs/ and runs-cpu60/.
# hsrl mode's defaults are --ground-tokens 1 --entropy-target 0.5 ("gh1et5"); the other rows name what they change.
M=$(cd "$(dirname "$0")/../movielens" && pwd)
W=${W:-/work/scratch-mlens/w}
WP=${WP:-/work/scratch-mlens/wp}
T="java -jar ${APP:-$M/../../../trainer-image/target/quarkus-app}/quarkus-run.jar"
D="--ground-tokens 0 --entropy-target 0"   # heads as drawn, one entropy coefficient
[ -d $W/ml32p-idx ] || $T index --catalog $W/ml-sim/item_vectors.csv --levels 3 --codebook-size 32 --kmeans plain \
  --collisions extraLevel --out $W/ml32p-idx >&2
if [ ! -d $WP/s1k-idx ]; then   # the synthetic 1k world on a plain k-means index
  mkdir -p $WP && ln -sfn $W/s1k $WP/s1k && ln -sfn $W/s1k-sim $WP/s1k-sim
  $T index --catalog $W/s1k/item_info.csv --levels 3 --codebook-size 16 --kmeans plain --out $WP/s1k-idx >&2
fi
C60="env ITER=100000 Q=\${Q60:-/work/scratch-mlens/q60}"
for s in 1 2 3 4; do
  r="$M/run.sh ml32"
  echo "$r pop $s popular,random hsrl --threads 1"
  [ $s -le 2 ] && echo "$r oracle $s oracle,popular hsrl --threads 1"
  echo "$r sl $s sl hsrl --threads 1"
  echo "$r a2c $s a2c hsrl --threads 1"
  echo "$r base $s hsrl hsrl --threads 1 $D"
  echo "$r gh1 $s hsrl hsrl --threads 1 --ground-tokens 1 --entropy-target 0"
  echo "$r et5 $s hsrl hsrl --threads 1 --ground-tokens 0 --entropy-target 0.5"
  echo "$r gh05et5 $s hsrl hsrl --threads 1 --ground-tokens 0.5"
  echo "$r gh1et5 $s hsrl hsrl --threads 1"
  echo "$r gh1et5ic0 $s hsrl hsrl --threads 1 --item-credit 0"
  echo "$r gh1et5tl0 $s hsrl hsrl --threads 1 --token-lambda 0"
  echo "$r gh1et5cw0 $s hsrl hsrl --threads 1 --critic-warmup 0"
  echo "$r gh1et5tc0 $s hsrl hsrl --threads 1 --token-critic false"
  echo "$r gh1et5rs0 $s hsrl hsrl --threads 1 --residual-state false"
  echo "$r behlogs $s hsrl hsrl --threads 1 $D --behavior-lr 0.001 --behavior-source logs"
  echo "$r clone $s hsrl hsrl --threads 1 $D --actor-lr 0 --behavior-lr 0.001 --behavior-source logs"
  echo "$r behc1 $s hsrl hsrl --threads 1 $D --behavior-lr 0.001 --behavior-source logs --behavior-contrast 1"
  echo "$r behc1g $s hsrl hsrl --threads 1 --behavior-lr 0.001 --behavior-source logs --behavior-contrast 1"
  for i in ml32s ml32p; do
    echo "$M/run.sh $i base $s hsrl hsrl --threads 1 $D"
    echo "$M/run.sh $i gh1et5 $s hsrl hsrl --threads 1"
  done
  # equal compute: 60 CPU-seconds of each learner's training thread
  echo "$C60 $M/run.sh ml32 base $s hsrl hsrl --threads 1 --cpu-seconds 60 $D"
  echo "$C60 $M/run.sh ml32 gh1et5 $s hsrl hsrl --threads 1 --cpu-seconds 60"
  echo "$C60 $M/run.sh ml32p base $s hsrl hsrl --threads 1 --cpu-seconds 60 $D"
done
for s in 1 2 3 4 5 6 7 8; do
  echo "$C60 $M/run.sh ml32 a2c $s a2c hsrl --threads 1 --cpu-seconds 60"
  echo "$C60 $M/run.sh ml32p gh1et5 $s hsrl hsrl --threads 1 --cpu-seconds 60"
done
for s in 1 2 3; do
  echo "$M/run-s1k.sh base $s $D"
  echo "$M/run-s1k.sh gh1et5 $s"
  echo "$M/run-s1k.sh gh05et5 $s --ground-tokens 0.5"
  echo "env W=$WP $M/run-s1k.sh plainbase $s $D"
  echo "env W=$WP $M/run-s1k.sh plaingh1et5 $s"
  echo "$C60 $M/run-s1k.sh base $s --cpu-seconds 60 $D"
  echo "$C60 $M/run-s1k.sh gh1et5 $s --cpu-seconds 60"
done
