#!/usr/bin/python3
"""Goldens for org.ttsvar.models.judges.imagereward.BertPromptTokenizer, made by the reference's own slow
tokenizer code on bert-base-uncased's real vocabulary.

ImageReward (and BLIP) tokenize with transformers' BertTokenizer, the slow Python one:
    tokenizer = BertTokenizer.from_pretrained('bert-base-uncased')              # BLIP init_tokenizer
    tokenizer.add_special_tokens({'bos_token': '[DEC]'})
    tokenizer.add_special_tokens({'additional_special_tokens': ['[ENC]']})
    blip.tokenizer(prompt, padding='max_length', truncation=True, max_length=35)   # ImageReward.score
Neither transformers nor the model hub is reachable here, so the reference's files are put in a scratch folder
(never committed) and run with in-memory stubs for the rest of transformers:
    /work/scratch/bert-ref/tokenization_bert.py   src/transformers/models/bert/tokenization_bert.py
    /work/scratch/bert-ref/tokenization_utils.py  src/transformers/tokenization_utils.py
                                                  (PreTrainedTokenizer: tokenize(), the added-token Trie, ids)
    /work/scratch/bert-ref/vocab.txt              bert-base-uncased's vocab.txt (30,522 lines; checked below)

    /usr/bin/python3 tools/parity/imagereward/make_tokenizer_goldens.py --ref /work/scratch/bert-ref

What runs is the reference's: BertTokenizer.__init__ (load_vocab, BasicTokenizer, WordpieceTokenizer),
PreTrainedTokenizer.tokenize (lowercasing all but the special tokens, splitting on them with the Trie),
_add_tokens (from_pretrained's sanitize_special_tokens, then BLIP's two additions), convert_tokens_to_ids and
BertTokenizer.build_inputs_with_special_tokens. What the stub of PreTrainedTokenizerBase spells out (that file is
not loaded): the special-token attributes and lists, add_special_tokens/add_tokens as thin calls into _add_tokens,
and, below, truncation=True on one sequence (cut the ids at the end to max_length - 2) and right padding with
[PAD] and attention mask 0.

Writes ttsvar-models/src/test/resources/imagereward/bert_tokenizer_goldens.json:
  max_length   35
  vocab        the extract of vocab.txt the test needs, with the real ids: the special tokens, and every entry
               WordPiece's greedy longest match could look up for these prompts (every prefix of each basic
               token, every "##" + substring after its first character) -- not the whole third-party file
  cases        [{prompt, tokens, ids, attention_mask}], ids and mask of max_length entries; where the prompt
               spells BLIP's added [DEC] or [ENC], also bert_base_uncased_ids: what the same slow tokenizer gives
               without BLIP's two additions (bert-base-uncased's tokenizer.json does not hold them)
  source       where the reference files came from
"""
import argparse
import hashlib
import importlib.util
import json
import logging
import os
import sys
import types
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "..", "ttsvar-models", "src", "test", "resources", "imagereward",
                   "bert_tokenizer_goldens.json")
MAX_LEN = 35
VOCAB_SHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"  # bert-base-uncased vocab.txt
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

PROMPTS = [
    # ordinary captions
    "a red cube to the left of a blue sphere",
    "a corgi wearing a red scarf, studio photo",
    "a photo of a cat sitting on a wooden table",
    "an oil painting of a lighthouse at sunset, dramatic clouds",
    "two dogs playing in the snow, 35mm film",
    "the city skyline at night, neon lights reflecting on wet streets",
    "portrait of an old man with a beard, black and white",
    "A Red Cube To The Left Of A BLUE SPHERE",
    "unaffable hyperrealistic photorealism, ultra-detailed, octane render, trending on artstation",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    # punctuation
    "punctuation: (a) [b] {c} <d> \"e\" 'f' ... ?! ; - _ / \\ @ # $ % ^ & * + = ~ `",
    "don't stop\u2014it's a well-known fact\u2026 isn't it?",
    "\u201ccurly quotes\u201d and \u2018single\u2019 \u00abguillemets\u00bb \u00bfqu\u00e9? \u00a1s\u00ed!",
    # accents and other scripts
    "a caf\u00e9 in Paris, na\u00efve r\u00e9sum\u00e9 \u00fcber stra\u00dfe, cr\u00e8me br\u00fbl\u00e9e",
    "\u00c9COLE NORMALE SUP\u00c9RIEURE, S\u00e3o Paulo, \u00c5ngstr\u00f6m, \u00d8resund, \u0130stanbul",
    "cafe\u0301 and re\u0301sume\u0301 (decomposed accents)",
    "\u039f\u0394\u039f\u03a3 \u0395\u039b\u039b\u0397\u039d\u0399\u039a\u0391 \u03ba\u03b1\u03b9 \u0440\u0443\u0441\u0441\u043a\u0438\u0439 \u0442\u0435\u043a\u0441\u0442",
    "\u4e00\u53ea\u6234\u7740\u7ea2\u8272\u56f4\u5dfe\u7684\u67ef\u57fa\u72ac\uff0c\u5de5\u4f5c\u5ba4\u7167\u7247",
    "a cat \u732b and a dog \u72d7 in T\u014dky\u014d \u6771\u4eac",
    "\u3072\u3089\u304c\u306a \u30ab\u30bf\u30ab\u30ca \ud55c\uad6d\uc5b4 \ud14d\uc2a4\ud2b8",
    "\uff46\uff55\uff4c\uff4c\uff57\uff49\uff44\uff54\uff48 \uff21\uff22\uff23 \uff11\uff12\uff13 and the \ufb01ne print",
    # numbers
    "numbers 0123456789 and 3.14159 and 2024 and 1,000,000",
    "1920s art deco poster, 4k, 16:9, f/1.8, 50mm, 1/250s, iso 100",
    # emoji
    "a happy dog \U0001f436 with a fox \U0001f98a at a \U0001f389 party",
    "pizza\U0001f355time\u2764\ufe0f and \U0001f468\u200d\U0001f469\u200d\U0001f467 family",
    # white space and invisible characters
    "   leading and   inner   spaces and trailing   ",
    "tabs\tand\nnewlines\r\nin the\u00a0prompt\u3000here",
    "zero\u200bwidth, soft\u00adhyphen, a\u0000nul and a bell\u0007",
    "",
    "x",
    # words that spell special tokens
    "[SEP]",
    "a photo [SEP] of a cat [CLS] [MASK] [PAD] [UNK]",
    "lowercase [sep] is not special, nor is [ SEP ] or [Sep]",
    "glued[SEP]tokens and x[MASK]y",
    "[DEC] and [ENC] are BLIP's additions, [ENC]glued",
    # length: exactly 33 word pieces (fits), 34 (cut), and long prompts
    " ".join(["a"] * 33),
    " ".join(["a"] * 34),
    "a red cube " * 20 + "zebra",
    "a highly detailed digital painting of a majestic castle on a cliff overlooking a stormy sea at dusk, with "
    "lightning in the sky, trending on artstation, by greg rutkowski and alphonse mucha, 8k resolution",
    "x" * 120 + " and a word of 100 " + "y" * 100,
]


def load_reference(ref):
    """transformers.tokenization_utils and transformers.models.bert.tokenization_bert from the scratch copy, with
    in-memory stand-ins for the modules they import."""
    def package(name):
        m = types.ModuleType(name)
        m.__path__ = []
        sys.modules[name] = m
        return m
    for name in ("transformers", "transformers.models", "transformers.models.bert"):
        package(name)
    utils = types.ModuleType("transformers.utils")
    utils.logging = types.SimpleNamespace(get_logger=logging.getLogger)
    utils.PaddingStrategy = utils.TensorType = Unused()
    utils.add_end_docstrings = lambda *docstr: (lambda fn: fn)
    sys.modules["transformers.utils"] = utils
    base = types.ModuleType("transformers.tokenization_utils_base")
    for n in ("ENCODE_KWARGS_DOCSTRING", "ENCODE_PLUS_ADDITIONAL_KWARGS_DOCSTRING", "INIT_TOKENIZER_DOCSTRING"):
        setattr(base, n, "")
    for n in ("BatchEncoding", "EncodedInput", "EncodedInputPair", "PreTokenizedInput", "PreTokenizedInputPair",
              "TextInput", "TextInputPair", "TruncationStrategy"):
        setattr(base, n, Unused())
    base.AddedToken = type("AddedToken", (), {})
    base.PreTrainedTokenizerBase = TokenizerBase
    sys.modules["transformers.tokenization_utils_base"] = base

    def load(name, path):
        spec = importlib.util.spec_from_file_location(name, path)
        m = importlib.util.module_from_spec(spec)
        sys.modules[name] = m
        spec.loader.exec_module(m)
        return m
    load("transformers.tokenization_utils", os.path.join(ref, "tokenization_utils.py"))
    return load("transformers.models.bert.tokenization_bert", os.path.join(ref, "tokenization_bert.py"))


class Unused:
    """Stands for the type hints and enum defaults of the encode methods, which are not called."""

    def __getattr__(self, name):
        return name


class TokenizerBase:
    """The part of PreTrainedTokenizerBase that tokenize() and _add_tokens() use: special-token attributes in its
    order, the lists of them (deduplicated, in that order), and add_tokens/add_special_tokens/sanitize_special_tokens
    as calls into the reference's _add_tokens."""
    SPECIAL_TOKENS_ATTRIBUTES = ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token",
                                 "mask_token", "additional_special_tokens"]

    def __init__(self, **kwargs):
        self.verbose = False
        self.additional_special_tokens = []
        for key in self.SPECIAL_TOKENS_ATTRIBUTES[:-1]:
            setattr(self, key, kwargs.get(key))

    @property
    def all_special_tokens_extended(self):
        out = []
        for key in self.SPECIAL_TOKENS_ATTRIBUTES:
            value = getattr(self, key)
            for tok in (value if isinstance(value, list) else [value] if value is not None else []):
                if tok not in out:
                    out.append(tok)
        return out

    @property
    def all_special_tokens(self):
        return [str(t) for t in self.all_special_tokens_extended]

    def add_tokens(self, new_tokens, special_tokens=False):
        return self._add_tokens(new_tokens, special_tokens=special_tokens)

    def add_special_tokens(self, special_tokens_dict):
        added = 0
        for key, value in special_tokens_dict.items():
            setattr(self, key, value)
            added += self.add_tokens(value if key == "additional_special_tokens" else [value], special_tokens=True)
        return added

    def sanitize_special_tokens(self):
        return self.add_tokens(self.all_special_tokens_extended, special_tokens=True)

    pad_token_id = property(lambda self: self.convert_tokens_to_ids(self.pad_token))
    cls_token_id = property(lambda self: self.convert_tokens_to_ids(self.cls_token))
    sep_token_id = property(lambda self: self.convert_tokens_to_ids(self.sep_token))


def tokenizers(tb, vocab_file):
    """(BLIP's tokenizer, plain bert-base-uncased), as from_pretrained and init_tokenizer make them."""
    plain = tb.BertTokenizer(vocab_file)                       # bert-base-uncased: do_lower_case=True
    plain.sanitize_special_tokens()                            # the end of from_pretrained
    blip = tb.BertTokenizer(vocab_file)
    blip.sanitize_special_tokens()
    blip.add_special_tokens({"bos_token": "[DEC]"})
    blip.add_special_tokens({"additional_special_tokens": ["[ENC]"]})
    assert blip.convert_tokens_to_ids(["[DEC]", "[ENC]"]) == [30522, 30523]
    return blip, plain


def encode(tok, prompt):
    """tok(prompt, padding='max_length', truncation=True, max_length=35) for one sequence."""
    tokens = tok.tokenize(prompt)
    ids = tok.convert_tokens_to_ids(tokens)[: MAX_LEN - tok.num_special_tokens_to_add()]
    ids = tok.build_inputs_with_special_tokens(ids)
    mask = [1] * len(ids) + [0] * (MAX_LEN - len(ids))
    return tokens, ids + [tok.pad_token_id] * (MAX_LEN - len(ids)), mask


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", default="/work/scratch/bert-ref")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    vocab_file = os.path.join(args.ref, "vocab.txt")
    with open(vocab_file, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    assert digest == VOCAB_SHA256, f"{vocab_file} is not bert-base-uncased's vocab.txt (sha256 {digest})"
    tb = load_reference(args.ref)
    vocab = tb.load_vocab(vocab_file)
    assert len(vocab) == 30522 and [vocab[t] for t in SPECIAL] == [0, 100, 101, 102, 103] and vocab["the"] == 1996

    blip, plain = tokenizers(tb, vocab_file)
    words = []                                                 # every word the WordPiece step is given
    for tok in (blip, plain):
        wordpiece = tok.wordpiece_tokenizer.tokenize
        tok.wordpiece_tokenizer.tokenize = lambda text, wp=wordpiece: (words.extend(text.split()), wp(text))[1]

    cases = []
    for prompt in PROMPTS:
        tokens, ids, mask = encode(blip, prompt)
        case = {"prompt": prompt, "tokens": tokens, "ids": ids, "attention_mask": mask}
        _, plain_ids, plain_mask = encode(plain, prompt)
        if "[DEC]" in prompt or "[ENC]" in prompt:
            assert plain_ids != ids
            case["bert_base_uncased_ids"], case["bert_base_uncased_attention_mask"] = plain_ids, plain_mask
        else:
            assert (plain_ids, plain_mask) == (ids, mask)
        # transformers >= 4.26 puts the text through NFC first in BasicTokenizer.tokenize: the same here
        assert encode(blip, unicodedata.normalize("NFC", prompt))[1] == ids, prompt
        cases.append(case)
    assert any(sum(c["attention_mask"]) == MAX_LEN and len(c["tokens"]) > MAX_LEN - 2 for c in cases), "truncation"
    assert any(100 in c["ids"] for c in cases), "[UNK]"

    extract = {t: vocab[t] for t in SPECIAL}
    for w in words:
        if len(w) > 100:                                       # max_input_chars_per_word: [UNK] without look-ups
            continue
        for end in range(1, len(w) + 1):
            for start in range(end):
                piece = w[start:end] if start == 0 else "##" + w[start:end]
                if piece in vocab:
                    extract[piece] = vocab[piece]
    for c in cases:
        for t, i in zip(c["tokens"][: MAX_LEN - 2], c["ids"][1:]):
            assert t in ("[DEC]", "[ENC]") or extract[t] == i, (t, i)
    golden = {
        "source": {"tokenizer": "transformers 4.21 src/transformers/models/bert/tokenization_bert.py and "
                                "tokenization_utils.py (BertTokenizer, the slow one ImageReward's BLIP uses)",
                   "vocab": "bert-base-uncased vocab.txt, sha256 " + VOCAB_SHA256,
                   "blip": "init_tokenizer: bos_token [DEC] = 30522, additional_special_tokens [ENC] = 30523"},
        "max_length": MAX_LEN,
        "vocab": dict(sorted(extract.items(), key=lambda kv: kv[1])),
        "cases": cases,
    }
    with open(args.out, "w", encoding="utf-8") as f:                # one line per case and per vocabulary entry
        dumps = lambda v: json.dumps(v, ensure_ascii=False)
        f.write("{\n" + ",\n".join(f" {dumps(k)}: {dumps(golden[k])}" for k in ("source", "max_length")))
        f.write(',\n "vocab": {\n' + ",\n".join(f"  {dumps(t)}: {i}" for t, i in golden["vocab"].items()) + "\n }")
        f.write(',\n "cases": [\n' + ",\n".join("  " + dumps(c) for c in cases) + "\n ]\n}\n")
    assert json.load(open(args.out, encoding="utf-8")) == golden
    print(f"wrote {args.out}: {len(cases)} prompts, {len(extract)} vocabulary entries; truncated: "
          f"{sum(len(c['tokens']) > MAX_LEN - 2 for c in cases)}, with [UNK]: {sum(100 in c['ids'] for c in cases)}")


if __name__ == "__main__":
    main()
