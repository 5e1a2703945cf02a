#!/usr/bin/env bash
# Training CPU milliseconds per iteration of both policy modes at the reference sizes (AgentBench train), one libtorch
# thread (THREADS=N: N intra-op threads; then compare wall time, as CPU time adds up over threads). Usage, from the
# repository root: benchmarks/agent-speed/train.sh [iterations, default 300]
# BENCH_JAVA_OPTS=-Dbench.steady=true: warm up past hsrl mode's critic warm-up, so that every timed step trains the actor.
set -euo pipefail
ITER=${1:-300}
cd "$(dirname "$0")/../.."
mvn -B -q -o -pl core -am install -DskipTests >/dev/null
mvn -B -q -o -pl core test-compile >/dev/null
(cd core && mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
java -XX:+UseSerialGC ${BENCH_JAVA_OPTS:-} -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=${THREADS:-1} -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "core/target/classes:core/target/test-classes:$(cat core/target/bench-classpath.txt)" \
  io.hsrl.core.agent.AgentBench train "$ITER" 2>/dev/null | grep '^train'
