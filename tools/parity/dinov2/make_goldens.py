#!/usr/bin/python3
"""Parity goldens for the Java port of DINOv2 (org.ttsvar.models.judges.dinov2), made by running the
reference itself: facebookresearch/dinov2 (b8931f7, 2025-08-14: what torch.hub.load("facebookresearch/dinov2",
"dinov2_vitl14_reg") fetches, as the TTS-VAR release does), `dinov2/` only, in a scratch folder:

    git --git-dir=<fetched mirror> archive HEAD dinov2 | tar -x -C /work/scratch/dinov2-ref
    XFORMERS_DISABLED=1 /usr/bin/python3 tools/parity/dinov2/make_goldens.py --ref /work/scratch/dinov2-ref

Debian's python3-torch 1.13 lacks F.scaled_dot_product_attention, which the reference's Attention calls
(xFormers disabled); it is supplied here as its definition, softmax(q·kᵀ/√d)·v. Nothing else is changed.

What the TTS-VAR release does with DINOv2 (ali-vilab/TTS-VAR b0332bb, tts-var/main.py L217-227,
tts-var/utils_model.py extract_k_ids L483-547):
  * model: torch.hub.load(dinov2_hub_path, "dinov2_vitl14_reg"), i.e. ViT-L/14, 4 registers, LayerScale,
    img_size 518 (pos_embed 37x37+1), interpolate_antialias=True, interpolate_offset=0.0 (so the position
    embeddings are resized to the patch grid by F.interpolate(size=..., mode="bicubic", antialias=True));
    cast to bf16 when --bf16 (default 1) and run under bf16 autocast. We compute in F32.
  * input: the partial decodes as 8-bit RGB (decoder output (x+1)/2*255 truncated to uint8), each made a
    PIL image and put through transforms.Compose([Resize((224, 224)), ToTensor(), Normalize(ImageNet mean
    (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225))]): on a PIL image torchvision's Resize is
    PIL.Image.resize((224, 224), BILINEAR) (Pillow's antialiased, fixed-point 8-bit resample); no crop, the
    aspect ratio is not kept (224 = patch_size 16 x 14, so 16x16 = 256 patch tokens).
  * features: forward_features(x)["x_norm_patchtokens"] (B, 256, 1024), then
      pca:  per image, centre the tokens over the patches, torch.svd, V[:, 0] (first principal direction),
            score = centred @ V[:, 0]: one number per patch (256 values); the sign is whatever SVD returns
            (the release does not fix it; ttsvar's PcaProjection fixes it);
      pool: the mean over the patch tokens (1024 values).
    then K-Means over these vectors (sklearn, random_state 0) and the member closest to each centre.
torchvision is not in Debian, so the golden's preprocessing calls what Resize/ToTensor/Normalize call on a
PIL image: PIL.Image.resize((224, 224), Image.BILINEAR), then /255 in float32, then (x - mean) / std.

Writes into ttsvar-models/src/test/resources/dinov2/:
  tiny_dinov2_reg4.pth   plain state dict (as dinov2_vitl14_reg4_pretrain.pth is) of the reference's
                         DinoVisionTransformer built as dinov2_vitl14_reg builds vit_large (patch 14,
                         4 registers, LayerScale, MemEffAttention blocks, MLP FFN, no block chunks) but width
                         128, 2 heads (of 64, as every release), depth 2, and img_size 280: position embeddings
                         for 20x20 patches (the release's 37x37 keeps the file small; 20 -> 16 takes the same
                         antialiased bicubic path, and 37 -> 16 itself is pinned by ttsvar-tensor's resize
                         goldens, tools/parity/make_resize_goldens.py); every parameter
                         random (no zero bias, LayerScale gammas O(1), position embeddings O(1) so that their
                         interpolation matters).
  input.png              the 8-bit RGB test image (256 x 256, the size of an Infinity 0.06M decode)
  golden.safetensors
    pixels        F32 [3, 224, 224] the network input (after resize, ToTensor and Normalize)
    patch_embed   F32 [256, 128]    patch_embed(pixels) (conv 14/14, flattened row-major over the 16x16 grid)
    pos_embed     F32 [257, 128]    interpolate_pos_encoding at 224 px (class position, then the 16x16 grid)
    block0        F32 [261, 128]    block 0's output on prepare_tokens_with_masks (cls, 4 registers, patches)
    patch_tokens  F32 [256, 128]    forward_features(pixels)["x_norm_patchtokens"]
    metadata: reference, torch, pillow
  dinov2_vitl14_reg4_keys.json  every state-dict key of dinov2_vitl14_reg (pretrained=False) with its shape
                         and dtype, from the reference's own module built on the meta device (nothing allocated).
"""
import argparse
import json
import os
import struct
import sys
from functools import partial

import numpy as np
import torch
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from goldenio import write_safetensors  # noqa: E402
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "..", "ttsvar-models", "src", "test", "resources", "dinov2")
MEAN, STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
REFERENCE = "facebookresearch/dinov2@b8931f7bf91576930313be2c6d6af376033b35f0"


def sdpa(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False):
    assert attn_mask is None and dropout_p == 0.0 and not is_causal
    scores = (q @ k.transpose(-2, -1)) * (q.shape[-1] ** -0.5)
    return scores.softmax(dim=-1) @ v




def reg4_kwargs():
    """What hub/backbones.py's dinov2_vitl14_reg passes, and what vit_large adds."""
    from dinov2.layers import MemEffAttention, NestedTensorBlock as Block
    return dict(img_size=518, patch_size=14, init_values=1.0, ffn_layer="mlp", block_chunks=0, num_register_tokens=4,
                interpolate_antialias=True, interpolate_offset=0.0, mlp_ratio=4,
                block_fn=partial(Block, attn_class=MemEffAttention))


def build_tiny():
    from dinov2.models.vision_transformer import DinoVisionTransformer
    torch.manual_seed(23)
    m = DinoVisionTransformer(embed_dim=128, depth=2, num_heads=2, **dict(reg4_kwargs(), img_size=280))
    g = torch.Generator().manual_seed(23)
    with torch.no_grad():
        for name, p in m.named_parameters():
            r = torch.randn(p.shape, generator=g)
            if name.endswith("gamma"):                       # LayerScale: O(1), both signs away from 0
                p.copy_(0.5 + 0.3 * r)
            elif name.startswith("norm") or ".norm" in name:  # LayerNorm scale and shift
                p.copy_(1.0 + 0.2 * r if name.endswith("weight") else 0.1 * r)
            elif name in ("pos_embed", "cls_token", "register_tokens", "mask_token"):
                p.copy_(0.5 * r)
            elif name.endswith("bias"):
                p.copy_(0.1 * r)
            else:                                           # linear and conv weights: unit gain
                fan_in = int(np.prod(p.shape[1:]))
                p.copy_(r / fan_in ** 0.5)
    return m.eval()


def key_list_vitl14_reg4():
    """dinov2_vitl14_reg(pretrained=False) with its parameters on the meta device."""
    from dinov2.hub.backbones import dinov2_vitl14_reg
    from dinov2.models import vision_transformer as vits
    factories = {n: getattr(torch, n) for n in ("empty", "zeros", "ones")}

    def on_meta(fn):
        def wrapped(*a, **kw):
            if kw.get("device") is None:
                kw["device"] = "meta"
            return fn(*a, **kw)
        return wrapped
    init = vits.DinoVisionTransformer.init_weights
    vits.DinoVisionTransformer.init_weights = lambda self: None  # initial values only; shapes are unchanged
    for n, fn in factories.items():
        setattr(torch, n, on_meta(fn))
    try:
        m = dinov2_vitl14_reg(pretrained=False)
    finally:
        for n, fn in factories.items():
            setattr(torch, n, fn)
        vits.DinoVisionTransformer.init_weights = init
    sd = m.state_dict()
    assert all(t.is_meta for t in sd.values())
    return {k: {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", "")} for k, t in sd.items()}


def test_image():
    """256 x 256 RGB: smooth gradients, a few flat shapes, mild noise (compresses well, has structure)."""
    rng = np.random.default_rng(23)
    y, x = np.mgrid[0:256, 0:256].astype(np.float64)
    img = np.stack([x, y, 255 - (x + y) / 2], axis=-1)
    for cx, cy, r, col in ((70, 80, 40, (230, 30, 40)), (180, 170, 55, (20, 40, 220)), (190, 60, 25, (250, 240, 30))):
        img[(x - cx) ** 2 + (y - cy) ** 2 < r * r] = col
    img[100:140, 20:120] = (20, 200, 60)
    img += rng.normal(0, 1.5, img.shape) * (x % 32 < 16)[..., None]  # mild noise on half the columns
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def preprocess(img):
    """transforms.Compose([Resize((224, 224)), ToTensor(), Normalize(MEAN, STD)]) on a PIL image, spelled out."""
    from PIL import Image
    resized = np.array(Image.fromarray(img).resize((224, 224), Image.BILINEAR))
    t = torch.from_numpy(resized).permute(2, 0, 1).contiguous().float().div(255)
    t = t.sub(torch.tensor(MEAN).view(3, 1, 1)).div(torch.tensor(STD).view(3, 1, 1))
    return resized, t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", required=True, help="scratch folder holding the reference's dinov2/")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    if os.environ.get("XFORMERS_DISABLED") is None:
        sys.exit("set XFORMERS_DISABLED=1")
    sys.path.insert(0, args.ref)
    if not hasattr(F, "scaled_dot_product_attention"):
        F.scaled_dot_product_attention = sdpa
    os.makedirs(args.out, exist_ok=True)
    from PIL import Image
    import PIL

    model = build_tiny()
    torch.save(model.state_dict(), os.path.join(args.out, "tiny_dinov2_reg4.pth"))
    img = test_image()
    Image.fromarray(img).save(os.path.join(args.out, "input.png"))
    resized, pixels = preprocess(np.array(Image.open(os.path.join(args.out, "input.png")).convert("RGB")))
    with torch.no_grad():
        x = pixels[None]
        patches = model.patch_embed(x)
        with_cls = torch.cat((model.cls_token.expand(1, -1, -1), patches), dim=1)
        pos = model.interpolate_pos_encoding(with_cls, 224, 224)
        tokens = model.prepare_tokens_with_masks(x)
        block0 = model.blocks[0](tokens)
        out = model.forward_features(x)["x_norm_patchtokens"]
        again = model.forward_features(torch.cat([x, x]))["x_norm_patchtokens"]
        assert torch.equal(again[0], out[0]) or (again[0] - out[0]).abs().max() < 1e-6
    golden = {"pixels": pixels, "patch_embed": patches[0], "pos_embed": pos[0], "block0": block0[0], "patch_tokens": out[0]}
    write_safetensors(os.path.join(args.out, "golden.safetensors"), golden,
                      {"reference": REFERENCE, "torch": torch.__version__, "pillow": PIL.__version__})
    with open(os.path.join(args.out, "dinov2_vitl14_reg4_keys.json"), "w") as f:
        keys = key_list_vitl14_reg4()
        f.write("{\n" + ",\n".join(json.dumps(k) + ": " + json.dumps(v) for k, v in keys.items()) + "\n}\n")
    print("patch tokens: mean |x| %.3f, std %.3f" % (out.abs().mean(), out.std()))


if __name__ == "__main__":
    main()
