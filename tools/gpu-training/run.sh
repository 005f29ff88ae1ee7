#!/usr/bin/env bash
# Trains the VAR model with ttsvar's own trainer (`ttsvar train var`, DJL) on a GPU machine that has
# PyTorch but no Java, within one call of a few minutes. Needs .devkit/ from build-kit.sh (carry it).
#   bash tools/gpu-training/run.sh DEADLINE_S [WIDTH DEPTH HEADS BATCH LR WARMUP]
# It builds DJL's JNI against the machine's PyTorch (DJL ships none for it), checks the GPU (GpuSmoke),
# measures samples/s in a 60-step probe, sizes a cosine schedule to end DEADLINE_S seconds after the
# start, trains, and writes the exported F16 weights to $OUT/var-large in parts under 15 MB (the
# device tool returns files of at most 16 MiB) with the run's log. Reassemble with `cat part* >`.
# PROBE_BATCHES="512 1024" only measures samples/s at those batch sizes.
# Dry run on a CPU machine: LOCAL_TORCH_LIB=<a libtorch lib folder> LOCAL_JNI=<its libdjl_torch.so>.
set -u
T0=$(date +%s); DEADLINE=${1:-540}
WIDTH=${2:-256}; DEPTH=${3:-8}; HEADS=${4:-4}; BATCH=${5:-256}; LR=${6:-1.2e-3}; WARMUP=${7:-300}
K=$PWD/.devkit; O=${OUT:-/tmp/out}; mkdir -p "$O/var-large"
[ -d "$K/lib" ] || { echo "no .devkit: run tools/gpu-training/build-kit.sh and carry .devkit" >&2; exit 2; }
el() { echo $(( $(date +%s) - T0 )); }
log() { echo "[$(el)s] $*" | tee -a "$O/console.log"; }
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 | tee -a "$O/console.log"
mkdir -p /tmp/k && tar -xJf "$K/jre0.tar.xz" -C /tmp/k || { log "cannot unpack the JRE"; exit 2; }
JAVA=/tmp/k/jre0/bin/java
if [ -n "${LOCAL_TORCH_LIB:-}" ]; then
  TL=$LOCAL_TORCH_LIB; FLAVOR=cpu; cp "$LOCAL_JNI" "$TL/libdjl_torch.so"
else
  TL=$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__)+"/lib")'); FLAVOR=cu128
  python3 -c 'import torch;print("torch", torch.__version__, "cuda", torch.version.cuda)' 2>&1 | tee -a "$O/console.log"
  # DJL 0.34's prebuilt CUDA JNI (PyTorch 2.7.1) loads against PyTorch 2.11 but cannot read a GPU tensor
  # back ("Tensor that doesn't have storage"): inline header code differs, so compile the JNI here.
  TI=$(dirname "$TL")/include; SITE=$(dirname "$(dirname "$TL")"); B=/tmp/jnib; mkdir -p $B
  ABI=$(python3 -c 'import torch;print(int(torch.compiled_with_cxx11_abi()))')
  CUDA_INC="-I/usr/local/cuda/include -I$SITE/nvidia/cu13/include"  # where the 2026-12 machine image has cuda_runtime.h
  ls "$K"/jnisrc/src/*.cc | xargs -P "$(nproc)" -I{} sh -c "g++ -c -O2 -fPIC -std=c++17 -DUSE_CUDA -D_GLIBCXX_USE_CXX11_ABI=$ABI \
    -I$TI -I$TI/torch/csrc/api/include -I$K/jnisrc/include -I$K/jnisrc/jdk $CUDA_INC -w {} -o $B/\$(basename {} .cc).o 2>&1 | head -30" \
    | tee -a "$O/console.log"
  g++ -shared -o "$TL/libdjl_torch.so" $B/*.o -L"$TL" -Wl,-rpath,'$ORIGIN' -ltorch -ltorch_cpu -lc10 -ltorch_cuda -lc10_cuda 2>&1 | tail -20 | tee -a "$O/console.log"
  log "built DJL's JNI against $TL"
fi
CUDART=$(find "$(dirname "$(dirname "$TL")")" /usr/local/cuda/lib64 -name 'libcudart.so*' 2>/dev/null | head -1)
mkdir -p /tmp/cudart; [ -n "$CUDART" ] && ln -sf "$CUDART" /tmp/cudart/libcudart.so  # DJL finds the GPU through JNA and libcudart.so
export PYTORCH_LIBRARY_PATH=$TL PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=$FLAVOR TORCH_CPP_LOG_LEVEL=ERROR ONEDNN_MAX_CPU_ISA=AVX
JOPTS="-Xmx24g -Djna.library.path=/tmp/cudart -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=8 -Dai.djl.pytorch.num_interop_threads=1"
JOPTS="$JOPTS -Djava.awt.headless=true -Dttsvar.weights=$PWD/weights"
printf '#!/bin/bash\nexec %s %s -cp "%s" "$@"\n' "$JAVA" "$JOPTS" "$K/lib/*" > /tmp/jrun.sh; chmod +x /tmp/jrun.sh
timeout 90 /tmp/jrun.sh GpuSmoke > /tmp/smoke.log 2>&1; tail -25 /tmp/smoke.log | tee -a "$O/console.log"
grep -q "SMOKE OK" /tmp/smoke.log || { log "the device check failed"; exit 3; }
TRAIN=(/tmp/jrun.sh org.ttsvar.cli.Main train var --width "$WIDTH" --depth "$DEPTH" --heads "$HEADS" --self-correction 0.2 --lr "$LR" --warmup "$WARMUP")
probe() { # $1 = batch; prints the last log line of a 60-step run (its last 10 steps, warm)
  rm -rf /tmp/probe; timeout 150 "${TRAIN[@]}" --batch "$1" --steps 60 --out /tmp/probe > /tmp/probe.log 2>&1
  tail -1 /tmp/probe/log.jsonl
}
if [ -n "${PROBE_BATCHES:-}" ]; then
  for PB in $PROBE_BATCHES; do log "probe batch $PB: $(probe "$PB")"; done
  exit 0
fi
LINE=$(probe "$BATCH"); log "probe: $LINE"
SPS=$(python3 -c 'import json,sys;print(json.loads(sys.argv[1])["samples_per_s"])' "$LINE" 2>/dev/null || echo 0)
LEFT=$(( DEADLINE - $(el) - 40 ))
STEPS=$(python3 -c "print(int($LEFT*$SPS/$BATCH*0.9))")
log "$SPS samples/s; $LEFT s left: $STEPS steps of $BATCH"
[ "$STEPS" -ge "${MIN_STEPS:-200}" ] || { log "too few steps for a schedule; stopping"; exit 4; }
timeout $(( LEFT + 20 )) "${TRAIN[@]}" --batch "$BATCH" --steps "$STEPS" --out /tmp/large > /tmp/large.log 2>&1
log "training ended, exit status $?"
tail -c 2000 /tmp/large.log | tr '\r' '\n' | tail -3 | tee -a "$O/console.log"
/tmp/jrun.sh org.ttsvar.cli.Main train export --run /tmp/large --out /tmp/exp 2>&1 | tail -2 | tee -a "$O/console.log"  # the newest checkpoint, also after a timeout
cp /tmp/exp/config.json /tmp/large/run.json /tmp/large/log.jsonl "$O/var-large/"
(cd /tmp/exp && split -b 15000000 -d model.safetensors "$O/var-large/model.safetensors.part")
sha256sum /tmp/exp/model.safetensors | tee -a "$O/console.log"
log "done"
