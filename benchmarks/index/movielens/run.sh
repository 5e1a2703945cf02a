#!/bin/bash
# Index table (docs/benchmarks.md, "Separating k-means on MovieLens"): one build per (levels, K, mode), one at a time.
# $1: the MovieLens item vectors (9,724 × 16, written by trainer simulator); $2: a scratch folder for the indexes.
C=$1
W=$2
J="java -XX:+UseSerialGC -Dai.djl.offline=true -jar trainer-image/target/quarkus-app/quarkus-run.jar"
run() {
  name=$1; shift
  $J index --catalog "$C" --collisions extraLevel --out "$W/$name-idx" "$@" > $name.json 2> $name.err
  grep '^index:' $name.err > $name.log
}
run k32s --levels 3 --codebook-size 32 --kmeans separating
run k32b --levels 3 --codebook-size 32 --balanced
run k16s --levels 3 --codebook-size 16 --kmeans separating
run k16b --levels 3 --codebook-size 16 --balanced
run L4k16separating --levels 4 --codebook-size 16 --kmeans separating
run L4k16balanced --levels 4 --codebook-size 16 --kmeans balanced
