"""Minimal einops: `rearrange` for the patterns Infinity's decode path uses (names, '...', groups
'(a b)', literal 1). reduce/pack/unpack are imported by multiscale_bsq.py but only run when encoding."""
import math
import re


def _parse(side):
    items, group = [], None
    for tok in re.findall(r"\.\.\.|\(|\)|[A-Za-z_][A-Za-z0-9_]*|\d+", side):
        if tok == "(":
            group = []
        elif tok == ")":
            items.append(tuple(group))
            group = None
        elif group is not None:
            group.append(tok)
        else:
            items.append(tok)
    return items


def rearrange(x, pattern, **sizes):
    left, right = (_parse(s) for s in pattern.split("->"))
    n_ell = x.ndim - (len(left) - 1) if "..." in left else 0
    ell = [f"...{i}" for i in range(n_ell)]
    sizes = dict(sizes)
    atoms_l, shape_l = [], []
    dim = 0
    for item in left:
        if item == "...":
            for name in ell:
                sizes[name] = x.shape[dim]; atoms_l.append(name); shape_l.append(x.shape[dim]); dim += 1
            continue
        group = item if isinstance(item, tuple) else (item,)
        known = [sizes.get(g, 1 if g == "1" else None) for g in group]
        if known.count(None) == 1:
            known[known.index(None)] = x.shape[dim] // math.prod(k for k in known if k is not None)
        assert None not in known and math.prod(known) == x.shape[dim], (pattern, x.shape)
        for g, k in zip(group, known):
            if g != "1":
                sizes[g] = k; atoms_l.append(g); shape_l.append(k)
        dim += 1
    x = x.reshape(shape_l)
    flat_r = []
    for item in right:
        group = ell if item == "..." else (item if isinstance(item, tuple) else (item,))
        flat_r.extend(g for g in group if g != "1" and g != "...")
        if isinstance(item, tuple) and "..." in item:
            raise NotImplementedError(pattern)
    assert sorted(flat_r) == sorted(atoms_l), pattern
    x = x.permute([atoms_l.index(a) for a in flat_r])
    out_shape = []
    for item in right:
        if item == "...":
            out_shape.extend(sizes[n] for n in ell)
        elif isinstance(item, tuple):
            out_shape.append(math.prod(1 if g == "1" else sizes[g] for g in item))
        else:
            out_shape.append(1 if item == "1" else sizes[item])
    return x.reshape(out_shape)


def reduce(*args, **kwargs):
    raise NotImplementedError("einops stub: reduce is only used when encoding")


def pack(*args, **kwargs):
    raise NotImplementedError("einops stub: pack is only used when encoding")


def unpack(*args, **kwargs):
    raise NotImplementedError("einops stub: unpack is only used when encoding")
