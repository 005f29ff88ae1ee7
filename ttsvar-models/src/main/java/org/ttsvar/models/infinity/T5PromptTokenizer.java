package org.ttsvar.models.infinity;

import ai.djl.sentencepiece.SpProcessor;
import ai.djl.sentencepiece.SpTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ttsvar.world.BadInputException;

/**
 * Infinity's text input, as its {@code encode_prompt} makes it with Flan-T5's tokenizer:
 * {@code tokenizer(prompt, max_length=512, padding='max_length', truncation=True)} — the SentencePiece
 * ids of the prompt, cut to 511 when longer, then {@code </s>} (id 1). Only these real tokens are
 * returned: the padding Infinity adds is masked out and only the real tokens' states are used.
 *
 * <p>Runs SentencePiece's own C++ code (DJL's binding, native library bundled in the jar, no download)
 * on the user's {@code flan-t5-xl/spiece.model}; T5's model layout has pad 0, {@code </s>} 1, unk 2.
 */
public final class T5PromptTokenizer implements AutoCloseable {
  /** Infinity's text encoder input length ({@code max_length} in {@code encode_prompt}). */
  public static final int MAX_LENGTH = 512;
  /** T5's {@code </s>}, appended to every prompt. */
  public static final int EOS_ID = 1;

  private final SpTokenizer tokenizer;
  private final SpProcessor processor;

  private T5PromptTokenizer(SpTokenizer tokenizer) {
    this.tokenizer = tokenizer;
    this.processor = tokenizer.getProcessor();
  }

  /**
   * Loads a SentencePiece model (Flan-T5's {@code spiece.model} for the real model).
   *
   * @throws BadInputException naming the file when it is missing, unreadable, not a SentencePiece
   *     model, or a model whose id 1 is not {@code </s>} (not T5's layout)
   */
  public static T5PromptTokenizer load(Path spieceModel) {
    if (!Files.isRegularFile(spieceModel)) {
      throw new BadInputException(spieceModel + ": not found; this should be Flan-T5's spiece.model (google/flan-t5-xl on the Hugging Face hub)");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(spieceModel);
    } catch (IOException e) {
      throw new BadInputException(spieceModel + ": cannot be read (" + e.getMessage() + ")", e);
    }
    SpTokenizer sp;
    try {
      sp = new SpTokenizer(bytes);
    } catch (RuntimeException e) { // the native library's parse errors
      throw new BadInputException(spieceModel + ": not a SentencePiece model (" + e.getMessage() + ")", e);
    }
    T5PromptTokenizer t = new T5PromptTokenizer(sp);
    String eos = t.processor.getToken(EOS_ID);
    if (!"</s>".equals(eos)) {
      t.close();
      throw new BadInputException(spieceModel + ": id " + EOS_ID + " is \"" + eos + "\", not \"</s>\"; this is not a T5 spiece.model");
    }
    return t;
  }

  /** The prompt → its ids with {@code </s>} appended, at most {@link #MAX_LENGTH}. */
  public int[] encode(String prompt) {
    int[] pieces = processor.encode(prompt);
    int n = Math.min(pieces.length, MAX_LENGTH - 1);
    int[] ids = Arrays.copyOf(pieces, n + 1);
    ids[n] = EOS_ID;
    return ids;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
