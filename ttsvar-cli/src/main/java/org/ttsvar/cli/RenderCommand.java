package org.ttsvar.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.SceneSampler;
import org.ttsvar.world.Seeds;
import org.ttsvar.world.io.FolderLock;
import org.ttsvar.world.io.ImageSetWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Render ground-truth images of a prompt set in GenEval's layout (DIR/00000/metadata.jsonl, DIR/00000/samples/0000.png).",
      "Image j of prompt i is drawn from the seed derived from (seed, i, j): same seed, same bytes."
    })
final class RenderCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin PromptsOption prompts;

  @Mixin ImageSetOptions images;

  @Override
  public Integer call() throws Exception {
    List<PromptSpec> specs = prompts.load();
    try (FolderLock lock = images.lock("ttsvar render")) {
      ImageSetWriter writer =
          ImageSetWriter.open(images.out, specs, images.imagesPerPrompt, "render", Map.of("seed", images.seed, "prompts", prompts.describe()), images.resume);
      if (images.resume) {
        spec.commandLine().getErr().println(writer.resumeNote());
      }
      SceneSampler sampler = new SceneSampler();
      try (ProgressBar bar = Progress.bar("render", (long) specs.size() * images.imagesPerPrompt)) {
        for (int p = 0; p < specs.size(); p++) {
          writer.startPrompt(p);
          for (int i = 0; i < images.imagesPerPrompt; i++) {
            if (!writer.has(p, i)) {
              writer.write(p, i, Renderer.render(sampler.sample(specs.get(p), Seeds.derive(images.seed, p, i))));
            }
            bar.step();
          }
        }
      }
      writer.finish();
      spec.commandLine().getErr().println("rendered " + specs.size() + " prompts × " + images.imagesPerPrompt + " images into " + images.out);
    }
    return Main.OK;
  }
}
