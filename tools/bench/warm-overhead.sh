#!/bin/bash
# The search's own overhead (stats.overheadNanos) in one warm JVM, one thread: compiles WarmOverhead.java against the built CLI.
set -euo pipefail
cd "$(dirname "$0")/../.."
./ttsvar --version >/dev/null
CP="$(cat ttsvar-cli/target/classpath.txt):$(ls ttsvar-cli/target/ttsvar-cli-*.jar | head -n 1)"
OUT="$(mktemp -d)"
javac -cp "$CP" -d "$OUT" tools/bench/WarmOverhead.java
ONEDNN_MAX_CPU_ISA=AVX java -Dttsvar.weights="$PWD/weights" -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -cp "$CP:$OUT" WarmOverhead
