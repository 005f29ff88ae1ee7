"""Stub: flux_vqgan.py imports torchvision and torchvision.transforms but the decoder never uses them."""
from . import transforms  # noqa: F401
