#!/usr/bin/python3
"""The reference Infinity's generation time on a config of a given size, for comparing with the Java port on the
same machine and thread count (tools/bench/infinity-vs-reference.sh runs both, alternating).

    /usr/bin/python3 tools/parity/infinity/time_reference.py --ref /work/scratch/infinity-ref --save DIR --depth 8 --width 512
        builds the reference's Infinity at that size (heads of 128, FFN ×4, text channels 2048 and text maxlen 512 as
        the 2B's) with make_goldens.py's tiny BSQ VAE, every parameter random, and writes DIR/infinity.pth,
        DIR/vae.pth (the official layouts) and DIR/text.safetensors (random text states of 12 tokens; text.pt the same).
    /usr/bin/python3 tools/parity/infinity/time_reference.py --ref ... --time DIR --threads 1 [--runs 3] [--pn 0.06M]
        loads them into the reference and times autoregressive_infer_cfg (CFG 3, τ 0.5, top-p 0.97, the decode
        included) --runs times in one process, as `ttsvar speed --model infinity` times the port; prints one JSON line
        {"runs": [{"total_s", "decode_s"}, ...], "first_s", "median_s" (of the runs after the first), "threads", ...}.

Debian's python3-torch multiplies matrices with the system BLAS: install libopenblas0-pthread (the generic reference
BLAS is ~30x slower) and set OPENBLAS_NUM_THREADS to the thread count, as tools/bench/infinity-vs-reference.sh does.
"""
import argparse
import json
import os
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
import make_goldens  # noqa: E402
import shim_torch  # noqa: E402
from goldenio import write_safetensors  # noqa: E402

TEXT_T = 12


def build(vae, depth, width):
    from infinity.models.infinity import Infinity
    return Infinity(vae_local=vae, text_channels=2048, text_maxlen=512, depth=depth, embed_dim=width, num_heads=width // 128,
                    block_chunks=2, **make_goldens.infinity_kwargs("0.06M")).eval()  # the layout the release saves (block_chunks.C.module.J)


def save(folder, depth, width):
    os.makedirs(folder, exist_ok=True)
    torch.manual_seed(0)
    vae = make_goldens.build_vae()
    model = build(vae, depth, width)
    make_goldens.randomize(model, seed=5)
    torch.save(model.state_dict(), os.path.join(folder, "infinity.pth"))
    torch.save({"vae": {k: v for k, v in vae.state_dict().items() if not k.startswith("encoder.")}}, os.path.join(folder, "vae.pth"))
    text = torch.randn(TEXT_T, 2048, generator=torch.Generator().manual_seed(6))
    write_safetensors(os.path.join(folder, "text.safetensors"), {"text.features": text}, {})   # for ttsvar
    torch.save(text, os.path.join(folder, "text.pt"))                                                 # for this script
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump({"depth": depth, "width": width}, f)


def run_once(model, vae, schedule, text):
    n = len(schedule)
    label = (text.clone(), [TEXT_T], torch.tensor([0, TEXT_T], dtype=torch.int32), TEXT_T)
    decode = vae.decode
    spent = {}

    def timed_decode(z):
        t0 = time.perf_counter()
        out = decode(z)
        spent["decode"] = time.perf_counter() - t0
        return out
    vae.decode = timed_decode
    try:
        t0 = time.perf_counter()
        with torch.no_grad():
            model.autoregressive_infer_cfg(vae=vae, scale_schedule=schedule, label_B_or_BLT=label, B=1, g_seed=1, cfg_list=[3.0] * n,
                                           tau_list=[0.5] * n, top_k=900, top_p=0.97, returns_vemb=1, vae_type=32,
                                           cfg_insertion_layer=[0], ret_img=True, inference_mode=True)
        return time.perf_counter() - t0, spent["decode"]
    finally:
        vae.decode = decode


def time_it(folder, threads, pn, runs):
    from infinity.utils.dynamic_resolution import dynamic_resolution_h_w
    torch.set_num_threads(threads)
    with open(os.path.join(folder, "config.json")) as f:
        size = json.load(f)
    vae = make_goldens.build_vae()
    vae_sd = torch.load(os.path.join(folder, "vae.pth"))["vae"]
    vae.load_state_dict(vae_sd, strict=False)
    model = build(vae, size["depth"], size["width"])
    # the same state dict this script saved: torch 1.13's Module.load_state_dict (Infinity's override passes `assign`, a torch 2 argument)
    torch.nn.Module.load_state_dict(model, torch.load(os.path.join(folder, "infinity.pth")))
    schedule = [(1, h, w) for _, h, w in dynamic_resolution_h_w[1.0][pn]["scales"]]
    text = torch.load(os.path.join(folder, "text.pt"))
    done = [run_once(model, vae, schedule, text) for _ in range(runs)]
    rest = sorted(t for t, _ in done[1:]) or [done[0][0]]
    median = rest[len(rest) // 2] if len(rest) % 2 else (rest[len(rest) // 2 - 1] + rest[len(rest) // 2]) / 2
    print(json.dumps({"runs": [{"total_s": round(t, 4), "decode_s": round(d, 4)} for t, d in done], "first_s": round(done[0][0], 4),
                      "median_s": round(median, 4), "threads": threads, "pn": pn, "depth": size["depth"], "width": size["width"],
                      "blas": torch.__config__.show().count("BLAS_INFO=generic") and "the system BLAS (update-alternatives libblas.so.3)"}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", default="/work/scratch/infinity-ref")
    ap.add_argument("--save")
    ap.add_argument("--time")
    ap.add_argument("--depth", type=int, default=8)
    ap.add_argument("--width", type=int, default=512)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--pn", default="0.06M")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    shim_torch.install(os.path.abspath(args.ref))
    if args.save:
        save(args.save, args.depth, args.width)
    if args.time:
        time_it(args.time, args.threads, args.pn, args.runs)


if __name__ == "__main__":
    main()
