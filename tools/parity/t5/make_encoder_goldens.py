#!/usr/bin/python3
"""Parity goldens for the Java port of Infinity's text encoder (org.ttsvar.models.infinity.T5Encoder), made by
running Hugging Face transformers' own T5 code on Debian's python3-torch (1.13, /usr/bin/python3).

transformers is not in Debian and its repository is too large to fetch here; the reference is a verbatim copy of
its `transformers/` package (v4.19.0.dev0) vendored by YuanWind/transformers_wind (imported in one commit, never
modified there). Put it in a scratch folder (never committed):

    git --git-dir=<fetched mirror of YuanWind/transformers_wind> archive HEAD transformers | tar -x -C /work/scratch/t5-ref
    /usr/bin/python3 tools/parity/t5/make_encoder_goldens.py --ref /work/scratch/t5-ref

The encoder's code (T5LayerNorm, T5DenseGatedActDense with gelu_new, T5Attention with its relative position
buckets and unscaled scores, T5Stack's mask (1 - mask) * finfo.min) is the same there as in transformers' main
branch today. Three start-up imports are bypassed, none on the model's path: the package's dependency check (it
wants tokenizers and huggingface_hub, absent here), `transformers.models/__init__` (it imports every model),
and huggingface_hub itself (`stubs/`: names that refuse to run; nothing is downloaded).

What Infinity does with it (infinity/utils/..., run_infinity.py encode_prompt): T5Tokenizer(prompt,
max_length=512, padding='max_length', truncation=True) -> T5EncoderModel(input_ids, attention_mask)
['last_hidden_state'] -> the first `mask.sum()` rows (the real tokens). This script does exactly that in fp32
(Infinity loads the encoder in fp16 on a GPU; the Java port computes in fp32).

The tiny model: T5ForConditionalGeneration (so the files hold a decoder and lm_head as the hub's do) with Flan-T5's
layout at toy size: vocab 200 (the tokenizer golden's tiny_spiece.model), d_model 128 (the tiny Infinity's text
channels), 4 heads of 32, d_ff 192 gated-GELU, 2 encoder layers and 1 decoder layer, 32 relative buckets, max distance
128, eps 1e-6, untied embeddings. Every parameter random (RMSNorm gains 1 +- 0.2, the rest N(0, s) with s keeping
activations O(1)).

Writes into ttsvar-models/src/test/resources/t5/:
  tiny-flan-t5/config.json                      the reference's T5Config, as save_pretrained writes it
  tiny-flan-t5/model-0000K-of-00002.safetensors the state dict in two shards, as the hub ships flan-t5-xl
  tiny-flan-t5/model.safetensors.index.json     {"metadata": {"total_size": bytes}, "weight_map": {name: shard}}
  tiny-flan-t5/spiece.model                     a copy of tiny_spiece.model
  encoder_golden.safetensors                    for each prompt K of goldens.json (the tokenizer golden):
                                                case.K.input_ids I64 [T], case.K.states F32 [T, 128]; metadata
                                                "prompts" (JSON list), "reference"; and buckets I64 [1023],
                                                the encoder's bucket of every key-minus-query distance
                                                -511..511 (32 buckets, max distance 128)
and flan_t5_xl_encoder_keys.json: the names and shapes of google/flan-t5-xl's state dict (its published config:
d_model 2048, 24+24 layers, 32 heads of 64, d_ff 5120, vocab 32128), built on the meta device, so the Java
loader's key set is checked against the real one without 11 GB of weights.
"""
import argparse
import json
import os
import shutil
import sys
import types

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from goldenio import write_safetensors  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "..", "ttsvar-models", "src", "test", "resources", "t5")
MAX_LENGTH = 512

TINY = dict(vocab_size=200, d_model=128, d_kv=32, d_ff=192, num_layers=2, num_decoder_layers=1, num_heads=4,
            relative_attention_num_buckets=32, relative_attention_max_distance=128, dropout_rate=0.0,
            layer_norm_epsilon=1e-6, feed_forward_proj="gated-gelu", tie_word_embeddings=False,
            decoder_start_token_id=0, pad_token_id=0, eos_token_id=1)
# google/flan-t5-xl's config.json (the fields that size the model)
FLAN_T5_XL = dict(vocab_size=32128, d_model=2048, d_kv=64, d_ff=5120, num_layers=24, num_decoder_layers=24,
                  num_heads=32, relative_attention_num_buckets=32, relative_attention_max_distance=128,
                  feed_forward_proj="gated-gelu", tie_word_embeddings=False)


def import_reference(ref):
    sys.path.insert(0, os.path.join(HERE, "stubs"))
    sys.path.insert(0, ref)
    check = types.ModuleType("transformers.dependency_versions_check")
    check.dep_version_check = lambda *a, **k: None
    sys.modules["transformers.dependency_versions_check"] = check
    import transformers
    models = types.ModuleType("transformers.models")
    models.__path__ = [os.path.join(os.path.dirname(transformers.__file__), "models")]
    sys.modules["transformers.models"] = models
    from transformers.models.t5.configuration_t5 import T5Config
    from transformers.models.t5.modeling_t5 import T5EncoderModel, T5ForConditionalGeneration
    return transformers.__version__, T5Config, T5EncoderModel, T5ForConditionalGeneration


def randomize(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            r = torch.randn(p.shape, generator=g)
            if "layer_norm" in name:
                p.copy_(1 + 0.2 * r)
            elif "relative_attention_bias" in name:
                p.copy_(0.5 * r)
            elif name.endswith(("shared.weight", "embed_tokens.weight", "lm_head.weight")):
                p.copy_(r)
            else:
                p.copy_(r / p.shape[1] ** 0.5)                  # a Linear (out, in): unit-variance outputs


def write_sharded(folder, state):
    names = list(state)
    half = len(names) // 2
    shards = {"model-00001-of-00002.safetensors": names[:half], "model-00002-of-00002.safetensors": names[half:]}
    weight_map, total = {}, 0
    for shard, keys in shards.items():
        write_safetensors(os.path.join(folder, shard), {k: state[k] for k in keys}, {"format": "pt"})
        for k in keys:
            weight_map[k] = shard
            total += state[k].numel() * 4
    with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}, f, indent=2)
        f.write("\n")


def encode_like_infinity(encoder, ids):
    """encode_prompt: pad to 512 with the attention mask, keep the real tokens' states."""
    t = len(ids)
    padded = torch.zeros(1, MAX_LENGTH, dtype=torch.long)
    padded[0, :t] = torch.tensor(ids)
    mask = torch.zeros(1, MAX_LENGTH, dtype=torch.long)
    mask[0, :t] = 1
    with torch.no_grad():
        states = encoder(input_ids=padded, attention_mask=mask)["last_hidden_state"].float()
    return states[0, :t]


def full_size_keys(T5Config, T5ForConditionalGeneration):
    """flan-t5-xl's state dict names and shapes, with every parameter on the meta device."""
    real_empty = torch.empty

    def empty_on_meta(*a, **kw):
        kw["device"] = "meta"
        return real_empty(*a, **kw)
    torch.empty = empty_on_meta
    try:
        m = T5ForConditionalGeneration(T5Config(**FLAN_T5_XL))
    finally:
        torch.empty = real_empty
    sd = m.state_dict()
    assert all(t.is_meta or t.numel() < 10 ** 5 for t in sd.values())   # T5LayerNorm starts from torch.ones
    return {k: list(t.shape) for k, t in sd.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", required=True, help="the folder holding the vendored transformers/ package")
    args = ap.parse_args()
    torch.set_num_threads(1)
    version, T5Config, T5EncoderModel, T5ForConditionalGeneration = import_reference(args.ref)

    torch.manual_seed(0)
    full = T5ForConditionalGeneration(T5Config(**TINY)).eval()
    randomize(full, seed=33)
    folder = os.path.join(OUT, "tiny-flan-t5")
    os.makedirs(folder, exist_ok=True)
    full.config.to_json_file(os.path.join(folder, "config.json"))
    # the hub's files store the embedding once, as shared.weight (the stacks' embed_tokens are tied to it)
    state = {k: v for k, v in full.state_dict().items() if not k.endswith("embed_tokens.weight")}
    write_sharded(folder, state)
    shutil.copyfile(os.path.join(OUT, "tiny_spiece.model"), os.path.join(folder, "spiece.model"))

    # loaded back the way Infinity loads it (T5EncoderModel.from_pretrained keeps shared + encoder.*)
    encoder = T5EncoderModel(full.config).eval()
    missing, unexpected = encoder.load_state_dict(state, strict=False)
    assert not [k for k in missing if not k.endswith("embed_tokens.weight")], missing
    assert all(k.startswith(("decoder.", "lm_head.")) for k in unexpected), unexpected
    assert torch.equal(encoder.encoder.embed_tokens.weight, state["shared.weight"])

    with open(os.path.join(OUT, "goldens.json"), encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    tensors, prompts = {}, []
    for k, case in enumerate(cases):
        ids = case["ids"]
        tensors[f"case.{k}.input_ids"] = torch.tensor(ids, dtype=torch.long)
        tensors[f"case.{k}.states"] = encode_like_infinity(encoder, ids)
        prompts.append(case["prompt"])
    assert max(len(c["ids"]) for c in cases) == MAX_LENGTH, "a case must fill the 512 tokens (every bucket)"
    attention = encoder.encoder.block[0].layer[0].SelfAttention
    relative = torch.arange(-(MAX_LENGTH - 1), MAX_LENGTH)
    tensors["buckets"] = attention._relative_position_bucket(relative, bidirectional=True, num_buckets=32, max_distance=128)
    write_safetensors(os.path.join(OUT, "encoder_golden.safetensors"), tensors,
                      {"prompts": json.dumps(prompts, ensure_ascii=False),
                       "reference": f"transformers {version} T5EncoderModel, fp32, padded to {MAX_LENGTH} with the mask"})

    keys = full_size_keys(T5Config, T5ForConditionalGeneration)
    with open(os.path.join(OUT, "flan_t5_xl_encoder_keys.json"), "w") as f:
        rows = [f"  {json.dumps(k)}: {json.dumps(keys[k])}" for k in sorted(keys)]    # one tensor a line
        f.write('{"config": ' + json.dumps(FLAN_T5_XL, sort_keys=True) + ',\n "tensors": {\n' + ",\n".join(rows) + "\n}}\n")
    print("wrote", folder, "encoder_golden.safetensors:", len(cases), "cases;", len(keys), "full-size keys")


if __name__ == "__main__":
    main()
