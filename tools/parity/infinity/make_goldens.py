#!/usr/bin/python3
"""Parity goldens for the Java port of Infinity (org.ttsvar.models.infinity), made by running the
reference itself: FoundationVision/Infinity @ 4c27bbb, `infinity/` only, in a scratch folder.

    git --git-dir=<fetched mirror> archive HEAD infinity | tar -x -C /work/scratch/infinity-ref
    /usr/bin/python3 tools/parity/infinity/make_goldens.py --ref /work/scratch/infinity-ref

(Debian's python3-torch 1.13; shim_torch.py lists the polyfills, stubs and the two source patches.)

Writes into ttsvar-models/src/test/resources/infinity/:
  tiny_vae.pth        {"vae": state_dict} of the reference's BSQ AutoEncoder as vae_model() builds it
                      (codebook dim 32 as the release, patch 16; base channels 32, decoder multipliers
                      1,1,1,1,2 so that a ResBlock has a nin_shortcut (64 -> 32) as the release's do;
                      1 res block, so 2 per decoder level), every parameter random, no zero bias.
                      Only the decoder and the quantizer's bit-mask buffers are saved (the encoder is not
                      ported; leaving it out keeps the file at ~2 MB). conv_out's weights are scaled down
                      so that few pixels reach the clamp.
  tiny_infinity.pth   plain state dict of Infinity (embed 128, depth 2 in block_chunks 2, 2 heads of 64,
                      FFN 256 (mlp_ratio 2), text channels 128 (1 pooling head of 128), text maxlen 16, the
                      release's flags: shared AdaLN, fused norm, 2-D RoPE normalised by the largest grid,
                      level embedding before block 0 only, bit labels, CFG on the logits), every parameter
                      random; one head's scale_mul above the clamp ln 100.
  golden_<name>.safetensors, one per schedule (r1_006M: 1:1, 7 scales to 16x16; r05_006M: h/w 0.5,
                      7 scales to 11x22), teacher forced (the bits the reference sampled in a first run,
                      forced with gt_leak/gt_ls_Bl in a second; both runs' logits are checked equal):
    text.features   [T, 128] F32   the text encoder states fed in (T = 9)
    text.cond       [2, 128] F32   pooled text (sos/cond) of the conditional and the unconditional row
    rope            [2, L, 32] F32 cos/sin RoPE table of the schedule (L tokens, half head dim 32)
    scale.K.input   [h*w, 32] F32  the input of scale K >= 1 before word_embed (interpolated summed codes)
    scale.K.x0      [h*w, 128] F32 the input of block 0 at scale K <= 2 (sos / word_embed, + level embedding)
    scale.K.bits    [h*w, 32] U8   the bits of scale K (0/1), row-major over (h, w)
    scale.K.logits  [h*w, 32, 2] F32  logits after CFG, before τ: cfg*c + (1-cfg)*u of the head's output
                    (the reference divides by τ first; τ = 0.5, so ×0.5 recovers them exactly)
    scale.K.summed  [32, H, W] F32 summed codes after scale K < last (upsampled to the last grid)
    vae.z           [32, H, W] F32 what vae.decode receives (the summed codes of all scales)
    image           [H*16, W*16, 3] F32 the decoded image, clamped to [-1, 1] (before uint8; RGB — the
                    reference flips to BGR only when converting to uint8)
    metadata: pn, h_div_w, schedule, cfg, tau, seed, reference
  infinity_2b_keys.json  every state-dict key of the release's 2B config with its shape and dtype, from the
                      reference's own module built on the meta device (nothing allocated).
"""
import argparse
import json
import os
import struct
import sys

import numpy as np
import torch
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from goldenio import write_safetensors  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import shim_torch  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "..", "ttsvar-models", "src", "test", "resources", "infinity")
CFG, TAU, TEXT_T = 3.0, 0.5, 9
SCHEDULES = [("0.06M", 1.0, "r1_006M"), ("0.06M", 0.5, "r05_006M")]




def randomize(module, seed):
    """Every floating parameter random, scaled to keep activations O(1); no zero biases. Buffers
    (zero_k_bias, the quantizer's bit mask) keep their meaning."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in module.named_parameters():
            r = torch.randn(p.shape, generator=g)
            leaf = name.rsplit(".", 1)[-1]
            if "norm" in name and leaf == "weight":
                p.copy_(1 + 0.2 * r)                             # GroupNorm / RMSNorm / LayerNorm gains
            elif leaf in ("bias", "q_bias", "v_bias") or "norm" in name:
                p.copy_(0.1 * r)
            elif leaf == "scale_mul_1H11":                       # log scale; one head above the clamp ln 100
                p.copy_(torch.log(torch.tensor(4.0)) + 0.3 * r)
                p.view(-1)[-1] = 5.0
            elif leaf == "ada_gss":
                p.copy_(0.3 * r)
            elif p.ndim >= 2 and leaf in ("weight", "mat_kv", "mat_qkv"):
                fan_in = p[0].numel()
                p.copy_(r / fan_in ** 0.5)
            else:                                                # embeddings, pos_start, cfg_uncond, pool query
                p.copy_(0.5 * r)


def build_vae():
    import infinity.models.bsq_vae.vae as vae_mod
    real = vae_mod.AutoEncoder

    def tiny(args):
        args.base_ch, args.num_res_blocks = 32, 1
        return real(args)
    vae_mod.AutoEncoder = tiny
    try:
        vae = vae_mod.vae_model({}, "dynamic", 32, 2 ** 32, patch_size=16,
                                encoder_ch_mult=[1, 1, 1, 1, 2], decoder_ch_mult=[1, 1, 1, 1, 2], test_mode=True)
    finally:
        vae_mod.AutoEncoder = real
    randomize(vae, seed=11)
    with torch.no_grad():
        vae.decoder.conv_out.conv.weight.mul_(0.2)     # keep most pixels inside [-1, 1], so clamping hides little
    return vae.eval()


def infinity_kwargs(pn):
    return dict(shared_aln=True, raw_scale_schedule=None, checkpointing="full-block", customized_flash_attn=False,
                fused_norm=True, pad_to_multiplier=128, use_flex_attn=False, add_lvl_embeding_only_first_block=1,
                use_bit_label=1, rope2d_each_sa_layer=1, rope2d_normalized_by_hw=2, pn=pn, apply_spatial_patchify=0,
                inference_mode=True, train_h_div_w_list=[1.0], drop_path_rate=0.1, mlp_ratio=4)


def build_infinity(vae):
    from infinity.models.infinity import Infinity
    m = Infinity(vae_local=vae, text_channels=128, text_maxlen=16, depth=2, embed_dim=128, num_heads=2,
                 block_chunks=2, **dict(infinity_kwargs("0.06M"), mlp_ratio=2))
    randomize(m, seed=22)
    return m.eval()


def key_list_2b(vae):
    """The 2B release config (run_infinity.py: depth 32, width 2048, 16 heads, block_chunks 8, T5-XL 2048
    channels, text maxlen 512) built with parameters on the meta device."""
    from infinity.models import infinity as inf_mod
    from infinity.models.infinity import Infinity
    factories = {n: getattr(torch, n) for n in ("empty", "zeros", "ones", "randn", "full")}
    active = [True]

    def on_meta(fn):
        def wrapped(*a, **kw):
            if active[0] and kw.get("device") is None:
                kw["device"] = "meta"
            return fn(*a, **kw)
        return wrapped
    rope = inf_mod.precompute_rope2d_freqs_grid

    def rope_on_cpu(*a, **kw):
        active[0] = False
        try:
            return rope(*a, **kw)
        finally:
            active[0] = True
    for n, fn in factories.items():
        setattr(torch, n, on_meta(fn))
    inf_mod.precompute_rope2d_freqs_grid = rope_on_cpu
    try:
        m = Infinity(vae_local=vae, text_channels=2048, text_maxlen=512, depth=32, embed_dim=2048,
                     num_heads=2048 // 128, block_chunks=8, **infinity_kwargs("1M"))
    finally:
        for n, fn in factories.items():
            setattr(torch, n, fn)
        inf_mod.precompute_rope2d_freqs_grid = rope
    sd = m.state_dict()
    assert all(t.is_meta or t.numel() < 10 ** 6 for t in sd.values())
    return {k: {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", "")} for k, t in sd.items()}


def run_schedule(model, vae, pn, h_div_w, seed):
    import infinity.models.infinity as inf_mod
    from infinity.utils.dynamic_resolution import dynamic_resolution_h_w
    schedule = [(1, h, w) for _, h, w in dynamic_resolution_h_w[h_div_w][pn]["scales"]]
    n = len(schedule)
    g = torch.Generator().manual_seed(seed)
    text = torch.randn(TEXT_T, model.Ct5, generator=g)
    label = (text.clone(), [TEXT_T], torch.tensor([0, TEXT_T], dtype=torch.int32), TEXT_T)

    rec = {}
    sampler = inf_mod.sample_with_top_k_top_p_also_inplace_modifying_logits_
    codes_fn = vae.quantizer.lfq.indices_to_codes
    decode_fn, decoder_fwd = vae.decode, vae.decoder.forward
    block0 = model.unregistered_blocks[0]
    block0_fwd, pool_fwd, we_fwd = block0.forward, model.text_proj_for_sos.forward, model.word_embed.forward

    def sampler_rec(logits, **kw):
        rec.setdefault("logits", []).append(logits.clone())      # the sampler modifies logits in place
        return sampler(logits, **kw)

    def codes_rec(idx, label_type="int_label", **kw):
        rec.setdefault("bits", []).append(idx.clone())
        return codes_fn(idx, label_type, **kw)

    def decode_rec(z):
        rec["z"] = z.clone()
        out = decode_fn(z)
        rec["image"] = out.clone()
        return out

    def decoder_rec(z):
        out = decoder_fwd(z)
        rec["raw"] = out.clone()
        return out

    def block0_rec(*a, **kw):
        rec.setdefault("x0", []).append(kw["x"].clone())
        return block0_fwd(*a, **kw)

    def pool_rec(ca_kv):
        out = pool_fwd(ca_kv)
        rec["cond"] = out.clone()
        return out

    def we_rec(x):
        rec.setdefault("input", []).append(x.clone())
        return we_fwd(x)

    interp = torch.nn.functional.interpolate

    inf_mod.sample_with_top_k_top_p_also_inplace_modifying_logits_ = sampler_rec
    vae.quantizer.lfq.indices_to_codes = codes_rec
    vae.decode, vae.decoder.forward = decode_rec, decoder_rec
    block0.forward, model.text_proj_for_sos.forward, model.word_embed.forward = block0_rec, pool_rec, we_rec
    common = dict(vae=vae, scale_schedule=schedule, B=1, cfg_list=[CFG] * n, tau_list=[TAU] * n, top_k=900,
                  top_p=0.97, returns_vemb=1, vae_type=32, cfg_insertion_layer=[0], ret_img=True, inference_mode=True)
    try:
        with torch.no_grad():
            model.autoregressive_infer_cfg(label_B_or_BLT=label, g_seed=seed, **common)
            sampled = rec
            rec = {}
            model.autoregressive_infer_cfg(label_B_or_BLT=(text.clone(),) + label[1:], g_seed=seed + 1,
                                           gt_leak=n, gt_ls_Bl=sampled["bits"], **common)
    finally:
        inf_mod.sample_with_top_k_top_p_also_inplace_modifying_logits_ = sampler
        vae.quantizer.lfq.indices_to_codes = codes_fn
        vae.decode, vae.decoder.forward = decode_fn, decoder_fwd
        del block0.forward, model.text_proj_for_sos.forward, model.word_embed.forward
    for a, b in zip(sampled["logits"], rec["logits"]):
        assert torch.equal(a, b), "teacher forcing changed the logits"
    for a, b in zip(sampled["bits"], rec["bits"]):
        assert torch.equal(a, b)

    d = 32
    out = {"text.features": text, "text.cond": rec["cond"].float()}
    key = str(tuple(schedule))
    total = sum(h * w for _, h, w in schedule)
    out["rope"] = model.rope2d_freqs_grid[key][:, 0, 0, 0, :total, :].contiguous()
    _, H, W = schedule[-1]
    acc = torch.zeros(1, d, 1, H, W)
    for k, (_, h, w) in enumerate(schedule):
        bits = rec["bits"][k].reshape(h * w, d)
        out[f"scale.{k}.bits"] = bits.to(torch.uint8)
        out[f"scale.{k}.logits"] = (rec["logits"][k].reshape(h * w, d, 2) * TAU)
        if k <= 2:
            out[f"scale.{k}.x0"] = rec["x0"][k][0]
        if k >= 1:
            out[f"scale.{k}.input"] = rec["input"][k - 1][0]
        codes = codes_fn(rec["bits"][k], label_type="bit_label")      # [1, d, 1, h, w]
        acc = acc + interp(codes, size=(1, H, W), mode="trilinear")
        if k < len(schedule) - 1:
            out[f"scale.{k}.summed"] = acc[0, :, 0]
    assert torch.equal(acc[0, :, 0], rec["z"][0]), "summed codes differ from vae.decode's input"
    out["vae.z"] = rec["z"][0]
    raw = rec["raw"][0]
    print(f"  decoder output: {(raw.abs() > 1).float().mean():.4f} of the values clamped, max |raw| {raw.abs().max():.3f}")
    out["image"] = rec["image"][0].permute(1, 2, 0)
    meta = {"pn": pn, "h_div_w": str(h_div_w), "schedule": json.dumps([[h, w] for _, h, w in schedule]),
            "cfg": str(CFG), "tau": str(TAU), "seed": str(seed), "reference": "FoundationVision/Infinity@4c27bbb"}
    return out, meta


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", default="/work/scratch/infinity-ref")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    shim_torch.install(os.path.abspath(args.ref))
    torch.manual_seed(0)
    os.makedirs(args.out, exist_ok=True)

    vae = build_vae()
    model = build_infinity(vae)
    decoder_only = {k: v for k, v in vae.state_dict().items() if not k.startswith("encoder.")}
    torch.save({"vae": decoder_only}, os.path.join(args.out, "tiny_vae.pth"))
    torch.save(model.state_dict(), os.path.join(args.out, "tiny_infinity.pth"))
    for i, (pn, h_div_w, name) in enumerate(SCHEDULES):
        tensors, meta = run_schedule(model, vae, pn, h_div_w, seed=100 + i)
        write_safetensors(os.path.join(args.out, f"golden_{name}.safetensors"), tensors, meta)
        print(name, {k: list(v.shape) for k, v in tensors.items() if not k.startswith("scale.") or k.startswith("scale.6.")})
    keys = key_list_2b(vae)
    n_params = sum(int(np.prod(v["shape"])) for v in keys.values())
    with open(os.path.join(args.out, "infinity_2b_keys.json"), "w") as f:
        json.dump({"config": "infinity_2b (run_infinity.py): depth 32, embed 2048, 16 heads, block_chunks 8, "
                             "text channels 2048, text maxlen 512", "tensors": len(keys), "parameters": n_params,
                   "keys": keys}, f, indent=0)
    print("2B:", len(keys), "tensors,", n_params, "elements")


if __name__ == "__main__":
    main()
