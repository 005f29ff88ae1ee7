package org.ttsvar.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.SceneSampler;
import org.ttsvar.world.Seeds;
import org.ttsvar.world.io.ImageSetWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (must be empty unless --resume).")
  Path out;

  @Option(names = "--images-per-prompt", defaultValue = "4", description = "Images per prompt (default: ${DEFAULT-VALUE}).")
  int imagesPerPrompt;

  @Option(names = "--seed", defaultValue = "0", description = "Base seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--resume", description = "Complete an interrupted run with the same arguments, keeping the images already written.")
  boolean resume;

  @Override
  public Integer call() throws Exception {
    List<PromptSpec> specs = prompts.load();
    ImageSetWriter writer =
        ImageSetWriter.open(out, specs, imagesPerPrompt, "render", Map.of("seed", seed, "prompts", prompts.describe()), resume);
    SceneSampler sampler = new SceneSampler();
    try (ProgressBar bar = Progress.bar("render", (long) specs.size() * imagesPerPrompt)) {
      for (int p = 0; p < specs.size(); p++) {
        writer.startPrompt(p);
        for (int i = 0; i < imagesPerPrompt; i++) {
          if (!writer.has(p, i)) {
            writer.write(p, i, Renderer.render(sampler.sample(specs.get(p), Seeds.derive(seed, p, i))));
          }
          bar.step();
        }
      }
    }
    writer.finish();
    spec.commandLine().getErr().println("rendered " + specs.size() + " prompts × " + imagesPerPrompt + " images into " + out);
    return Main.OK;
  }
}
