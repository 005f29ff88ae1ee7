package org.ttsvar.models.infinity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.world.BadInputException;

/**
 * Text encoder states computed outside ttsvar, read from a safetensors file holding {@code text.features}
 * (T, Ct) F32, as the parity goldens do, instead of the text encoder ({@link T5TextFeatures}): the states
 * stand for one prompt. When the file's metadata names it ({@code prompt}),
 * another prompt is refused; when not, the prompt text is only a label and the states decide the image.
 */
public final class PrecomputedTextFeatures implements TextFeatures {
  public static final String TENSOR = "text.features";
  public static final String PROMPT = "prompt";
  private final Path file;
  private final TensorData features;
  private final String prompt; // null: not recorded

  private PrecomputedTextFeatures(Path file, TensorData features, String prompt) {
    this.file = file;
    this.features = features;
    this.prompt = prompt;
  }

  /**
   * @throws BadInputException naming the file when it is missing, unreadable or lacks a 2-D {@code text.features}
   */
  public static PrecomputedTextFeatures load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file + ": text features file not found; give a safetensors file with a tensor '" + TENSOR
          + "' [T, C_text] (Flan-T5-XL states of the prompt's tokens, e.g. a parity golden; or drop --text-features and let the text encoder compute them)");
    }
    try (SafeTensors st = SafeTensors.open(file)) {
      if (!st.has(TENSOR)) {
        throw new BadInputException(file + ": no tensor '" + TENSOR + "' [T, C_text]; tensors there: " + st.entries().keySet());
      }
      TensorData t = st.read(TENSOR);
      if (t.shape().length != 2 || t.shape()[0] < 1) {
        throw new BadInputException(file + ": tensor '" + TENSOR + "' must be [T, C_text] with T ≥ 1, got " + java.util.Arrays.toString(t.shape()));
      }
      return new PrecomputedTextFeatures(file, t, st.metadata().get(PROMPT));
    } catch (IOException e) {
      throw new BadInputException(file + ": not a readable safetensors file (" + e.getMessage() + ")");
    }
  }

  @Override
  public TensorData of(String p) {
    if (prompt != null && !prompt.equals(p)) {
      throw new BadInputException(file + " holds the text features of \"" + org.ttsvar.world.Messages.quote(prompt) + "\", not of \"" + org.ttsvar.world.Messages.quote(p) + "\"; use that prompt or features of this one");
    }
    return features;
  }

  @Override
  public String describe() {
    return "precomputed text features from " + file + (prompt == null ? " (prompt not recorded: the prompt text is a label only)" : "");
  }
}
