package org.ttsvar.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.PromptSetGenerator;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.io.AtomicFiles;
import org.ttsvar.world.io.MetadataJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "prompts",
    mixinStandardHelpOptions = true,
    description = {
      "Write a MiniGenEval prompt set in GenEval's metadata format (one JSON object per line).",
      "GenEval's procedure: single_object once per class, then N draws for each other task, duplicates removed.",
      "The default seed gives the shipped set (prompts/minigeneval.jsonl)."
    })
final class PromptsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--seed", description = "Seed of the draws (default: ${DEFAULT-VALUE}, GenEval's).", defaultValue = "43")
  long seed;

  @Option(names = "--draws-per-task", description = "Draws per task before de-duplication (default: ${DEFAULT-VALUE}).", defaultValue = "100")
  int draws;

  @Option(names = "--out", description = "Output file (default: standard output).")
  Path out;

  @Option(names = "--force", description = "Overwrite an existing output file.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (draws < 1 || draws > PromptSetGenerator.MAX_DRAWS_PER_TASK) {
      throw new BadInputException("--draws-per-task must be in [1, " + PromptSetGenerator.MAX_DRAWS_PER_TASK
          + "] (the world has a few thousand distinct prompts per task; more draws only cost time), got " + draws);
    }
    if (out != null) {
      AtomicFiles.checkTarget(out); // a device, FIFO or folder is refused before any work
    }
    List<PromptSpec> specs = PromptSetGenerator.generate(seed, draws);
    if (out == null) {
      for (PromptSpec s : specs) {
        spec.commandLine().getOut().println(MetadataJson.toJson(s));
      }
      return Main.OK;
    }
    if (Files.exists(out) && !force) {
      throw new BadInputException(out + " already exists; pass --force to overwrite it or choose another --out");
    }
    MetadataJson.writeLines(specs, out);
    spec.commandLine().getErr().println("wrote " + specs.size() + " prompts to " + out);
    return Main.OK;
  }
}
