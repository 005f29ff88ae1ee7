"""What every golden script of tools/parity shares: writing a golden .safetensors file.

Scripts in sub-folders import it with ``sys.path.insert(0, <tools/parity>)``.
"""
import json
import struct

import torch

DTYPES = {torch.float32: "F32", torch.int64: "I64", torch.uint8: "U8"}


def write_safetensors(path, tensors, metadata):
    """Writes ``tensors`` (name -> tensor, in order) and string ``metadata`` in the safetensors format:
    an 8-byte little-endian header length, the JSON header padded with spaces to 8 bytes, the data."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        data = t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
