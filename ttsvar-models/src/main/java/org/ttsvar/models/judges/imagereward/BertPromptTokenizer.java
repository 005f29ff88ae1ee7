package org.ttsvar.models.judges.imagereward;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ttsvar.tensor.CorruptWeightsException;

/**
 * ImageReward's text input, as {@code ImageReward.score} makes it:
 * {@code blip.tokenizer(prompt, padding='max_length', truncation=True, max_length=35)} — bert-base-uncased
 * WordPiece ([CLS] prompt [SEP], lowercased, truncated to 35 tokens, padded with [PAD] = 0), ids and
 * attention mask (1 for tokens, 0 for padding). Runs the Hugging Face tokenizers library (through DJL) on
 * the user's {@code bert-base-uncased/tokenizer.json}.
 *
 * <p>BLIP's {@code init_tokenizer} adds two special tokens to bert-base-uncased, [DEC] (the next free id)
 * and [ENC]; the released {@code tokenizer.json} does not hold them. They change nothing for ordinary
 * prompts (every other token keeps its id, and {@code score} does not put [ENC] in front); only a prompt
 * that spells "[DEC]" or "[ENC]" literally would be split into pieces here instead of one id.
 */
public final class BertPromptTokenizer implements AutoCloseable {
  /** The release's {@code max_length}. */
  public static final int MAX_LENGTH = 35;

  /** Token ids and attention mask, both of {@link #MAX_LENGTH} entries. */
  public record Tokens(long[] ids, long[] attentionMask) {}

  private final HuggingFaceTokenizer tokenizer;

  private BertPromptTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /**
   * Loads a Hugging Face {@code tokenizer.json} (bert-base-uncased's for the real model).
   *
   * @throws CorruptWeightsException naming the file when it is missing or not a tokenizer
   */
  public static BertPromptTokenizer load(Path tokenizerJson) throws IOException {
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new CorruptWeightsException(tokenizerJson + ": not found; this should be bert-base-uncased's tokenizer.json (google-bert/bert-base-uncased on the Hugging Face hub)");
    }
    try {
      return new BertPromptTokenizer(HuggingFaceTokenizer.builder()
          .optTokenizerPath(tokenizerJson)
          .optAddSpecialTokens(true)
          .optTruncation(true)
          .optPadToMaxLength()
          .optMaxLength(MAX_LENGTH)
          .build());
    } catch (RuntimeException e) { // the native library's parse errors
      throw new CorruptWeightsException(tokenizerJson + ": not a Hugging Face tokenizer.json (" + e.getMessage() + ")");
    }
  }

  /** The prompt → ids and attention mask, {@link #MAX_LENGTH} each. */
  public Tokens encode(String prompt) {
    Encoding e = tokenizer.encode(prompt);
    long[] ids = e.getIds(), mask = e.getAttentionMask();
    if (ids.length != MAX_LENGTH || mask.length != MAX_LENGTH) {
      throw new IllegalStateException("the tokenizer gave " + ids.length + " ids for max_length " + MAX_LENGTH);
    }
    return new Tokens(ids, mask);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
