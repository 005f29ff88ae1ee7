#!/bin/bash
# generate at its defaults (TTS-VAR, N = 4) vs --strategy bon --n 4, alternating, 6 prompts; command wall and the search's own wall_ms
cd "$(dirname "$0")/../.."
prompts=("a photo of three circles" "a photo of a red star and a blue heart" "a photo of a cross left of a square" "a photo of a green ring" "a photo of a diamond and an arrow" "a photo of four hearts")
for p in "${prompts[@]}"; do
  for s in "" "--strategy bon"; do
    t0=$(date +%s.%N)
    j=$(./ttsvar generate "$p" $s --seed 0 --out /tmp/genratio --json 2>/dev/null | tail -1)
    t1=$(date +%s.%N)
    w=$(echo "$j" | python3 -c "import json,sys; print(json.load(sys.stdin)['stats']['wall_ms'])")
    echo "${s:-default} | $p | command $(python3 -c "print(round($t1-$t0,2))") s | search ${w} ms"
  done
done
