#!/bin/bash
# The Java port of Infinity against the reference, same files, same machine, same threads, alternating:
#   tools/bench/infinity-vs-reference.sh DEPTH WIDTH [THREADS] [ROUNDS] [PN]
# makes a random model of that size with the reference (tools/parity/infinity/time_reference.py --save, heads of 128,
# text channels 2048, the tiny test VAE) under /work/scratch/speed, then ROUNDS times: the reference's
# autoregressive_infer_cfg 3 runs in one process, and `ttsvar speed --model infinity --runs 3` on the same files.
# Prints each round's medians (runs after the first) and first runs, and the Java/reference ratio of the medians.
# Needs /work/scratch/infinity-ref (see tools/parity/infinity/make_goldens.py) and libopenblas0-pthread.
set -euo pipefail
cd "$(dirname "$0")/../.."
depth=${1:-8}; width=${2:-512}; threads=${3:-1}; rounds=${4:-3}; pn=${5:-0.06M}
dir=/work/scratch/speed/d${depth}w${width}
export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads TTSVAR_THREADS=$threads
[ -f "$dir/infinity.pth" ] || /usr/bin/python3 tools/parity/infinity/time_reference.py --save "$dir" --depth "$depth" --width "$width" >/dev/null
for r in $(seq "$rounds"); do
  ref=$(/usr/bin/python3 tools/parity/infinity/time_reference.py --time "$dir" --threads "$threads" --runs 3 --pn "$pn" 2>/dev/null | tail -1)
  java=$(./ttsvar speed --model infinity --model-file "$dir/infinity.pth" --vae-file "$dir/vae.pth" --text-features "$dir/text.safetensors" \
      --pn "$pn" --runs 3 --json 2>/dev/null | tail -1)
  python3 - "$ref" "$java" "$r" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys
ref, java, r, load = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
print(f"round {r} (load {load}): reference median {ref['median_s']:.3f} s (first {ref['first_s']:.3f}), "
      f"ttsvar median {java['median_s']:.3f} s (first {java['first_s']:.3f}, peak RSS {java['peak_rss_mb']:.0f} MB): "
      f"ttsvar/reference {java['median_s'] / ref['median_s']:.2f}x")
PY
done
