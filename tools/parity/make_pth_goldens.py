#!/usr/bin/python3
"""Writes the small PyTorch checkpoint goldens of ttsvar-tensor's .pth reader.

Run with the Debian torch (python3-torch 1.13):  /usr/bin/python3 tools/parity/make_pth_goldens.py

Into ttsvar-tensor/src/test/resources/pth/ it writes
  * files saved by torch.save (state dicts with views, shared storages, F16/BF16, integer and bool
    buffers, a Parameter, a nested {"vae": ...} checkpoint with plain Python values beside it, a
    tensor pickled through torch._tensor._rebuild_from_type_v2 as torch 2.x writes them),
  * expected.json: for every tensor the values torch itself reads back (`.contiguous()`, as floats,
    integers also as exact integers), plus the non-tensor leaves,
  * hostile files that a safe reader must refuse: pickles naming os.system / builtins.eval, a
    checkpoint carrying an argparse.Namespace, a truncated zip, a storage shorter than its views, a
    missing storage entry.
Nothing here is ever unpickled by Python except the files torch.save wrote itself (to check them).
"""
import argparse
import collections
import io
import json
import os
import pickle
import sys
import zipfile

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "ttsvar-tensor", "src", "test", "resources", "pth")


def gen(seed):
    g = torch.Generator().manual_seed(seed)
    return lambda *shape: torch.randn(*shape, generator=g)


def state_f32():
    """An OrderedDict as module.state_dict() gives, with views that share storages."""
    r = gen(1)
    w = r(3, 4)
    grid = torch.arange(20, dtype=torch.float32).reshape(4, 5) / 4 - 1
    sd = collections.OrderedDict()
    sd["lin.weight"] = w
    sd["lin.weight_t"] = w.t()                  # shares w's storage, strides (1, 4)
    sd["grid"] = grid
    sd["grid_slice"] = grid[1:3, 1:4]           # storage offset 6, strides (5, 1)
    sd["grid_col"] = grid[:, 2]                 # offset 2, stride 5
    sd["expanded"] = torch.tensor([1.5, -2.0, 3.25]).expand(2, 3)  # stride (0, 1)
    sd["bn.running_mean"] = r(4)
    sd["bn.num_batches_tracked"] = torch.tensor(7, dtype=torch.int64)  # a 0-d integer buffer
    sd["idx"] = torch.tensor([1, -2, 3000000], dtype=torch.int32)
    sd["big_long"] = torch.tensor([2**40 + 1, -5], dtype=torch.int64)
    sd["mask"] = torch.tensor([True, False, True])
    sd["bytes"] = torch.tensor([0, 7, 255], dtype=torch.uint8)
    sd["param"] = torch.nn.Parameter(r(2, 2))
    sd["empty"] = torch.zeros(0, 3)
    sd["scalar"] = torch.tensor(0.125)
    sd["f64"] = torch.tensor([0.1, -1e10], dtype=torch.float64)
    return sd


def half():
    r = gen(2)
    h = r(3, 2).half()
    b = r(2, 3).bfloat16()
    return {"h": h, "h_t": h.t(), "b": b, "b_row": b[1], "h_extremes": torch.tensor([65504.0, -2.5, 6e-8, 0.0], dtype=torch.float16)}


def nested_vae():
    """Like infinity_vae_d32reg.pth: the state dict under "vae", plain Python values beside it."""
    r = gen(3)
    vae = collections.OrderedDict()
    vae["encoder.conv_in.weight"] = r(2, 1, 3, 3)
    vae["encoder.conv_in.bias"] = r(2)
    vae["decoder.norm.weight"] = r(2).bfloat16()
    ema = {"encoder.conv_in.bias": vae["encoder.conv_in.bias"] * 0.5}
    return {"vae": vae, "ema": ema, "epoch": 3, "step": 2**40, "lr": 0.5, "name": "d32reg", "flag": True, "nothing": None, "betas": (0.9, 0.99), "milestones": [10, 20]}


def rebuild_from_type_pickle_module():
    """A pickle module whose Pickler writes tensors through torch._tensor._rebuild_from_type_v2,
    as torch 2.x does (the published Infinity-2B file holds such tensors)."""

    class Pickler(pickle.Pickler):
        def reducer_override(self, obj):
            if type(obj) is torch.Tensor:
                func, args = obj._reduce_ex_internal(2)
                return torch._tensor._rebuild_from_type_v2, (func, torch.Tensor, args, {})
            return NotImplemented

    mod = type(sys)("rebuild_from_type_pickle")
    mod.Pickler = Pickler
    mod.Unpickler = pickle.Unpickler
    mod.load = pickle.load
    mod.__name__ = "rebuild_from_type_pickle"
    return mod


def from_type():
    r = gen(4)
    w = r(2, 3)
    return collections.OrderedDict([("blocks.0.w", w), ("blocks.0.w_t", w.t()), ("head", r(3))])


def flatten(obj, prefix, tensors, meta):
    if isinstance(obj, torch.Tensor):
        tensors[prefix] = obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            flatten(v, f"{prefix}.{k}" if prefix else str(k), tensors, meta)
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            flatten(v, f"{prefix}.{i}" if prefix else str(i), tensors, meta)
    else:
        meta[prefix] = obj


DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64", torch.int64: "I64",
          torch.int32: "I32", torch.uint8: "U8", torch.bool: "BOOL"}


def expected(path):
    """What torch reads back from the written file: its own view of every tensor."""
    loaded = torch.load(path, map_location="cpu")
    tensors, meta = {}, {}
    flatten(loaded, "", tensors, meta)
    out = {}
    for name, t in tensors.items():
        c = t.detach().contiguous()
        e = {"dtype": DTYPES[c.dtype], "shape": list(c.shape), "values": c.float().flatten().tolist()}
        if not c.is_floating_point():
            e["longs"] = c.long().flatten().tolist()
        out[name] = e
    return {"tensors": out, "metadata": {k: (None if v is None else str(v)) for k, v in meta.items()}}


def write_zip(path, archive, entries):
    """A zip laid out like torch's (STORED entries under one folder), from raw entry bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
        for name, data in entries:
            z.writestr(f"{archive}/{name}", data)


def hostile_pickle(module, name, arg):
    """Protocol-2 pickle bytes that would call module.name(arg) if unpickled: written by hand,
    never executed."""
    s = arg.encode()
    return (b"\x80\x02" + b"c" + module.encode() + b"\n" + name.encode() + b"\n"
            + b"X" + len(s).to_bytes(4, "little") + s + b"\x85" + b"R" + b".")


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    exp = {}

    def save(name, obj, **kw):
        path = os.path.join(OUT, name)
        torch.save(obj, path, **kw)
        exp[name] = expected(path)
        return path

    save("state_f32.pth", state_f32())
    save("half.pth", half())
    save("nested_vae.pth", nested_vae())
    save("from_type.pth", from_type(), pickle_module=rebuild_from_type_pickle_module())

    # hostile and broken files
    version = b"3\n"
    write_zip(os.path.join(OUT, "hostile_os_system.pth"), "hostile_os_system",
              [("data.pkl", hostile_pickle("os", "system", "echo pwned")), ("version", version)])
    write_zip(os.path.join(OUT, "hostile_eval.pth"), "hostile_eval",
              [("data.pkl", hostile_pickle("builtins", "eval", "print('pwned')")), ("version", version)])
    # a training checkpoint: the weights beside an argparse.Namespace (a class of user code)
    torch.save({"model": from_type(), "args": argparse.Namespace(lr=0.1, depth=2)}, os.path.join(OUT, "with_args.pth"))

    src = os.path.join(OUT, "state_f32.pth")
    data = open(src, "rb").read()
    open(os.path.join(OUT, "truncated.pth"), "wb").write(data[: len(data) // 2])
    with zipfile.ZipFile(src) as z:
        items = [(i.filename.split("/", 1)[1], z.read(i)) for i in z.infolist()]
    # storage 0 (lin.weight and its transpose, 12 floats) cut to 2 floats: views reach past it
    write_zip(os.path.join(OUT, "short_storage.pth"), "short_storage",
              [(n, d[:8] if n == "data/0" else d) for n, d in items])
    write_zip(os.path.join(OUT, "missing_storage.pth"), "missing_storage",
              [(n, d) for n, d in items if n != "data/1"])

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(exp, f, indent=1, sort_keys=True)
        f.write("\n")
    for f in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(os.path.join(OUT, f)):7d}  {f}")


if __name__ == "__main__":
    main()
