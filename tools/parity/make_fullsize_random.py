#!/usr/bin/python3
"""Full-size random checkpoints in the official formats, for measuring memory and time on the real sizes
(speed and memory do not depend on the weights' values). Nothing here is committed: the files are ~8 GB.

    TTSVAR_THREADS=1 OMP_NUM_THREADS=1 XFORMERS_DISABLED=1 /usr/bin/python3 tools/parity/make_fullsize_random.py \\
        --out /work/scratch/fullsize [--only vae,infinity,dinov2,imagereward,text,tokenizer] \\
        [--infinity-ref /work/scratch/infinity-ref] [--dinov2-ref /work/scratch/dinov2-ref] \\
        [--imagereward-ref /work/scratch/imagereward-ref] [--bert-vocab /work/scratch/bert-ref/vocab.txt]

Each model is built by the reference code exactly as its golden script builds the tiny one, at the release's
sizes, in a process of its own (the golden scripts' stubs would collide in one):
  infinity_vae_d32reg.pth   {"vae": state_dict} of vae_model(codebook 32, patch 16, ch_mult 1,2,4,4,4) as
                            run_infinity.py's load_visual_tokenizer builds it; every parameter random (F32).
  infinity_2b_reg.pth       plain state dict of the 2B config (depth 32, width 2048, 16 heads, block_chunks 8,
                            text channels 2048, text maxlen 512): the module is built on the meta device (as
                            infinity_2b_keys.json is) and each tensor drawn alone, the golden script's scaling,
                            saved in BF16 as the release is (4.4 GB instead of 8.8 GB); zero_k_bias stays zero.
  dinov2_vitl14_reg4_pretrain.pth  plain state dict of dinov2_vitl14_reg(pretrained=False), random (F32).
  ImageReward.pt            plain state dict of ImageReward(med_config = the release's med_config.json), random
                            (F32).
  bert-base-uncased/tokenizer.json  bert-base-uncased's tokenizer.json layout (the committed tiny_tokenizer.json's)
                            over the real vocab.txt given with --bert-vocab (see imagereward/make_tokenizer_goldens.py).
  text_features.safetensors text.features F32 [12, 2048]: random stand-in for a ~12-token prompt's Flan-T5-XL
                            states (the T5 encoder is not part of these measurements).
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
PARTS = ("vae", "infinity", "dinov2", "imagereward", "text", "tokenizer")
TINY_TOKENIZER = os.path.join(HERE, "..", "..", "ttsvar-models", "src", "test", "resources", "imagereward",
                              "tiny_tokenizer.json")


def module(path, name):
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, path))
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def full_vae(gold):
    import infinity.models.bsq_vae.vae as vae_mod
    vae = vae_mod.vae_model({}, "dynamic", 32, 2 ** 32, patch_size=16, encoder_ch_mult=[1, 2, 4, 4, 4],
                            decoder_ch_mult=[1, 2, 4, 4, 4], test_mode=True)
    gold.randomize(vae, seed=11)
    with torch.no_grad():
        vae.decoder.conv_out.conv.weight.mul_(0.2)
    return vae.eval()


def make_vae(args):
    gold = module("infinity/make_goldens.py", "infinity_goldens")
    gold.shim_torch.install(os.path.abspath(args.infinity_ref))
    vae = full_vae(gold)
    sd = vae.state_dict()
    torch.save({"vae": sd}, os.path.join(args.out, "infinity_vae_d32reg.pth"))
    return sum(t.numel() for t in sd.values())


def make_infinity(args):
    gold = module("infinity/make_goldens.py", "infinity_goldens")
    gold.shim_torch.install(os.path.abspath(args.infinity_ref))
    from infinity.models import infinity as inf_mod  # noqa: F401  (after the shims)
    import infinity.models.bsq_vae.vae as vae_mod
    # the transformer reads only the VAE's sizes (its weights are not needed here)
    vae = vae_mod.vae_model({}, "dynamic", 32, 2 ** 32, patch_size=16, encoder_ch_mult=[1, 2, 4, 4, 4],
                            decoder_ch_mult=[1, 2, 4, 4, 4], test_mode=True)
    keys = gold.key_list_2b(vae)
    del vae
    g = torch.Generator().manual_seed(22)
    sd, n = {}, 0
    for name, spec in keys.items():
        shape = spec["shape"]
        leaf = name.rsplit(".", 1)[-1]
        if leaf == "zero_k_bias":                                       # a buffer: zeros by construction
            sd[name] = torch.zeros(shape, dtype=torch.bfloat16)
            continue
        r = torch.randn(shape, generator=g)
        if "norm" in name and leaf == "weight":
            t = 1 + 0.2 * r
        elif leaf in ("bias", "q_bias", "v_bias") or "norm" in name:
            t = 0.1 * r
        elif leaf == "scale_mul_1H11":
            t = torch.log(torch.tensor(4.0)) + 0.3 * r
        elif leaf == "ada_gss":
            t = 0.3 * r
        elif len(shape) >= 2 and leaf in ("weight", "mat_kv", "mat_qkv"):
            t = r / int(np.prod(shape[1:])) ** 0.5
        else:
            t = 0.5 * r
        sd[name] = t.to(torch.bfloat16)
        n += t.numel()
        del r, t
    torch.save(sd, os.path.join(args.out, "infinity_2b_reg.pth"))
    return n


def make_dinov2(args):
    gold = module("dinov2/make_goldens.py", "dinov2_goldens")
    sys.path.insert(0, os.path.abspath(args.dinov2_ref))
    import torch.nn.functional as F
    if not hasattr(F, "scaled_dot_product_attention"):
        F.scaled_dot_product_attention = gold.sdpa
    from dinov2.models.vision_transformer import DinoVisionTransformer
    torch.manual_seed(23)
    m = DinoVisionTransformer(embed_dim=1024, depth=24, num_heads=16, **gold.reg4_kwargs())  # vit_large
    assert set(m.state_dict()) == set(gold.key_list_vitl14_reg4()), "not dinov2_vitl14_reg's key set"
    gen = torch.Generator().manual_seed(23)
    with torch.no_grad():
        for name, p in m.named_parameters():  # the golden script's scaling
            r = torch.randn(p.shape, generator=gen)
            if name.endswith("gamma"):
                p.copy_(0.5 + 0.3 * r)
            elif name.startswith("norm") or ".norm" in name:
                p.copy_(1.0 + 0.2 * r if name.endswith("weight") else 0.1 * r)
            elif name in ("pos_embed", "cls_token", "register_tokens", "mask_token"):
                p.copy_(0.5 * r)
            elif name.endswith("bias"):
                p.copy_(0.1 * r)
            else:
                p.copy_(r / int(np.prod(p.shape[1:])) ** 0.5)
    sd = m.state_dict()
    torch.save(sd, os.path.join(args.out, "dinov2_vitl14_reg4_pretrain.pth"))
    return sum(t.numel() for t in sd.values())


def make_imagereward(args):
    gold = module("imagereward/make_goldens.py", "imagereward_goldens")
    irm, _, _ = gold.import_reference(os.path.abspath(args.imagereward_ref))
    med = os.path.join(args.out, "med_config.json")
    with open(med, "w") as f:
        json.dump(gold.RELEASE_MED_CONFIG, f)
    torch.manual_seed(23)
    model = irm.ImageReward(med_config=med, device="cpu")
    os.remove(med)
    gold.randomize(model)
    sd = model.state_dict()
    torch.save(sd, os.path.join(args.out, "ImageReward.pt"))
    return sum(t.numel() for t in sd.values())


def make_text(args):
    sys.path.insert(0, os.path.join(HERE))
    from goldenio import write_safetensors
    g = torch.Generator().manual_seed(5)
    write_safetensors(os.path.join(args.out, "text_features.safetensors"),
                      {"text.features": torch.randn(12, 2048, generator=g)}, {})
    return 12 * 2048


def make_tokenizer(args):
    with open(TINY_TOKENIZER, encoding="utf-8") as f:
        layout = json.load(f)
    with open(args.bert_vocab, encoding="utf-8") as f:
        words = f.read().split("\n")[:-1]
    assert len(words) == 30522 and words[100:104] == ["[UNK]", "[CLS]", "[SEP]", "[MASK]"], args.bert_vocab
    layout["model"]["vocab"] = {w: i for i, w in enumerate(words)}
    os.makedirs(os.path.join(args.out, "bert-base-uncased"), exist_ok=True)
    with open(os.path.join(args.out, "bert-base-uncased", "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(layout, f, ensure_ascii=False, indent=1)
    return len(words)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/work/scratch/fullsize")
    ap.add_argument("--only", default=",".join(PARTS))
    ap.add_argument("--infinity-ref", default="/work/scratch/infinity-ref")
    ap.add_argument("--dinov2-ref", default="/work/scratch/dinov2-ref")
    ap.add_argument("--imagereward-ref", default="/work/scratch/imagereward-ref")
    ap.add_argument("--bert-vocab", default="/work/scratch/bert-ref/vocab.txt")
    ap.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    parts = args.only.split(",")
    if not args.in_process:
        for part in parts:                          # one process per model: the stubs of the scripts differ
            subprocess.run([sys.executable, os.path.abspath(__file__), "--in-process", "--only", part, "--out", args.out,
                            "--infinity-ref", args.infinity_ref, "--dinov2-ref", args.dinov2_ref,
                            "--imagereward-ref", args.imagereward_ref, "--bert-vocab", args.bert_vocab], check=True)
        return
    torch.set_num_threads(1)
    (part,) = parts
    t0 = time.time()
    n = {"vae": make_vae, "infinity": make_infinity, "dinov2": make_dinov2, "imagereward": make_imagereward,
         "text": make_text, "tokenizer": make_tokenizer}[part](args)
    print(f"{part}: {n / 1e6:.1f} M values, {time.time() - t0:.0f} s", flush=True)


if __name__ == "__main__":
    main()
