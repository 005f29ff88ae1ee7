package org.ttsvar.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ttsvar.cli.LoadedModels;
import org.ttsvar.cli.SampleCommand;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.io.ImageSetWriter;
import org.ttsvar.world.io.MetadataJson;

/**
 * One prompt of {@code sample}: its images, made as {@code ttsvar sample} makes them (image i from seed
 * derive(seed, position, i)), into a folder whose {@code PPPPP/} the driver copies into the GenEval layout.
 */
final class SampleWork implements PromptWork {
  private static final long serialVersionUID = 1L;

  private final List<String> prompts;
  private final List<String> modelArgs;
  private final int imagesPerPrompt;
  private final long seed;
  private final TreeMap<String, Object> runParams;

  SampleWork(List<PromptSpec> prompts, List<String> modelArgs, int imagesPerPrompt, long seed, Map<String, Object> runParams) {
    this.prompts = prompts.stream().map(MetadataJson::toJson).toList();
    this.modelArgs = List.copyOf(modelArgs);
    this.imagesPerPrompt = imagesPerPrompt;
    this.seed = seed;
    this.runParams = new TreeMap<>(runParams);
  }

  @Override
  public void run(int position, Path dir, Runnable afterUnit) throws IOException {
    List<PromptSpec> specs = prompts.stream().map(p -> MetadataJson.parse(p, "the job's prompts")).toList();
    ImageSetWriter writer = ImageSetWriter.open(dir, specs, imagesPerPrompt, SampleCommand.NAME, runParams, false);
    LoadedModels models = ExecutorModels.borrow(modelArgs);
    try {
      SampleCommand.generatePrompt(models.textToImage(), writer, specs, position, seed, afterUnit);
    } finally {
      ExecutorModels.giveBack(modelArgs, models);
    }
  }
}
