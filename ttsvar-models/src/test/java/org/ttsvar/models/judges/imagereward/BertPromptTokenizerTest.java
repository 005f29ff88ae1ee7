package org.ttsvar.models.judges.imagereward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;

/**
 * The tokenizer's mechanism on a tiny vocabulary: {@code tiny_tokenizer.json} is bert-base-uncased's
 * tokenizer.json layout (WordPiece, BertNormalizer lowercasing, BertPreTokenizer, [CLS] $A [SEP]) over
 * {@code tiny_vocab.txt}, the vocabulary the reference's golden was tokenized with. What this checks: the
 * library runs offline (bundled native code), and the release's max_length 35 truncation and padding give
 * the reference's ids and mask exactly. The real bert-base-uncased ids are checked by
 * {@link BertRealVocabularyTest}.
 */
class BertPromptTokenizerTest {
  private static final Path TOKENIZER = ImageRewardTest.resource("tiny_tokenizer.json");

  @Test
  void goldenPromptGivesTheReferenceIdsAndMask() throws IOException {
    String prompt;
    try (SafeTensors st = SafeTensors.open(ImageRewardTest.resource("golden.safetensors"))) {
      prompt = st.metadata().get("prompt");
    }
    Map<String, TensorData> golden = SafeTensors.readAll(ImageRewardTest.resource("golden.safetensors"));
    try (BertPromptTokenizer t = BertPromptTokenizer.load(TOKENIZER)) {
      BertPromptTokenizer.Tokens got = t.encode(prompt);
      assertArrayEquals(longs(golden.get("input_ids")), got.ids());
      assertArrayEquals(longs(golden.get("attention_mask")), got.attentionMask());
      assertArrayEquals(got.ids(), t.encode(prompt.toUpperCase(java.util.Locale.ROOT)).ids(), "uncased");
    }
  }

  @Test
  void longPromptsAreTruncatedToMaxLengthEndingInSep() throws IOException {
    try (BertPromptTokenizer t = BertPromptTokenizer.load(TOKENIZER)) {
      BertPromptTokenizer.Tokens got = t.encode("a red cube ".repeat(20) + "zebra");
      assertEquals(BertPromptTokenizer.MAX_LENGTH, got.ids().length);
      assertEquals(101, got.ids()[0]);
      assertEquals(102, got.ids()[BertPromptTokenizer.MAX_LENGTH - 1]);
      for (long m : got.attentionMask()) {
        assertEquals(1, m);
      }
      assertEquals(100, t.encode("zebra").ids()[1], "unknown word → [UNK]");
    }
  }

  @Test
  void missingOrBrokenFileNamesIt(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("tokenizer.json");
    CorruptWeightsException e = assertThrows(CorruptWeightsException.class, () -> BertPromptTokenizer.load(missing));
    assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("bert-base-uncased"), e.getMessage());
    Files.writeString(missing, "{not json");
    e = assertThrows(CorruptWeightsException.class, () -> BertPromptTokenizer.load(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  private static long[] longs(TensorData t) {
    float[] v = t.values();
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (long) v[i];
    }
    return out;
  }
}
