#!/usr/bin/python3
"""Goldens for org.ttsvar.models.infinity.T5PromptTokenizer, made by Python SentencePiece itself.

Run with Debian's SentencePiece (python3-sentencepiece):  /usr/bin/python3 tools/parity/t5/make_tokenizer_goldens.py

Flan-T5's spiece.model cannot be downloaded here, so this trains a tiny model in its layout: unigram,
pad 0, </s> (eos) 1, <unk> 2, no <s>, the default nmt_nfkc normalization, no byte fallback. Writes
ttsvar-models/src/test/resources/t5/:
  tiny_spiece.model   the trained model (vocab 200)
  goldens.json        {"max_length": 512, "eos_id": 1, "cases": [{"prompt": ..., "ids": [...]}, ...]}
where ids are what Infinity's text input gets: T5Tokenizer(prompt, max_length=512, truncation=True) —
the model's ids, cut to 511 when longer, then </s> (id 1) appended; the padding Infinity adds is not
part of ids (only the real tokens' states are used).
"""
import io
import json
import os

import sentencepiece as spm

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "ttsvar-models", "src", "test", "resources", "t5")
MAX_LENGTH = 512
EOS_ID = 1

TRAINING_TEXT = """\
a corgi wearing a red scarf, studio photo
a photo of a cat sitting on a wooden table
an oil painting of a lighthouse at sunset, dramatic clouds
two dogs playing in the snow, 35mm film
a bowl of ramen with an egg and green onions
the city skyline at night, neon lights reflecting on wet streets
a watercolor of mountains and a quiet lake in the morning
portrait of an old man with a beard, black and white
a small red cube next to a large blue sphere
three yellow flowers in a glass vase on a windowsill
a café in Paris with people drinking coffee
a futuristic robot reading a book in a library
a bird flying over the ocean, high resolution, 4k
a tree with orange leaves in autumn, soft light
a plate of sushi, top view, food photography
1 2 3 4 5 6 7 8 9 10 100 2024 3.14
naïve résumé über straße
"""

PROMPTS = [
    "a corgi wearing a red scarf, studio photo",
    "A Corgi Wearing A Red Scarf",
    "a photo of a cat",
    "three yellow flowers, 4k, 35mm!",
    "numbers 0123456789 and 3.14159 and 2024",
    "punctuation: (a) [b] {c} <d> \"e\" 'f' ... ?! ; - _ / \\ @ # $ % ^ & * + = ~ `",
    "a café in Paris, naïve résumé über straße",
    "ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３",
    "emoji 🐶🦊 and 日本語のテキスト and Ελληνικά",
    "   leading and   inner   spaces and trailing   ",
    "tabs\tand\nnewlines\r\nin the prompt",
    "",
    "x",
    "zzzz qqqq unseenword xylophone",
    "a red cube " * 60 + "zebra",
    ("a futuristic robot reading a book in a library, " * 30).strip(),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(TRAINING_TEXT.splitlines() * 4),
        model_writer=model,
        model_type="unigram",
        vocab_size=200,
        pad_id=0, pad_piece="<pad>",
        eos_id=1, eos_piece="</s>",
        unk_id=2, unk_piece="<unk>",
        bos_id=-1,
        character_coverage=1.0,
        byte_fallback=False,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
    )
    path = os.path.join(OUT, "tiny_spiece.model")
    with open(path, "wb") as f:
        f.write(model.getvalue())
    sp = spm.SentencePieceProcessor(model_file=path)
    assert (sp.pad_id(), sp.eos_id(), sp.unk_id(), sp.bos_id()) == (0, 1, 2, -1), "T5's special-id layout"
    assert sp.id_to_piece(1) == "</s>"
    cases = []
    for prompt in PROMPTS:
        ids = sp.encode(prompt)[: MAX_LENGTH - 1] + [EOS_ID]
        cases.append({"prompt": prompt, "ids": ids})
    assert any(len(c["ids"]) == MAX_LENGTH for c in cases), "a prompt must exercise truncation"
    assert any(2 in c["ids"] for c in cases), "a prompt must exercise <unk>"
    golden = {"max_length": MAX_LENGTH, "eos_id": EOS_ID, "vocab_size": sp.get_piece_size(),
              "sentencepiece": spm.__version__, "cases": cases}
    with open(os.path.join(OUT, "goldens.json"), "w", encoding="utf-8") as f:
        json.dump(golden, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote", path, "and goldens.json:", len(cases), "prompts, vocab", sp.get_piece_size())


if __name__ == "__main__":
    main()
