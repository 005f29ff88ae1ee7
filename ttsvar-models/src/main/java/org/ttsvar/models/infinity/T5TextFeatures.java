package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.TensorData;

/**
 * Infinity's text conditioning computed here, as its {@code encode_prompt} does: Flan-T5's tokenizer on the prompt
 * ({@link T5PromptTokenizer}), then the T5 encoder's last hidden state of those real tokens ({@link T5Encoder}).
 * The last prompt's states are kept, since a search and its replay ask for the same prompt again.
 */
public final class T5TextFeatures implements TextFeatures, AutoCloseable {
  /** SentencePiece model in the hub's T5 folder. */
  public static final String SPIECE = "spiece.model";

  private final Path folder;
  private final NDManager manager;
  private final T5PromptTokenizer tokenizer;
  private final T5Encoder encoder;
  private String lastPrompt;
  private TensorData lastStates;

  private T5TextFeatures(Path folder, NDManager manager, T5PromptTokenizer tokenizer, T5Encoder encoder) {
    this.folder = folder;
    this.manager = manager;
    this.tokenizer = tokenizer;
    this.encoder = encoder;
  }

  /**
   * Loads the tokenizer ({@value #SPIECE}) and the encoder from a Hugging Face T5 folder (Flan-T5-XL's for the real
   * model), into memory of its own (freed by {@link #close}).
   *
   * @throws CorruptWeightsException naming what is missing or wrong, and where the official files are
   */
  public static T5TextFeatures load(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new CorruptWeightsException(folder + ": not a folder; this should be the text encoder, " + T5Encoder.SOURCE);
    }
    T5PromptTokenizer tokenizer = T5PromptTokenizer.load(folder.resolve(SPIECE));
    NDManager manager = NDManager.newBaseManager();
    try {
      return new T5TextFeatures(folder, manager, tokenizer, T5Encoder.load(folder, manager));
    } catch (IOException | RuntimeException e) {
      tokenizer.close();
      manager.close();
      throw e;
    }
  }

  public T5Encoder encoder() {
    return encoder;
  }

  /** The prompt's token ids as Infinity feeds them to the encoder (real tokens, {@code </s>} last). */
  public int[] tokenize(String prompt) {
    return tokenizer.encode(prompt);
  }

  @Override
  public synchronized TensorData of(String prompt) {
    if (!prompt.equals(lastPrompt)) {
      lastStates = encoder.encode(tokenize(prompt));
      lastPrompt = prompt;
    }
    return lastStates;
  }

  @Override
  public String describe() {
    T5Config c = encoder.config();
    return "T5 encoder " + folder + " (" + c.layers() + " layers, width " + c.dModel() + ")";
  }

  @Override
  public void close() {
    tokenizer.close();
    manager.close();
  }
}
