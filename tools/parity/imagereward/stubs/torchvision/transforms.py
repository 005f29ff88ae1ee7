"""Compose, Resize (int size: shorter side, PIL resample), CenterCrop, ToTensor, Normalize on PIL images, as
torchvision.transforms does for a PIL input (functional_pil.resize: img.resize((w, h), interpolation))."""
import numpy as np
import torch
from PIL import Image


class InterpolationMode:
    BICUBIC = Image.BICUBIC
    BILINEAR = Image.BILINEAR


class Compose:
    def __init__(self, ts):
        self.ts = ts

    def __call__(self, x):
        for t in self.ts:
            x = t(x)
        return x


class Resize:
    def __init__(self, size, interpolation=Image.BILINEAR):
        assert isinstance(size, int)
        self.size, self.interpolation = size, interpolation

    def __call__(self, img):
        w, h = img.size
        short, long = (w, h) if w <= h else (h, w)
        if short == self.size:
            return img
        new_short, new_long = self.size, int(self.size * long / short)
        ow, oh = (new_short, new_long) if w <= h else (new_long, new_short)
        return img.resize((ow, oh), self.interpolation)


class CenterCrop:
    def __init__(self, size):
        self.size = size

    def __call__(self, img):
        w, h = img.size
        th = tw = self.size
        top, left = int(round((h - th) / 2.0)), int(round((w - tw) / 2.0))
        return img.crop((left, top, left + tw, top + th))


class ToTensor:
    def __call__(self, img):
        a = np.array(img, dtype=np.uint8)
        return torch.from_numpy(a).permute(2, 0, 1).contiguous().float().div(255)


class Normalize:
    def __init__(self, mean, std):
        self.mean, self.std = mean, std

    def __call__(self, t):
        mean = torch.as_tensor(self.mean, dtype=t.dtype).view(-1, 1, 1)
        std = torch.as_tensor(self.std, dtype=t.dtype).view(-1, 1, 1)
        return t.sub(mean).div(std)
