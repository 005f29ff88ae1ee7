"""CPU stand-in for the two flash_attn entry points Infinity imports.

flash_attn_varlen_kvpacked_func: q (Nq, H, c), kv (Nk, 2, H, c), per-sample segments given by the
cumulative lengths; each query segment attends to its own key segment, no mask inside a segment.
Computed in float32 whatever the input dtype; the result has q's dtype.
"""
import torch


def flash_attn_func(*args, **kwargs):
    raise NotImplementedError("flash_attn_func is not used: customized_flash_attn=False")


def flash_attn_varlen_kvpacked_func(q, kv, cu_seqlens_q, cu_seqlens_k, max_seqlen_q, max_seqlen_k,
                                    dropout_p=0.0, softmax_scale=None, causal=False, **kwargs):
    assert dropout_p == 0 and not causal
    out = torch.empty_like(q)
    scale = softmax_scale if softmax_scale is not None else q.shape[-1] ** -0.5
    for b in range(cu_seqlens_q.numel() - 1):
        q0, q1 = int(cu_seqlens_q[b]), int(cu_seqlens_q[b + 1])
        k0, k1 = int(cu_seqlens_k[b]), int(cu_seqlens_k[b + 1])
        qb = q[q0:q1].float().transpose(0, 1)           # (H, Lq, c)
        kb = kv[k0:k1, 0].float().transpose(0, 1)       # (H, Lk, c)
        vb = kv[k0:k1, 1].float().transpose(0, 1)       # (H, Lk, c)
        att = (qb @ kb.transpose(1, 2)).mul(scale).softmax(dim=-1)
        out[q0:q1] = (att @ vb).transpose(0, 1).to(q.dtype)
    return out
