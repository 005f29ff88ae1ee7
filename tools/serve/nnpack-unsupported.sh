#!/usr/bin/env bash
# Shows PyTorch's "Could not initialize NNPACK! Reason: Unsupported hardware." on any machine (docs/serve.md,
# "Native warnings"): a one-line stand-in for NNPACK's nnp_initialize, which libtorch_cpu calls through its PLT,
# answers nnp_status_unsupported_hardware, as NNPACK does on a CPU it cannot use. Runs `generate` at its defaults
# with it under TORCH_CPP_LOG_LEVEL=WARNING and =ERROR (the launcher's), and counts the lines each time.
# Usage: tools/serve/nnpack-unsupported.sh   (needs a C compiler; run it under nice on a shared machine)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
echo 'int nnp_initialize(void) { return 51; } /* nnp_status_unsupported_hardware */' > "$TMP/nnp.c"
cc -shared -fPIC -o "$TMP/nnp.so" "$TMP/nnp.c"
"$ROOT/ttsvar" --version >/dev/null # builds on first use
for level in WARNING ERROR; do
  lines=$(LD_PRELOAD="$TMP/nnp.so" TORCH_CPP_LOG_LEVEL="$level" "$ROOT/ttsvar" generate "a photo of three circles" --out "$TMP/out-$level" 2>&1 >/dev/null \
    | grep -c "Could not initialize NNPACK" || true)
  echo "TORCH_CPP_LOG_LEVEL=$level: $lines NNPACK lines"
done
