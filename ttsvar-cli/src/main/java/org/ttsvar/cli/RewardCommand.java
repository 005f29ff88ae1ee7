package org.ttsvar.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ttsvar.models.embedded.reward.EnsembleReward;
import org.ttsvar.models.embedded.reward.LearnedReward;
import org.ttsvar.models.embedded.reward.RewardCalibration;
import org.ttsvar.models.embedded.reward.RewardModel;
import org.ttsvar.search.Reward;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.io.AtomicFiles;
import org.ttsvar.world.io.GenEvalLayout;
import org.ttsvar.world.io.ImageFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "reward",
    mixinStandardHelpOptions = true,
    description = {
      "Score images against prompts with a reward model (standardized: mean 0, std 1 on raw generations).",
      "  ttsvar reward --prompt \"a photo of a red circle\" a.png b.png",
      "  ttsvar reward --dir DIR            (each image of a GenEval-layout folder against its own prompt; writes DIR/rewards-TYPE.jsonl)",
      "  ttsvar reward --dir DIR --calibrate (measure the standardization constants on DIR and store them with the weights)"
    })
final class RewardCommand implements Callable<Integer>, EngineWarning.RunsModels {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = {"--reward", "--reward-type", "--reward_type"}, defaultValue = "ir", description = "ir, clip, ensemble or oracle (default: ${DEFAULT-VALUE}).")
  String type;

  @Option(names = "--model", paramLabel = "DIR", description = "Reward model folder (default: weights/reward-TYPE).")
  Path model;

  @Option(names = "--prompt", description = "Score the given images against this prompt.")
  String prompt;

  @Option(names = "--dir", paramLabel = "DIR", description = "Score every image of a GenEval-layout folder against its metadata prompt.")
  Path dir;

  @Option(names = "--calibrate", description = "With --dir: measure mean and std of the raw scores and write calibration.json beside the weights.")
  boolean calibrate;

  @Option(names = "--json", description = "End standard output with one JSON object {images: [{path, reward}], mean}.")
  boolean json;

  @Parameters(paramLabel = "IMG", arity = "0..*", description = "Images to score (with --prompt).")
  List<Path> images = new ArrayList<>();

  /**
   * A reward model folder without calibration.json scores raw logits, on another scale than the
   * standardized scores (mean 0, std 1 on raw generations) that λ and the ensemble assume: say so
   * loudly rather than print them as if standardized.
   */
  private void warnIfUncalibrated(Reward reward) {
    if (reward instanceof EnsembleReward e) {
      e.members().forEach(this::warnIfUncalibrated);
    } else if (reward instanceof LearnedReward lr && lr.model().calibration() == RewardCalibration.IDENTITY) {
      spec.commandLine().getErr().println("WARNING: the " + lr.name() + " reward model has no " + RewardModel.CALIBRATION
          + ": these are RAW scores, not standardized (mean 0, std 1 on raw generations); write one with "
          + "'ttsvar reward --reward " + lr.name() + " --dir RAW_GENERATIONS --calibrate' (RAW_GENERATIONS from 'ttsvar sample')");
    }
  }

  /** An image the user named: missing, truncated, corrupt or too large is bad input (exit 2), as in eval. */
  private static RgbImage readImage(Path p) {
    try {
      return ImageFiles.read(p);
    } catch (java.io.IOException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws Exception {
    if ((prompt == null) == (dir == null)) {
      throw new BadInputException("give either --prompt with images, or --dir");
    }
    if (prompt != null && images.isEmpty()) {
      throw new BadInputException("--prompt needs at least one image file");
    }
    if (calibrate && dir == null) {
      throw new BadInputException("--calibrate needs --dir (a folder of raw generations, e.g. from 'ttsvar sample')");
    }
    List<String> paths = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager()) {
      if (calibrate) {
        return calibrate(m);
      }
      Reward reward = ModelRegistry.standaloneReward(type, model, m);
      warnIfUncalibrated(reward);
      if (prompt != null) {
        PromptSpec.parse(prompt);
        List<RgbImage> imgs = new ArrayList<>();
        for (Path p : images) {
          imgs.add(readImage(p));
          paths.add(p.toString());
        }
        for (double s : reward.score(prompt, imgs)) {
          scores.add(s);
        }
      } else {
        StringBuilder lines = new StringBuilder();
        ObjectMapper mapper = new ObjectMapper();
        for (GenEvalLayout.PromptFolder f : GenEvalLayout.scan(dir)) {
          List<RgbImage> imgs = new ArrayList<>();
          for (Path s : f.samples()) {
            imgs.add(readImage(s));
          }
          if (imgs.isEmpty()) {
            continue;
          }
          double[] r = reward.score(f.spec().prompt(), imgs);
          for (int i = 0; i < r.length; i++) {
            String rel = dir.relativize(f.samples().get(i)).toString();
            paths.add(rel);
            scores.add(r[i]);
            ObjectNode line = mapper.createObjectNode();
            line.put("path", rel);
            line.put("prompt", f.spec().prompt());
            line.put("reward", r[i]);
            lines.append(line).append('\n');
          }
        }
        AtomicFiles.write(dir.resolve("rewards-" + ModelRegistry.canonicalReward(type) + ".jsonl"), lines.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    var out = spec.commandLine().getOut();
    if (!json) {
      for (int i = 0; i < paths.size(); i++) {
        out.printf("%8.4f  %s%n", scores.get(i), paths.get(i));
      }
      out.printf("mean %.4f over %d images%n", mean, paths.size());
    } else {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode root = mapper.createObjectNode();
      ArrayNode arr = root.putArray("images");
      for (int i = 0; i < paths.size(); i++) {
        arr.addObject().put("path", paths.get(i)).put("reward", scores.get(i));
      }
      root.put("mean", mean);
      out.println(mapper.writeValueAsString(root));
    }
    return Main.OK;
  }

  private int calibrate(NDManager m) throws Exception {
    String t = ModelRegistry.canonicalReward(type);
    if (!t.equals("ir") && !t.equals("clip")) {
      throw new BadInputException("only learned rewards (ir, clip) are calibrated; the ensemble averages calibrated members");
    }
    Path folder = model == null ? Path.of("weights", "reward-" + t) : model;
    RewardModel rm = RewardModel.load(folder, m);
    RewardCalibration cal = RewardCalibration.measure(new LearnedReward(t, rm), dir, "ttsvar reward --reward " + t + " --calibrate --dir " + dir);
    AtomicFiles.write(folder.resolve(RewardModel.CALIBRATION), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(cal));
    spec.commandLine().getOut().printf("calibrated %s (%s): raw mean %.4f, std %.4f → %s%n", t, cal.measuredOn(), cal.mean(), cal.std(), folder.resolve(RewardModel.CALIBRATION));
    return Main.OK;
  }
}
