package org.ttsvar.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.PromptSets;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.io.MetadataJson;
import picocli.CommandLine.Option;

/** The {@code --prompts FILE} option shared by commands that run over a prompt set. */
final class PromptsOption {
  @Option(names = "--prompts", paramLabel = "FILE", description = "Prompt metadata, one JSON object per line (default: the shipped MiniGenEval set).")
  Path file;

  @Option(names = "--prompt", paramLabel = "TEXT", description = "One prompt of the grammar instead of a file, e.g. \"a photo of a red circle\".")
  String text;

  @Option(names = "--limit", paramLabel = "N", description = "Use only the first N prompts.")
  Integer limit;

  List<PromptSpec> load() throws IOException {
    if (text != null && file != null) {
      throw new BadInputException("give either --prompt or --prompts, not both");
    }
    List<PromptSpec> specs = text != null ? List.of(Grammar.parse(text))
        : file == null ? PromptSets.miniGenEval() : MetadataJson.readLines(file);
    if (limit != null) {
      if (limit < 1) {
        throw new BadInputException("--limit must be ≥ 1, got " + limit);
      }
      specs = specs.subList(0, Math.min(limit, specs.size()));
    }
    return specs;
  }

  String describe() {
    if (text != null) {
      return "prompt:" + text;
    }
    return (file == null ? "minigeneval" : file.toAbsolutePath().normalize().toString()) + (limit == null ? "" : "[:" + limit + "]");
  }
}
