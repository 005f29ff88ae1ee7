package org.ttsvar.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ttsvar.models.TextToImage;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.io.ImageFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {"Generate an image for a prompt with the embedded VAR model.", "Prompts follow GenEval's templates, e.g. \"a photo of a red circle and a blue square\"."})
final class GenerateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PROMPT", description = "The prompt.")
  String prompt;

  @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}); same seed, same bytes.")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/<prompt>-s<seed>).")
  Path out;

  @Mixin ModelOptions model;

  @Override
  public Integer call() throws Exception {
    PromptSpec.parse(prompt); // fail early, with the grammar's message, before loading models
    Path dir = out == null ? Path.of("out", slug(prompt) + "-s" + seed) : out;
    try (TextToImage t2i = model.load()) {
      RgbImage image = t2i.generate(prompt, seed)[0];
      Files.createDirectories(dir);
      Path file = dir.resolve("image.png");
      ImageFiles.writePng(image, file);
      spec.commandLine().getOut().println(file);
    }
    return Main.OK;
  }

  static String slug(String prompt) {
    String s = prompt.trim().toLowerCase(Locale.ROOT).replaceFirst("^a photo of ", "").replaceAll("[^a-z0-9]+", "-");
    return s.length() > 60 ? s.substring(0, 60) : s;
  }
}
