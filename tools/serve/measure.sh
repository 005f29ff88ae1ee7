#!/usr/bin/env bash
# Measures ttsvar serve against one-at-a-time CLI calls on this machine (docs/serve.md):
#   1. throughput: the same PROMPTS × seeds as `./ttsvar generate` calls one after another, then as API
#      requests from 4 concurrent clients to one server (ratio = CLI time / API time);
#   2. memory: REQUESTS cheap requests (strategy raw) to the same server, its RSS and heap after a full GC
#      every 100 requests.
# Usage: tools/serve/measure.sh [REQUESTS=500] [PORT=18123]   (run it under nice on a shared machine)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
REQUESTS="${1:-500}"
PORT="${2:-18123}"
OUT="$(mktemp -d)"
PROMPTS=("a photo of a red circle and a blue square" "a photo of three circles" "a photo of a star left of a heart" "a photo of a green ring")
SEEDS=(0 1)
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

./ttsvar --version >/dev/null # builds on first use, outside the timings
start=$(date +%s.%N)
for p in "${PROMPTS[@]}"; do for s in "${SEEDS[@]}"; do
  ./ttsvar generate "$p" --n 2 --seed "$s" --out "$OUT/cli" >/dev/null 2>&1
done; done
cli=$(echo "$(date +%s.%N) - $start" | bc)
echo "CLI, one generate after another: ${#PROMPTS[@]} prompts × ${#SEEDS[@]} seeds, ttsvar N=2: $cli s"

./ttsvar serve --port "$PORT" --queue 16 --runs "$OUT/runs" 2>"$OUT/serve.err" &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true' EXIT
until grep -q "ttsvar serve: http" "$OUT/serve.err"; do sleep 0.5; done
PID=$(jcmd | awk '/org.ttsvar.cli.Main serve --port '"$PORT"'/ {print $1}')
request() { curl -sf "http://127.0.0.1:$PORT/v1/images/generations" -d "$1" -o /dev/null; }
export -f request; export PORT
bodies() { for p in "${PROMPTS[@]}"; do for s in "${SEEDS[@]}"; do printf '{"prompt": "%s", "budget": 2, "seed": %s}\n' "$p" "$s"; done; done; }
start=$(date +%s.%N)
bodies | tr '\n' '\0' | xargs -0 -P 4 -I{} bash -c 'request "$1"' _ {}
api=$(echo "$(date +%s.%N) - $start" | bc)
echo "API, 4 concurrent clients, one server: the same ${#PROMPTS[@]} × ${#SEEDS[@]} requests: $api s; CLI / API = $(echo "scale=2; $cli / $api" | bc)"

first=$(date +%s.%N)
curl -sf "http://127.0.0.1:$PORT/v1/images/generations" -d '{"prompt": "a photo of a red circle and a blue square", "budget": 2}' -o /dev/null
echo "one request to the warm server (ttsvar N=2): $(echo "$(date +%s.%N) - $first" | bc) s"

memory() {
  jcmd "$PID" GC.run >/dev/null
  heap=$(jcmd "$PID" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {print $(i+1); exit}}')
  echo "after $1 raw requests: RSS $(($(awk '/VmRSS/ {print $2}' /proc/$PID/status) / 1024)) MiB, heap used after GC $heap"
}
memory 0
for i in $(seq 1 "$REQUESTS"); do
  request "{\"prompt\": \"a photo of a red circle and a blue square\", \"strategy\": \"raw\", \"seed\": $i}"
  if [ $((i % 100)) -eq 0 ]; then memory "$i"; fi
done
kill -TERM $SERVER; wait $SERVER || true
tail -1 "$OUT/serve.err"
