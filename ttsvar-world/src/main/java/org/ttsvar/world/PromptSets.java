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

  /** Seed of the validation set's draws. */
  public static final long VALIDATION_SEED = 44;

  /**
   * Prompts for choosing defaults (sampling temperature, guidance, search scales) without looking at
   * the benchmark: GenEval's procedure with seed 44, minus every prompt of the MiniGenEval set. The
   * single_object and counting tasks have only 9 and 27 possible prompts, all in MiniGenEval; they
   * are kept (validation runs use other seeds, so other images).
   */
  public static List<PromptSpec> validation() {
    java.util.Set<String> test = new java.util.HashSet<>();
    for (PromptSpec p : miniGenEval()) {
      test.add(p.prompt());
    }
    return PromptSetGenerator.generate(VALIDATION_SEED, PromptSetGenerator.DEFAULT_DRAWS_PER_TASK).stream()
        .filter(p -> p.task() == Task.SINGLE_OBJECT || p.task() == Task.COUNTING || !test.contains(p.prompt()))
        .toList();
  }
}
