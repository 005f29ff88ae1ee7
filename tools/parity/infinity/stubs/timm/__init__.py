"""Stub of timm: only the names Infinity imports (DropPath, SoftTargetCrossEntropy, register_model)."""
