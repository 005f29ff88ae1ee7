"""Stand-in for torchvision.transforms as ImageReward.py uses them on a PIL image (torchvision 0.14 semantics)."""
