package org.ttsvar.models.embedded.data;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.PromptSpec;

/**
 * Word-level tokenization of prompts. A prompt is first checked against the grammar (so an unknown
 * word or a malformed prompt fails with the grammar's message listing the allowed words), then mapped
 * to ids; id 0 is padding.
 */
public final class TextVocabulary {
  private final Map<String, Integer> ids = new HashMap<>();
  private final int maxWords;

  public TextVocabulary(List<String> words, int maxWords) {
    for (int i = 0; i < words.size(); i++) {
      ids.put(words.get(i), i + 1);
    }
    this.maxWords = maxWords;
  }

  public int size() {
    return ids.size() + 1;
  }

  /** Word ids of a prompt, padded with 0 to maxWords. */
  public int[] encode(String prompt) {
    PromptSpec.parse(prompt); // throws a PromptSyntaxException naming the problem and the allowed words
    String[] words = prompt.trim().toLowerCase(Locale.ROOT).split("\\s+");
    if (words.length > maxWords) {
      throw new BadInputException("prompt has " + words.length + " words; the model reads at most " + maxWords);
    }
    int[] out = new int[maxWords];
    for (int i = 0; i < words.length; i++) {
      Integer id = ids.get(words[i]);
      if (id == null) {
        throw new BadInputException("the model's vocabulary lacks '" + words[i] + "' (model trained on another grammar?)");
      }
      out[i] = id;
    }
    return out;
  }
}
