package org.ttsvar.spark;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ttsvar.cli.ImageSetOptions;
import org.ttsvar.cli.Main;
import org.ttsvar.cli.ModelOptions;
import org.ttsvar.cli.PromptsOption;
import org.ttsvar.cli.SampleCommand;
import org.ttsvar.models.embedded.TextToImage;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.io.GenEvalLayout;
import org.ttsvar.world.io.ImageSetWriter;
import org.ttsvar.world.io.OutputFolderException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = SampleCommand.NAME,
    mixinStandardHelpOptions = true,
    description = {
      "'ttsvar sample' as a Spark job: the same arguments and the same GenEval-layout folder (same seed, same bytes). One task per prompt;",
      "each finished prompt goes to OUT/parts/PPPPP/ATTEMPT/ and the driver copies one of each into OUT. OUT may be any Hadoop path.",
      "  spark-submit --class org.ttsvar.spark.SparkMain ttsvar-spark.jar sample --prompts prompts.jsonl --out hdfs:///ttsvar/raw"
    })
final class SparkSampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin PromptsOption prompts;

  @Mixin ModelOptions model;

  @Mixin ImageSetOptions images;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    List<PromptSpec> specs = prompts.load();
    String description;
    try (TextToImage t2i = model.load()) { // on the driver, once: run.json describes the model
      description = model.describe(t2i);
    }
    Map<String, Object> params = SampleCommand.runParams(images, prompts, description);
    long start = System.nanoTime();
    try (PromptJob job = PromptJob.start("ttsvar sample", images.out().toString())) {
      Path merged = job.staging().resolve("merged");
      ImageSetWriter writer = ImageSetWriter.open(merged, specs, images.imagesPerPrompt(), SampleCommand.NAME, params, false);
      job.claim(merged.resolve(ImageSetWriter.MANIFEST), images.resume(), previous -> {
        try {
          ImageSetWriter.open(previous, specs, images.imagesPerPrompt(), SampleCommand.NAME, params, true);
        } catch (OutputFolderException e) { // name the job's folder, not the local copy of its run.json
          throw new OutputFolderException(e.getMessage().replace(previous.toString(), job.out().uri()));
        }
      });
      List<String> published = job.run(new SampleWork(specs, model.args(), images.imagesPerPrompt(), images.seed(), params), specs.size(), "sample", err);
      for (int p = 0; p < specs.size(); p++) {
        Path promptDir = GenEvalLayout.promptDir(merged, p);
        job.parts().download(published.get(p) + "/" + promptDir.getFileName(), promptDir);
      }
      writer.finish();
      job.publishMerged(merged);
      err.printf("sample: %d prompts × %d images in %.1f s on Spark into %s%n", specs.size(), images.imagesPerPrompt(), (System.nanoTime() - start) / 1e9, job.out().uri());
    }
    return Main.OK;
  }
}
