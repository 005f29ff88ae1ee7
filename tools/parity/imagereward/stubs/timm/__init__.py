"""Stand-in for the timm pieces BLIP's vit.py and blip.py import; tools/parity/imagereward only."""
