#!/bin/bash
# Copies finished runs from the scratch folder (run.sh's output) into runs/: the compare JSON, start/end time and load,
# and the /usr/bin/time -v summary (the progress bars of the .err files are left out).
src=${1:-/work/scratch-mlens/q}
cd "$(dirname "$0")/runs"
for out in "$src"/*.out; do
  b=$(basename "$out" .out)
  [ -f "$src/$b.end" ] || continue
  cp "$src/$b.out" "$src/$b.start" "$src/$b.end" .
  grep -E '^	(Command being timed|User time|System time|Percent of CPU|Elapsed|Maximum resident)|^rc=' "$src/$b.err" > "$b.time"
done
