package org.ttsvar.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ttsvar.world.PromptSets;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Task;
import org.ttsvar.world.io.MetadataJson;

/** Small prompt files for the shipped-model tests. */
final class TestPrompts {
  private TestPrompts() {}

  /** Writes the first two MiniGenEval prompts of each task (12 in all) to {@code file}. */
  static Path twoPerTask(Path file) throws IOException {
    Map<Task, List<PromptSpec>> perTask = new EnumMap<>(Task.class);
    for (PromptSpec s : PromptSets.miniGenEval()) {
      List<PromptSpec> l = perTask.computeIfAbsent(s.task(), t -> new ArrayList<>());
      if (l.size() < 2) {
        l.add(s);
      }
    }
    MetadataJson.writeLines(perTask.values().stream().flatMap(List::stream).toList(), file);
    return file;
  }
}
