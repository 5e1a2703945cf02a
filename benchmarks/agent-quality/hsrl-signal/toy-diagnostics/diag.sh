#!/bin/bash
# usage: diag.sh NAME args...
name=$1; shift
cd /work/wt-mlhsrl
java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp core/target/classes:core/target/test-classes:$(cat /tmp/mlh/cp.txt) io.hsrl.core.agent.HsrlDiagnosticsBench "$@" > /tmp/mlh/diag-$name.out 2>/tmp/mlh/diag-$name.err
