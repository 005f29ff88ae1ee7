package org.ttsvar.world;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.world.io.MetadataJson;

/** The prompt sets shipped with ttsvar. */
public final class PromptSets {
  /** Resource path of the default MiniGenEval set (also at {@code prompts/minigeneval.jsonl} in the repository). */
  public static final String MINIGENEVAL_RESOURCE = "/org/ttsvar/world/minigeneval.jsonl";

  private PromptSets() {}

  /** The shipped MiniGenEval prompt set: GenEval's procedure, seed 43, 100 draws per task. */
  public static List<PromptSpec> miniGenEval() {
    try (InputStream in = PromptSets.class.getResourceAsStream(MINIGENEVAL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the shipped prompt set " + MINIGENEVAL_RESOURCE + " is missing from the classpath; rebuild ttsvar");
      }
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      List<PromptSpec> out = new ArrayList<>();
      for (int i = 0; i < lines.length; i++) {
        if (!lines[i].isBlank()) {
          out.add(MetadataJson.parse(lines[i], "minigeneval.jsonl line " + (i + 1)));
        }
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
