#!/usr/bin/env python3
"""Writes the seed corpus of the safetensors fuzz tests (docs/fuzzing.md): small valid files, one
per feature of the format the reader handles (dtypes, scalars, empty tensors, metadata, padding).
Standard library only; the output is byte-for-byte reproducible.

  python3 tools/fuzz/make_safetensors_seeds.py ttsvar-tensor/src/test/resources/org/ttsvar/tensor/fuzz/SafeTensorsFuzzTestInputs/anyBytesLoadOrAreRefused
"""
import json
import struct
import sys
from pathlib import Path

SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}


def safetensors(tensors, metadata=None):
    """tensors: list of (name, dtype, shape, raw bytes), laid out in order as the format requires."""
    header, offset, data = {}, 0, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, dtype, shape, raw in tensors:
        n = 1
        for d in shape:
            n *= d
        assert len(raw) == n * SIZES[dtype], name
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the writers' padding to 8 bytes
    return struct.pack("<Q", len(text)) + text + data


SEEDS = {
    "f32_two_tensors": safetensors(
        [("a.weight", "F32", [2, 2], struct.pack("<4f", 1, -2, 0.5, 3)), ("a.bias", "F32", [3], struct.pack("<3f", 0, 1e-3, -7))],
        {"format": "pt", "step": "12"}),
    "f16": safetensors([("w", "F16", [2, 3], struct.pack("<6e", 1, 2, -3, 0.25, 65504, -0.0))]),
    "every_dtype": safetensors([
        ("f64", "F64", [1], struct.pack("<d", 2.5)),
        ("bf16", "BF16", [2], bytes([0x80, 0x3f, 0x00, 0xc0])),
        ("i64", "I64", [1], struct.pack("<q", -5)),
        ("i32", "I32", [1], struct.pack("<i", 7)),
        ("i16", "I16", [1], struct.pack("<h", -3)),
        ("i8", "I8", [1], struct.pack("<b", 9)),
        ("u8", "U8", [3], bytes([0, 128, 255])),
        ("bool", "BOOL", [1], bytes([1])),
    ]),
    "scalar_and_empty": safetensors([("scalar", "F32", [], struct.pack("<f", 4)), ("empty", "F32", [0, 4], b"")]),
    "no_tensors": safetensors([], {"note": "empty"}),
}

if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, data in SEEDS.items():
        (out / name).write_bytes(data)
        print(f"{out / name}: {len(data)} bytes")
