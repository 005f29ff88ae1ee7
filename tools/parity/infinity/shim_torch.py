"""Makes FoundationVision/Infinity (4c27bbb) run on Debian's torch 1.13 CPU build.

install(ref_root) puts the stubs (stubs/: timm, flash_attn, einops, torchvision, safetensors,
huggingface_hub, imageio, pytz, tqdm) and the reference on sys.path, polyfills what torch 1.13
lacks, and applies the source patches below to the scratch copy of the reference (idempotent; the
copy is never committed):

  * F.scaled_dot_product_attention (torch >= 2.0) with `scale=`, as torch 2.x defines it;
  * torch.compile as the identity (its decorated fused norms then run eagerly, so the fused-norm
    path — the intended one; the non-fused CrossAttnBlock path drops scale_ind — is taken);
  * nn.init.trunc_normal_ accepting generator= (its values are overwritten by the goldens anyway);
  * basic.py `.round().int()` -> `.round().long()` (1.13 rejects int32 index tensors);
  * basic.py CrossAttention: no bf16 cast of q/kv before flash_attn_varlen_kvpacked_func, so the
    goldens are float32 math throughout (on a GPU the reference rounds q/kv to bf16 there).
"""
import math
import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))

PATCHES = [
    ("infinity/models/basic.py",
     "], dim=-1).round().int() # (ph, pw, 2)",
     "], dim=-1).round().long() # (ph, pw, 2)"),
    ("infinity/models/basic.py",
     "flash_attn_varlen_kvpacked_func(q=q_compact.to(dtype=torch.bfloat16), kv=kv_compact.to(dtype=torch.bfloat16),",
     "flash_attn_varlen_kvpacked_func(q=q_compact, kv=kv_compact,"),
]


def sdpa(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
    assert dropout_p == 0 and not is_causal
    scale = 1 / math.sqrt(query.shape[-1]) if scale is None else scale
    att = (query @ key.transpose(-2, -1)) * scale
    if attn_mask is not None:
        att = att + attn_mask if attn_mask.dtype != torch.bool else att.masked_fill(~attn_mask, -math.inf)
    return att.softmax(dim=-1) @ value


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """torch 2.x's algorithm (inverse CDF of a uniform draw) with an optional generator."""
    if tensor.is_meta:
        return tensor
    with torch.no_grad():
        cdf = lambda x: (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0
        lo, hi = cdf((a - mean) / std), cdf((b - mean) / std)
        tensor.uniform_(2 * lo - 1, 2 * hi - 1, generator=generator)
        tensor.erfinv_().mul_(std * math.sqrt(2.0)).add_(mean).clamp_(min=a, max=b)
    return tensor


def compile_identity(fn=None, **kwargs):
    return fn if fn is not None else (lambda f: f)


def patch_reference(ref_root):
    for rel, old, new in PATCHES:
        path = os.path.join(ref_root, rel)
        src = open(path).read()
        if new in src and old not in src:
            continue
        assert src.count(old) == 1, f"{rel}: expected exactly one '{old}' (is this commit 4c27bbb?)"
        open(path, "w").write(src.replace(old, new))


def install(ref_root):
    patch_reference(ref_root)
    F.scaled_dot_product_attention = sdpa
    torch.compile = compile_identity
    torch.nn.init.trunc_normal_ = trunc_normal_
    sys.path[:0] = [os.path.join(HERE, "stubs"), ref_root]
