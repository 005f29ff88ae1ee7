#!/usr/bin/python3
"""Parity goldens for the Java port of ImageReward (org.ttsvar.models.judges.imagereward), made by running the
reference itself: THUDM/ImageReward (the fetched snapshot's HEAD, `ImageReward/` only) in a scratch folder,
on Debian's python3-torch 1.13 (/usr/bin/python3):

    git --git-dir=<fetched mirror> archive HEAD | tar -x -C /work/scratch/imagereward-ref
    /usr/bin/python3 tools/parity/imagereward/make_goldens.py --ref /work/scratch/imagereward-ref

The reference imports pieces of HF transformers, timm, fairscale and torchvision, none of which Debian has;
`stubs/` next to this script supplies them (our own code, transformers v4.15 / torchvision 0.14 semantics):
BertConfig (defaults + the JSON's fields), ACT2FN["gelu"] = F.gelu (exact), ModelOutput and the output
classes, a PreTrainedModel with init_weights / dtype / invert_attention_mask / get_head_mask,
apply_chunking_to_forward (chunk size 0 only), timm's PatchEmbed, trunc_normal_, DropPath, fairscale's
checkpoint_wrapper (identity), torchvision's Compose / Resize / CenterCrop / ToTensor / Normalize on PIL
images, and a BertTokenizer that does not tokenize (bert-base-uncased's vocab.txt is not here: the golden
records the token ids of a made-up tiny vocabulary, tiny_vocab.txt, directly). The package __init__ files
of ImageReward/ and ImageReward/models/ are bypassed (they import CLIP, huggingface_hub, ...); the
reference's own modules are imported and run unchanged.

What the release computes (ImageReward/ImageReward.py ImageReward.score): preprocess = Compose([Resize(224,
BICUBIC), CenterCrop(224), RGB, ToTensor(), Normalize(CLIP mean, std)]) on the PIL image (Pillow's bicubic
resize of the shorter side to 224, 8-bit); image_embeds = blip.visual_encoder(image) (BLIP ViT: patch 16,
pre-LN blocks, LayerNorm eps 1e-6, final norm; all tokens, class token first); tokens: bert-base-uncased,
padding='max_length', truncation, max_length=35; text_output = blip.text_encoder(ids, attention_mask,
encoder_hidden_states=image_embeds, encoder_attention_mask=ones) (BERT, post-LN, self-attention then
cross-attention to the image tokens in every layer, mode 'multimodal'); the CLS state last_hidden_state[:,0]
-> mlp (Linear 768->1024->128->64->16->1, no activations, dropout only in training) -> (r - mean) / std with
mean 0.16717362830052426, std 1.0333394966054072. utils.load: torch.load(ImageReward.pt) then
model.load_state_dict(sd, strict=False).

The tiny model: the reference's ImageReward class with create_vit replaced by the reference's own
VisionTransformer at width 192 (3 heads of 64, as BLIP's ViT-L 1024/16), depth 2, patch 16, img 224; BERT
from a tiny med_config (hidden 128, 2 heads of 64, 2 layers, intermediate 512, vocab 130, 40 positions,
encoder_width 192, add_cross_attention); MLP(128) (the release's MLP(768) with the tiny text width in
front: 128->1024->128->64->16->1). Every parameter random (no zero biases; LayerNorm scales 1 +- 0.2).

Writes into ttsvar-models/src/test/resources/imagereward/:
  tiny_imagereward.pt    model.state_dict() of that ImageReward module, saved as a plain state dict (as the
                         release's ImageReward.pt is loaded: torch.load then load_state_dict(strict=False));
                         includes blip.vision_proj / blip.text_proj (unused by the reward) and the buffer
                         blip.text_encoder.embeddings.position_ids (int64 arange).
  tiny_med_config.json   the tiny BERT config
  tiny_vocab.txt         the made-up vocabulary the token ids refer to
  input.png              the 8-bit RGB test image (256 x 256)
  golden.safetensors
    pixels          F32 [3, 224, 224]  preprocess(image)
    input_ids       I64 [35]           token ids ([CLS] ... [SEP], [PAD] to 35)
    attention_mask  I64 [35]
    image_embeds    F32 [197, 192]     blip.visual_encoder(pixels)
    text_cls        F32 [128]          text_output.last_hidden_state[0, 0]
    reward_raw      F32 [1]            mlp(text_cls)
    reward          F32 [1]            (reward_raw - mean) / std, what score() returns
    metadata: reference, torch, pillow, prompt
  imagereward_keys.json  every key of ImageReward(med_config = the release's med_config.json) state_dict()
                         with shape and dtype, built on the meta device (nothing allocated).
"""
import argparse
import json
import os
import struct
import sys
import types

import numpy as np
import torch
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from goldenio import write_safetensors  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "..", "ttsvar-models", "src", "test", "resources", "imagereward")
PROMPT = "a red cube to the left of a blue sphere"
MAX_LEN = 35
RELEASE_MED_CONFIG = {  # https://huggingface.co/THUDM/ImageReward/blob/main/med_config.json (as in train/src/config)
    "architectures": ["BertModel"], "attention_probs_dropout_prob": 0.1, "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1, "hidden_size": 768, "initializer_range": 0.02, "intermediate_size": 3072,
    "layer_norm_eps": 1e-12, "max_position_embeddings": 512, "model_type": "bert", "num_attention_heads": 12,
    "num_hidden_layers": 12, "pad_token_id": 0, "type_vocab_size": 2, "vocab_size": 30524, "encoder_width": 768,
    "add_cross_attention": True}
TINY_MED_CONFIG = dict(RELEASE_MED_CONFIG, hidden_size=128, intermediate_size=512, max_position_embeddings=40,
                       num_attention_heads=2, num_hidden_layers=2, vocab_size=130, encoder_width=192)
VISION_WIDTH, VISION_DEPTH, VISION_HEADS = 192, 2, 3




def import_reference(ref):
    """ImageReward.ImageReward and its BLIP modules, without the package __init__s (CLIP, huggingface_hub...)."""
    sys.path.insert(0, os.path.join(HERE, "stubs"))
    sys.path.insert(0, ref)
    for name, sub in (("ImageReward", "ImageReward"), ("ImageReward.models", "ImageReward/models")):
        pkg = types.ModuleType(name)
        pkg.__path__ = [os.path.join(ref, sub)]
        sys.modules[name] = pkg
    import ImageReward.ImageReward as irm
    import ImageReward.models.BLIP.blip_pretrain as bp
    import ImageReward.models.BLIP.vit as vit
    return irm, bp, vit


def tiny_vocab():
    """bert-base-uncased's special ids ([PAD] 0, [UNK] 100, [CLS] 101, [SEP] 102, [MASK] 103), a few words after,
    then [DEC] and [ENC] as BLIP's init_tokenizer appends them (30522, 30523 in the real one)."""
    vocab = ["[PAD]"] + ["[unused%d]" % i for i in range(99)] + ["[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    words = "a an the red blue green yellow cube sphere cone to of left right above below on photo".split()
    vocab += words
    vocab += ["[unused%d]" % i for i in range(99, 99 + 128 - len(vocab))]
    return vocab + ["[DEC]", "[ENC]"]


def token_ids(vocab, prompt):
    ids = [vocab.index("[CLS]")] + [vocab.index(w) for w in prompt.lower().split()] + [vocab.index("[SEP]")]
    mask = [1] * len(ids) + [0] * (MAX_LEN - len(ids))
    return ids + [0] * (MAX_LEN - len(ids)), mask


def randomize(model):
    g = torch.Generator().manual_seed(23)
    with torch.no_grad():
        for name, p in model.named_parameters():
            r = torch.randn(p.shape, generator=g)
            if "LayerNorm" in name or ".norm" in name or name.startswith("norm"):
                p.copy_(1.0 + 0.2 * r if name.endswith("weight") else 0.1 * r)
            elif name.endswith(("pos_embed", "cls_token")) or "embeddings." in name:
                p.copy_(0.5 * r)
            elif name.endswith("bias"):
                p.copy_(0.1 * r)
            else:  # linear and conv weights: unit gain
                fan_in = int(np.prod(p.shape[1:]))
                p.copy_(r / fan_in ** 0.5)


def build_tiny(irm, bp, vit, med_config_path):
    orig_create_vit, orig_mlp = bp.create_vit, irm.MLP
    bp.create_vit = lambda *a, **kw: (vit.VisionTransformer(img_size=224, patch_size=16, embed_dim=VISION_WIDTH,
                                                            depth=VISION_DEPTH, num_heads=VISION_HEADS), VISION_WIDTH)
    irm.MLP = lambda input_size: orig_mlp(TINY_MED_CONFIG["hidden_size"])
    try:
        torch.manual_seed(23)
        model = irm.ImageReward(med_config=med_config_path, device="cpu")
    finally:
        bp.create_vit, irm.MLP = orig_create_vit, orig_mlp
    randomize(model)
    return model.eval()


def key_list(irm, med_config_path):
    """ImageReward(med_config=the release's) state_dict() with its tensors on the meta device."""
    factories = {n: getattr(torch, n) for n in ("empty", "zeros", "ones")}

    def on_meta(fn):
        def wrapped(*a, **kw):
            if kw.get("device") is None:
                kw["device"] = "meta"
            return fn(*a, **kw)
        return wrapped
    for n, fn in factories.items():
        setattr(torch, n, on_meta(fn))
    try:
        m = irm.ImageReward(med_config=med_config_path, device="cpu")
    finally:
        for n, fn in factories.items():
            setattr(torch, n, fn)
    return {k: {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", "")}
            for k, t in m.state_dict().items()}


def test_image():
    """256 x 256 RGB: smooth gradients, a few flat shapes, mild noise (the DINOv2 golden's image)."""
    rng = np.random.default_rng(23)
    y, x = np.mgrid[0:256, 0:256].astype(np.float64)
    img = np.stack([x, y, 255 - (x + y) / 2], axis=-1)
    for cx, cy, r, col in ((70, 80, 40, (230, 30, 40)), (180, 170, 55, (20, 40, 220)), (190, 60, 25, (250, 240, 30))):
        img[(x - cx) ** 2 + (y - cy) ** 2 < r * r] = col
    img[100:140, 20:120] = (20, 200, 60)
    img += rng.normal(0, 1.5, img.shape) * (x % 32 < 16)[..., None]
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", required=True, help="scratch folder holding the reference's ImageReward/")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    irm, bp, vit = import_reference(args.ref)
    from PIL import Image
    import PIL
    ref_commit = os.environ.get("IMAGEREWARD_REF", "THUDM/ImageReward (fetched snapshot HEAD)")

    med = os.path.join(args.out, "tiny_med_config.json")
    with open(med, "w") as f:
        json.dump(TINY_MED_CONFIG, f, indent=2)
    vocab = tiny_vocab()
    assert len(vocab) == TINY_MED_CONFIG["vocab_size"]
    with open(os.path.join(args.out, "tiny_vocab.txt"), "w") as f:
        f.write("\n".join(vocab) + "\n")

    model = build_tiny(irm, bp, vit, med)
    torch.save(model.state_dict(), os.path.join(args.out, "tiny_imagereward.pt"))
    # what utils.load does with the release file
    fresh = build_tiny(irm, bp, vit, med)
    msg = fresh.load_state_dict(torch.load(os.path.join(args.out, "tiny_imagereward.pt"), map_location="cpu"),
                                strict=False)
    assert not msg.missing_keys and not msg.unexpected_keys, msg

    Image.fromarray(test_image()).save(os.path.join(args.out, "input.png"))
    pil = Image.open(os.path.join(args.out, "input.png"))
    pixels = model.preprocess(pil)
    ids, mask = token_ids(vocab, PROMPT)
    input_ids, attention_mask = torch.tensor([ids]), torch.tensor([mask])
    with torch.no_grad():
        image_embeds = model.blip.visual_encoder(pixels[None])
        image_atts = torch.ones(image_embeds.size()[:-1], dtype=torch.long)
        out = model.blip.text_encoder(input_ids, attention_mask=attention_mask, encoder_hidden_states=image_embeds,
                                      encoder_attention_mask=image_atts, return_dict=True)
        cls = out.last_hidden_state[:, 0, :].float()
        raw = model.mlp(cls)
        reward = (raw - model.mean) / model.std
        # the release's own path (score_gard: same computation from ids and pixels)
        again = model.score_gard(input_ids, attention_mask, pixels[None])
        assert torch.equal(again, reward), (again, reward)
    golden = {"pixels": pixels, "input_ids": input_ids[0], "attention_mask": attention_mask[0],
              "image_embeds": image_embeds[0], "text_cls": cls[0], "reward_raw": raw[0], "reward": reward[0]}
    write_safetensors(os.path.join(args.out, "golden.safetensors"), golden,
                      {"reference": ref_commit, "torch": torch.__version__, "pillow": PIL.__version__,
                       "prompt": PROMPT})

    with open(os.path.join(args.out, "release_med_config.json"), "w") as f:
        json.dump(RELEASE_MED_CONFIG, f, indent=2)
    keys = key_list(irm, os.path.join(args.out, "release_med_config.json"))
    os.remove(os.path.join(args.out, "release_med_config.json"))
    with open(os.path.join(args.out, "imagereward_keys.json"), "w") as f:
        f.write("{\n" + ",\n".join(json.dumps(k) + ": " + json.dumps(v) for k, v in keys.items()) + "\n}\n")
    n = sum(int(np.prod(v["shape"])) for k, v in keys.items() if v["dtype"] == "float32")
    print("keys %d, float parameters %.1f M" % (len(keys), n / 1e6))
    print("reward raw %.6f normalised %.6f; |image_embeds| %.3f, |cls| %.3f"
          % (raw.item(), reward.item(), image_embeds.abs().mean(), cls.abs().mean()))


if __name__ == "__main__":
    main()
