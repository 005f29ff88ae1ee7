package org.ttsvar.cli;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;
import org.ttsvar.models.embedded.TextToImage;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Seeds;
import org.ttsvar.world.io.FolderLock;
import org.ttsvar.world.io.ImageSetWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(
    name = SampleCommand.NAME,
    mixinStandardHelpOptions = true,
    description = {
      "Fill a GenEval-layout folder with raw generations (no search) for 'ttsvar eval'.",
      "Image j of prompt i uses seed derive(seed, i, j): same seed, same bytes; resumable with --resume."
    })
public final class SampleCommand implements Callable<Integer>, EngineWarning.RunsModels {
  /** The command's name, recorded in the folders it fills. */
  public static final String NAME = "sample";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin PromptsOption prompts;

  @Mixin ModelOptions model;

  @Mixin ImageSetOptions images;

  @Override
  public Integer call() throws Exception {
    List<PromptSpec> specs = prompts.load();
    try (TextToImage t2i = model.load(); FolderLock lock = images.lock("ttsvar " + NAME)) {
      ImageSetWriter writer = ImageSetWriter.open(images.out, specs, images.imagesPerPrompt, NAME, runParams(images, prompts, model.describe(t2i)), images.resume);
      if (images.resume) {
        spec.commandLine().getErr().println(writer.resumeNote());
      }
      long start = System.nanoTime();
      int made = 0;
      try (ProgressBar bar = Progress.bar("sample", (long) specs.size() * images.imagesPerPrompt)) {
        for (int p = 0; p < specs.size(); p++) {
          made += generatePrompt(t2i, writer, specs, p, images.seed, bar::step);
        }
      }
      writer.finish();
      double secs = (System.nanoTime() - start) / 1e9;
      spec.commandLine().getErr().printf("generated %d images in %.1f s (%.2f images/s) into %s%n", made, secs, made / secs, images.out);
    }
    return Main.OK;
  }

  /** What determines a sample folder's images, recorded in its {@code run.json} (a resume must match it). */
  public static Map<String, Object> runParams(ImageSetOptions images, PromptsOption prompts, String modelDescription) {
    return Map.of("seed", images.seed, "prompts", prompts.describe(), "model", modelDescription);
  }

  /**
   * Makes the images of prompt {@code p} that {@code writer}'s folder lacks (image i from seed
   * derive(seed, p, i)), calling {@code step} once per image, made or found; returns how many it made.
   */
  public static int generatePrompt(TextToImage t2i, ImageSetWriter writer, List<PromptSpec> specs, int p, long seed, Runnable step) throws IOException {
    writer.startPrompt(p);
    int[] todo = IntStream.range(0, writer.imagesPerPrompt()).filter(i -> !writer.has(p, i)).toArray();
    for (int i = todo.length; i < writer.imagesPerPrompt(); i++) {
      step.run();
    }
    if (todo.length == 0) {
      return 0;
    }
    long[] seeds = Arrays.stream(todo).mapToLong(i -> Seeds.derive(seed, p, i)).toArray();
    RgbImage[] made = t2i.generate(specs.get(p).prompt(), seeds);
    for (int k = 0; k < todo.length; k++) {
      writer.write(p, todo[k], made[k]);
      step.run();
    }
    return todo.length;
  }
}
