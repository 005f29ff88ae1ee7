#!/usr/bin/python3
"""Goldens for org.ttsvar.tensor.Resize's antialiased modes and org.ttsvar.tensor.PilResize, made by
PyTorch and Pillow themselves.

Run with the Debian torch (python3-torch 1.13, python3-pil 9.4):  /usr/bin/python3 tools/parity/make_resize_goldens.py

Writes ttsvar-tensor/src/test/resources/resize/resize_goldens.safetensors:
  aa.<mode>.<h>x<w>.in          F32 [2, 3, h, w]   a random input (two images, three channels)
  aa.<mode>.<h>x<w>.<H>x<W>     F32 [2, 3, H, W]   F.interpolate(in, size=(H, W), mode, align_corners=False,
                                                   antialias=True), mode bicubic or bilinear; sizes down
                                                   (37x37 -> 16x16 as DINOv2's position embeddings at 224 px),
                                                   up, and mixed per axis
  pil.in                        U8 [61, 47, 3]     a random 8-bit RGB image (H, W, C)
  pil.<filter>.<W>x<H>          U8 [H, W, 3]       PIL.Image.resize((W, H), filter) of it, filter bilinear or
                                                   bicubic (what torchvision's Resize does to a PIL image)
"""
import json
import os
import struct

import numpy as np
import torch
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from goldenio import write_safetensors  # noqa: E402
import torch.nn.functional as F
from PIL import Image

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "ttsvar-tensor", "src", "test", "resources", "resize")




def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(23)
    out = {}
    cases = {(37, 37): [(16, 16), (23, 23), (37, 37), (45, 45), (16, 20)], (10, 7): [(25, 3), (4, 13)]}
    for mode in ("bicubic", "bilinear"):
        for (h, w), sizes in cases.items():
            x = torch.randn(2, 3, h, w, generator=g)
            out[f"aa.{mode}.{h}x{w}.in"] = x
            for (oh, ow) in sizes:
                out[f"aa.{mode}.{h}x{w}.{oh}x{ow}"] = F.interpolate(x, size=(oh, ow), mode=mode, align_corners=False, antialias=True)
    rng = np.random.default_rng(23)
    img = rng.integers(0, 256, size=(61, 47, 3), dtype=np.uint8)
    out["pil.in"] = torch.from_numpy(img)
    pil = Image.fromarray(img)
    for name, filt in (("bilinear", Image.BILINEAR), ("bicubic", Image.BICUBIC)):
        for (W, H) in ((40, 52), (20, 33), (47, 61), (90, 30)):
            out[f"pil.{name}.{W}x{H}"] = torch.from_numpy(np.array(pil.resize((W, H), filt)))
    import PIL
    write_safetensors(os.path.join(OUT, "resize_goldens.safetensors"), out,
                      {"torch": torch.__version__, "pillow": PIL.__version__})


if __name__ == "__main__":
    main()
