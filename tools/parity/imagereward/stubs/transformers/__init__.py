"""Stand-in for the few pieces of HF transformers (4.x) that ImageReward's BLIP code imports; written for
tools/parity/imagereward only. Numerics follow transformers v4.15 (the version med.py was adapted from)."""
from . import logging  # noqa: F401


class BertTokenizer:
    """Not a tokenizer: the golden records token ids directly (bert-base-uncased's vocab is not here)."""

    @classmethod
    def from_pretrained(cls, name, **kw):
        return cls()

    def add_special_tokens(self, d):
        return 0

    additional_special_tokens_ids = [30523]
