package org.ttsvar.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ttsvar.models.embedded.TextToImage;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Seeds;
import org.ttsvar.world.io.ImageSetWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = {
      "Fill a GenEval-layout folder with raw generations (no search) for 'ttsvar eval'.",
      "Image j of prompt i uses seed derive(seed, i, j): same seed, same bytes; resumable with --resume."
    })
final class SampleCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin PromptsOption prompts;

  @Mixin ModelOptions model;

  @Mixin ImageSetOptions images;

  @Override
  public Integer call() throws Exception {
    List<PromptSpec> specs = prompts.load();
    try (TextToImage t2i = model.load()) {
      ImageSetWriter writer =
          ImageSetWriter.open(images.out, specs, images.imagesPerPrompt, "sample", Map.of("seed", images.seed, "prompts", prompts.describe(), "model", model.describe(t2i)), images.resume);
      if (images.resume) {
        spec.commandLine().getErr().println(writer.resumeNote());
      }
      long start = System.nanoTime();
      int made = 0;
      try (ProgressBar bar = Progress.bar("sample", (long) specs.size() * images.imagesPerPrompt)) {
        for (int p = 0; p < specs.size(); p++) {
          writer.startPrompt(p);
          final int prompt = p;
          int[] todo = java.util.stream.IntStream.range(0, images.imagesPerPrompt).filter(i -> !writer.has(prompt, i)).toArray();
          bar.stepBy(images.imagesPerPrompt - todo.length);
          if (todo.length == 0) {
            continue;
          }
          long[] seeds = java.util.Arrays.stream(todo).mapToLong(i -> Seeds.derive(images.seed, prompt, i)).toArray();
          RgbImage[] images = t2i.generate(specs.get(p).prompt(), seeds);
          for (int k = 0; k < todo.length; k++) {
            writer.write(p, todo[k], images[k]);
            bar.step();
          }
          made += todo.length;
        }
      }
      writer.finish();
      double secs = (System.nanoTime() - start) / 1e9;
      spec.commandLine().getErr().printf("generated %d images in %.1f s (%.2f images/s) into %s%n", made, secs, made / secs, images.out);
    }
    return Main.OK;
  }
}
