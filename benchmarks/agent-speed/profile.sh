#!/usr/bin/env bash
# JFR profile of AgentBench train for one mode: per-phase milliseconds per iteration and samples by native call.
# Usage, from the repository root: benchmarks/agent-speed/profile.sh hsrl|reference [iterations, default 100]
# BENCH_JAVA_OPTS=-Dbench.steady=true: warm up past hsrl mode's critic warm-up, so that every timed step trains the actor.
set -euo pipefail
MODE=$1
ITER=${2:-100}
cd "$(dirname "$0")/../.."
mvn -B -q -o -pl core -am install -DskipTests >/dev/null
mvn -B -q -o -pl core test-compile >/dev/null
(cd core && mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
JFC=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc
sed '/jdk.ExecutionSample"\|jdk.NativeMethodSample"/,/<\/event>/ s/[0-9]* ms</10 ms</' "$JFC" > "$W/profile.jfc"
java -XX:+UseSerialGC ${BENCH_JAVA_OPTS:-} -XX:StartFlightRecording=filename="$W/rec.jfr",settings="$W/profile.jfc" -Dai.djl.offline=true \
  -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "core/target/classes:core/target/test-classes:$(cat core/target/bench-classpath.txt)" \
  io.hsrl.core.agent.AgentBench train "$ITER" "$MODE" 2>/dev/null | grep '^train' | tee "$W/out"
jfr print --json --stack-depth 64 --events jdk.ExecutionSample,jdk.NativeMethodSample "$W/rec.jfr" > "$W/rec.json"
MS=$(sed -n 's/.*CPU \([0-9.]*\) ms\/iteration.*/\1/p' "$W/out")
python3 benchmarks/agent-speed/phases.py "$W/rec.json" "$MS" core/src/main/java/io/hsrl/core/agent/HsrlAgent.java
python3 benchmarks/agent-speed/categories.py "$W/rec.json" | head -22
