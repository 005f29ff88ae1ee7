package org.ttsvar.models.judges.imagereward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BertPromptTokenizer} against the reference's slow {@code BertTokenizer} on bert-base-uncased's real
 * ids ({@code tools/parity/imagereward/make_tokenizer_goldens.py}: transformers' own BasicTokenizer,
 * WordpieceTokenizer and special-token splitting, run on the real vocab.txt, with BLIP's two added tokens).
 * {@code bert_tokenizer_goldens.json} holds 40 prompts (captions, punctuation, accents, CJK and other
 * scripts, digits, emoji, odd whitespace and invisible characters, words spelling the special tokens, long
 * prompts cut at 35) with the reference's ids and mask, and the extract of vocab.txt those prompts can reach
 * (every entry WordPiece's greedy longest match could look up, with its real id). The tokenizer.json is
 * bert-base-uncased's layout ({@code tiny_tokenizer.json}'s) over that extract, so every id below is the
 * real model's.
 *
 * <p>The one known difference: BLIP's {@code init_tokenizer} adds [DEC] (30522) and [ENC] (30523) as
 * special tokens; bert-base-uncased's tokenizer.json does not hold them, so a prompt that spells them gets
 * bert-base-uncased's ids for "[", "dec", "]" instead. The golden records both; the test pins that this
 * is the only difference.
 */
class BertRealVocabularyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyGoldenPromptGivesTheReferenceIdsAndMask(@TempDir Path dir) throws IOException {
    JsonNode golden = JSON.readTree(ImageRewardTest.resource("bert_tokenizer_goldens.json").toFile());
    assertEquals(BertPromptTokenizer.MAX_LENGTH, golden.get("max_length").asInt());
    JsonNode vocab = golden.get("vocab");
    assertEquals(List.of(0, 100, 101, 102, 103), List.of(vocab.get("[PAD]").asInt(), vocab.get("[UNK]").asInt(),
        vocab.get("[CLS]").asInt(), vocab.get("[SEP]").asInt(), vocab.get("[MASK]").asInt()));
    assertEquals(1996, vocab.get("the").asInt(), "bert-base-uncased's id of 'the'");

    List<String> mismatches = new ArrayList<>();
    int cases = 0, blipOnly = 0, truncated = 0;
    try (BertPromptTokenizer t = BertPromptTokenizer.load(realIdsTokenizer(vocab, dir.resolve("tokenizer.json")))) {
      for (JsonNode c : golden.get("cases")) {
        String prompt = c.get("prompt").asText();
        BertPromptTokenizer.Tokens got = t.encode(prompt);
        long[] reference = longs(c.get("ids")), mask = longs(c.get("attention_mask"));
        if (c.has("bert_base_uncased_ids")) { // a prompt spelling BLIP's [DEC] / [ENC]
          assertFalse(Arrays.equals(reference, got.ids()), "BLIP's added tokens are not in bert-base-uncased's tokenizer.json");
          reference = longs(c.get("bert_base_uncased_ids"));
          mask = longs(c.get("bert_base_uncased_attention_mask"));
          blipOnly++;
        }
        if (!Arrays.equals(reference, got.ids()) || !Arrays.equals(mask, got.attentionMask())) {
          mismatches.add(JSON.writeValueAsString(prompt) + ": reference " + Arrays.toString(reference) + ", got "
              + Arrays.toString(got.ids()) + " mask " + Arrays.toString(got.attentionMask()));
        }
        truncated += got.attentionMask()[BertPromptTokenizer.MAX_LENGTH - 1] == 1 ? 1 : 0;
        cases++;
      }
    }
    assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + cases + " prompts differ:\n" + String.join("\n", mismatches));
    assertTrue(cases >= 40 && blipOnly == 1 && truncated >= 4, cases + " cases, " + blipOnly + " with [DEC]/[ENC], " + truncated + " full");
  }

  @Test
  void goldenCaptionTokensAreTheRealVocabularysPieces(@TempDir Path dir) throws IOException {
    JsonNode golden = JSON.readTree(ImageRewardTest.resource("bert_tokenizer_goldens.json").toFile());
    try (BertPromptTokenizer t = BertPromptTokenizer.load(realIdsTokenizer(golden.get("vocab"), dir.resolve("tokenizer.json")))) {
      // "a corgi wearing a red scarf, studio photo" -> a co ##rg ##i wearing a red scarf , studio photo
      long[] ids = t.encode("a corgi wearing a red scarf, studio photo").ids();
      assertArrayEquals(new long[] {101, 1037, 2522, 10623, 2072, 4147, 1037, 2417, 18982, 1010, 2996, 6302, 102, 0},
          Arrays.copyOf(ids, 14));
    }
  }

  /** bert-base-uncased's tokenizer.json layout ({@code tiny_tokenizer.json}) over the golden's vocabulary extract. */
  static Path realIdsTokenizer(JsonNode vocab, Path out) throws IOException {
    ObjectNode layout = (ObjectNode) JSON.readTree(ImageRewardTest.resource("tiny_tokenizer.json").toFile());
    ((ObjectNode) layout.get("model")).set("vocab", vocab);
    JSON.writeValue(out.toFile(), layout);
    return out;
  }

  private static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }
}
