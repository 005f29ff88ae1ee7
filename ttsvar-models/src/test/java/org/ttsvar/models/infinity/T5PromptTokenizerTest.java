package org.ttsvar.models.infinity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.world.BadInputException;

/**
 * The tokenizer against Python SentencePiece ({@code tools/parity/t5/make_tokenizer_goldens.py}):
 * {@code tiny_spiece.model} is a unigram model in T5's layout (pad 0, {@code </s>} 1, unk 2, nmt_nfkc),
 * and {@code goldens.json} holds Python's ids (+ {@code </s>}, cut to 512) for prompts with punctuation,
 * digits, full-width and other Unicode, unknown pieces, odd whitespace, empty and over-long text. What
 * this checks: the native library loads offline and gives SentencePiece's ids, and Infinity's 512
 * truncation. What it does not: Flan-T5's real spiece.model (not downloaded here), nor the Hugging Face
 * fast tokenizer (tokenizer.json), which may differ from SentencePiece on rare whitespace cases.
 */
class T5PromptTokenizerTest {
  static Path resource(String name) {
    try {
      return Path.of(T5PromptTokenizerTest.class.getResource("/t5/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyGoldenPromptGivesPythonSentencePieceIds() throws IOException {
    JsonNode golden = new ObjectMapper().readTree(resource("goldens.json").toFile());
    assertEquals(T5PromptTokenizer.MAX_LENGTH, golden.get("max_length").asInt());
    assertEquals(T5PromptTokenizer.EOS_ID, golden.get("eos_id").asInt());
    int cases = 0;
    boolean truncated = false;
    try (T5PromptTokenizer t = T5PromptTokenizer.load(resource("tiny_spiece.model"))) {
      for (JsonNode c : golden.get("cases")) {
        String prompt = c.get("prompt").asText();
        int[] want = new int[c.get("ids").size()];
        for (int i = 0; i < want.length; i++) {
          want[i] = c.get("ids").get(i).asInt();
        }
        int[] got = t.encode(prompt);
        assertArrayEquals(want, got, "prompt: " + prompt);
        assertEquals(T5PromptTokenizer.EOS_ID, got[got.length - 1]);
        truncated |= got.length == T5PromptTokenizer.MAX_LENGTH;
        cases++;
      }
    }
    assertTrue(cases >= 15, "cases: " + cases);
    assertTrue(truncated, "a golden prompt exercises the 512 truncation");
  }

  @Test
  void missingOrBrokenFileNamesIt(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("spiece.model");
    BadInputException e = assertThrows(BadInputException.class, () -> T5PromptTokenizer.load(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("spiece.model"), e.getMessage());

    Path broken = Files.writeString(dir.resolve("broken.model"), "not a sentencepiece model");
    e = assertThrows(BadInputException.class, () -> T5PromptTokenizer.load(broken));
    assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
  }
}
