package org.ttsvar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ttsvar.models.embedded.TextToImage;
import org.ttsvar.models.infinity.InfinityModels;
import org.ttsvar.models.embedded.var.VarPathGenerator;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.io.ProcessMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "speed",
    mixinStandardHelpOptions = true,
    description = {
      "Measure raw generation (no search) of the text-to-image model: images/s at each batch size, analytic model FLOPs",
      "per image by scale, and with --rss-generations the resident memory over many generations (a leak shows as growth).",
      "With --model infinity: --runs generations of one image in one process, seconds per scale and for the decode, the",
      "first run apart from the median of the others, and the peak resident memory."
    })
final class SpeedCommand implements Callable<Integer>, EngineWarning.RunsModels {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", paramLabel = "MODEL", defaultValue = "embedded",
      description = "embedded (the shipped 64×64 shapes model) or infinity (Infinity-2B from --weights DIR) (default: ${DEFAULT-VALUE}).")
  String family;

  @Mixin ModelOptions model;

  @Mixin InfinityOptions infinity;

  @Option(names = "--runs", defaultValue = "3", description = "With --model infinity: images generated one after another (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--prompt", defaultValue = "a photo of a red circle and a blue square", description = "Prompt to generate (default: ${DEFAULT-VALUE}).")
  String prompt;

  @Option(names = "--batches", split = ",", defaultValue = "1,64", description = "Batch sizes to time (default: ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--images", defaultValue = "64", description = "Images generated per batch size (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--rss-generations", defaultValue = "0", description = "Also generate this many images one at a time and sample the resident memory (default: ${DEFAULT-VALUE}, skip).")
  int rssGenerations;

  @Option(names = "--json", description = "End standard output with one JSON object.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    boolean onInfinity = InfinityOptions.chosenBy(family);
    infinity.checkFlagsFor(onInfinity, model);
    if (onInfinity) {
      return onInfinity();
    }
    PromptSpec.parse(prompt);
    if (images < 1 || batches.stream().anyMatch(b -> b < 1) || rssGenerations < 0) {
      throw new BadInputException("--images and --batches must be ≥ 1 and --rss-generations ≥ 0");
    }
    var out = spec.commandLine().getOut();
    ObjectNode result = MAPPER.createObjectNode();
    try (TextToImage t2i = model.load()) {
      result.put("model", model.describe(t2i));
      result.put("threads", Runtime.getRuntime().availableProcessors());
      t2i.generate(prompt, 0); // warm-up: native library, first-call allocations
      ArrayNode speeds = result.putArray("images_per_s");
      long seed = 1;
      for (int b : batches) {
        int done = 0;
        long start = System.nanoTime();
        while (done < images) {
          long[] seeds = new long[Math.min(b, images - done)];
          for (int i = 0; i < seeds.length; i++) {
            seeds[i] = seed++;
          }
          t2i.generate(prompt, seeds);
          done += seeds.length;
        }
        double perS = done / ((System.nanoTime() - start) / 1e9);
        speeds.addObject().put("batch", b).put("images", done).put("images_per_s", perS);
        out.printf("batch %3d: %.2f images/s (%d images)%n", b, perS, done);
      }
      VarPathGenerator g = new VarPathGenerator(t2i.var(), t2i.tokenizer(), t2i.sampling());
      List<Integer> sides = t2i.var().config().scales();
      ArrayNode flops = result.putArray("flops_per_image_by_scale");
      double total = 0;
      for (int k = 0; k < sides.size(); k++) {
        double f = g.stepFlops(k);
        total += f;
        flops.addObject().put("scale", k).put("side", sides.get(k)).put("flops", f);
        out.printf("scale %d (%d×%d): %.3f MFLOPs per image (both guidance halves)%n", k, sides.get(k), sides.get(k), f / 1e6);
      }
      result.put("decode_flops", g.decodeFlops());
      result.put("total_flops_per_image", total + g.decodeFlops());
      out.printf("decode: %.3f MFLOPs; total %.3f MFLOPs per image%n", g.decodeFlops() / 1e6, (total + g.decodeFlops()) / 1e6);
      if (rssGenerations > 0) {
        ArrayNode rss = result.putArray("rss_mb");
        try (ProgressBar bar = Progress.bar("rss", rssGenerations)) {
          for (int i = 0; i < rssGenerations; i++) {
            t2i.generate(prompt, 1_000_000L + i);
            bar.step();
            if (i == 0 || (i + 1) % Math.max(1, rssGenerations / 10) == 0) {
              rss.addObject().put("generations", i + 1).put("rss_mb", ProcessMemory.residentBytes() / 1048576.0);
            }
          }
        }
        out.printf("resident memory after 1 / %d generations: %.0f / %.0f MB%n", rssGenerations, rss.get(0).get("rss_mb").asDouble(),
            rss.get(rss.size() - 1).get("rss_mb").asDouble());
      }
    }
    if (json) {
      out.println(MAPPER.writeValueAsString(result));
    }
    return Main.OK;
  }

  private int onInfinity() throws Exception {
    if (runs < 1 || runs > 1000) {
      throw new BadInputException("--runs must be in 1…1000, got " + runs);
    }
    var out = spec.commandLine().getOut();
    InfinityOptions.Inputs inputs = infinity.inputs();
    ObjectNode result = MAPPER.createObjectNode();
    result.put("model", "infinity").put("pn", infinity.pn()).put("threads", InfinityOptions.threads()).put("prompt", prompt);
    try (InfinityModels models = inputs.load(infinity.schedule(), InfinityOptions.sampling(model))) {
      out.printf("Infinity from %s (%s, %d PyTorch threads), text from %s%n", inputs.transformer(), infinity.pn(), InfinityOptions.threads(), inputs.textSource());
      InfinitySpeed.measure(models, prompt, runs, out, result);
    }
    if (json) {
      out.println(MAPPER.writeValueAsString(result));
    }
    return Main.OK;
  }
}
