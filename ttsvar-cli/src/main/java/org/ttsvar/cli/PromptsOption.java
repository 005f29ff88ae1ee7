package org.ttsvar.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.PromptSets;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.io.MetadataJson;
import picocli.CommandLine.Option;

/** The {@code --prompts FILE} option shared by commands that run over a prompt set. */
public final class PromptsOption {
  @Option(names = "--prompts", paramLabel = "FILE", description = "Prompt metadata, one JSON object per line (default: the shipped MiniGenEval set).")
  Path file;

  @Option(names = "--prompt", paramLabel = "TEXT", description = "One prompt of the grammar instead of a file, e.g. \"a photo of a red circle\".")
  String text;

  @Option(names = "--validation", description = "Use the validation prompt set (seed 44, disjoint from MiniGenEval where possible), for choosing defaults.")
  boolean validation;

  @Option(names = "--limit", paramLabel = "N", description = "Use only the first N prompts.")
  Integer limit;

  public List<PromptSpec> load() throws IOException {
    if ((text != null ? 1 : 0) + (file != null ? 1 : 0) + (validation ? 1 : 0) > 1) {
      throw new BadInputException("give one of --prompt, --prompts and --validation");
    }
    List<PromptSpec> specs = text != null ? List.of(Grammar.parse(text))
        : validation ? PromptSets.validation()
        : file == null ? PromptSets.miniGenEval() : MetadataJson.readLines(file);
    if (limit != null) {
      if (limit < 1) {
        throw new BadInputException("--limit must be ≥ 1, got " + limit);
      }
      specs = specs.subList(0, Math.min(limit, specs.size()));
    }
    return specs;
  }

  public String describe() {
    if (text != null) {
      return "prompt:" + text;
    }
    if (validation) {
      return "validation" + (limit == null ? "" : "[:" + limit + "]");
    }
    return (file == null ? "minigeneval" : file.toAbsolutePath().normalize().toString()) + (limit == null ? "" : "[:" + limit + "]");
  }

  /** These options as command-line arguments (paths absolute), to pass on to a child process. */
  public List<String> args() {
    List<String> a = new ArrayList<>();
    if (file != null) {
      a.addAll(List.of("--prompts", file.toAbsolutePath().toString()));
    }
    if (text != null) {
      a.addAll(List.of("--prompt", text));
    }
    if (validation) {
      a.add("--validation");
    }
    if (limit != null) {
      a.addAll(List.of("--limit", limit.toString()));
    }
    return a;
  }
}
