"""PreTrainedModel reduced to what BertModel's forward calls (transformers v4.15 semantics)."""
import torch
from torch import nn


class PreTrainedModel(nn.Module):
    def __init__(self, config, *args, **kwargs):
        super().__init__()
        self.config = config

    def init_weights(self):
        self.apply(self._init_weights)

    @property
    def dtype(self):
        return next(self.parameters()).dtype

    def invert_attention_mask(self, encoder_attention_mask):
        if encoder_attention_mask.dim() == 3:
            ext = encoder_attention_mask[:, None, :, :]
        else:
            ext = encoder_attention_mask[:, None, None, :]
        ext = ext.to(dtype=self.dtype)
        if self.dtype == torch.float16:
            return (1.0 - ext) * -1e4
        return (1.0 - ext) * -1e9  # v4.15: -1e9 for float32

    def get_head_mask(self, head_mask, num_hidden_layers, is_attention_chunked=False):
        assert head_mask is None
        return [None] * num_hidden_layers


def apply_chunking_to_forward(forward_fn, chunk_size, chunk_dim, *input_tensors):
    assert chunk_size == 0
    return forward_fn(*input_tensors)


def find_pruneable_heads_and_indices(*a, **kw):
    raise NotImplementedError("head pruning is not used by ImageReward")


def prune_linear_layer(*a, **kw):
    raise NotImplementedError("head pruning is not used by ImageReward")
