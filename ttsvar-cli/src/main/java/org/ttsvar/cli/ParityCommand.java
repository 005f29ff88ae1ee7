package org.ttsvar.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ttsvar.models.infinity.BsqVaeDecoder;
import org.ttsvar.models.infinity.InfinityModels;
import org.ttsvar.models.infinity.InfinityTransformer;
import org.ttsvar.models.infinity.Parity;
import org.ttsvar.models.infinity.T5Parity;
import org.ttsvar.models.infinity.T5TextFeatures;
import org.ttsvar.models.judges.JudgeParity;
import org.ttsvar.models.judges.dinov2.Dinov2;
import org.ttsvar.models.judges.imagereward.BertPromptTokenizer;
import org.ttsvar.models.judges.imagereward.ImageReward;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ttsvar parity infinity}: the Java port against the reference's goldens on the user's weights. */
@Command(
    name = "parity",
    mixinStandardHelpOptions = true,
    description = "Check that ttsvar computes what a reference implementation computes, on your weights.",
    subcommands = {ParityCommand.Infinity.class, ParityCommand.T5Check.class, ParityCommand.Dinov2Check.class, ParityCommand.ImageRewardCheck.class})
final class ParityCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "choose a model: infinity, t5, dinov2 or imagereward");
  }

  @Command(
      name = "infinity",
      mixinStandardHelpOptions = true,
      description = {
        "Run Infinity teacher-forced on a golden file's text features and bits (made by tools/parity/infinity/make_goldens.py",
        "running FoundationVision/Infinity) and print max |Δ| per scale for the guided logits and for the decoded image.",
        "Exit 0 within tolerance (logits ≤ 1e-4, image ≤ 1e-3), 1 over it, 2 for bad input."
      })
  static final class Infinity implements Callable<Integer>, EngineWarning.RunsModels {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--weights", paramLabel = "DIR", description = "Folder holding " + InfinityModels.MODEL_FILE + " and " + InfinityModels.VAE_FILE + ".")
    Path weights;

    @Option(names = "--model-file", paramLabel = "PTH", description = "The transformer checkpoint (default: DIR/" + InfinityModels.MODEL_FILE + ").")
    Path modelFile;

    @Option(names = "--vae-file", paramLabel = "PTH", description = "The BSQ VAE checkpoint (default: DIR/" + InfinityModels.VAE_FILE + ").")
    Path vaeFile;

    @Option(names = "--golden", required = true, paramLabel = "FILE", description = "Golden .safetensors (text.features, scale.K.bits, scale.K.logits, image).")
    Path golden;

    @Option(names = "--json", description = "End standard output with {\"max_abs_logits\": x, \"max_abs_image\": y, \"scales\": K}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      Path model = file(modelFile, InfinityModels.MODEL_FILE, "--model-file");
      Path vaePath = file(vaeFile, InfinityModels.VAE_FILE, "--vae-file");
      PrintWriter out = spec.commandLine().getOut();
      Parity.Result r;
      try (NDManager m = NDManager.newBaseManager();
          InfinityTransformer t = InfinityTransformer.load(model, m);
          BsqVaeDecoder vae = BsqVaeDecoder.load(vaePath, m)) {
        r = Parity.check(t, vae, golden);
      }
      out.printf(Locale.ROOT, "golden %s (pn %s, h/w %s), weights %s and %s%n", golden, r.pn(), r.hDivW(), model, vaePath);
      for (int k = 0; k < r.scales(); k++) {
        out.printf(Locale.ROOT, "scale %2d: logits max |Δ| = %.3g%n", k, r.logitsPerScale().get(k));
      }
      out.printf(Locale.ROOT, "image:    max |Δ| = %.3g%n", r.image());
      out.printf(Locale.ROOT, "%s (tolerances: logits ≤ %s, image ≤ %s)%n", r.passes() ? "PASS" : "FAIL", Parity.LOGITS_TOLERANCE, Parity.IMAGE_TOLERANCE);
      if (json) {
        out.printf(Locale.ROOT, "{\"max_abs_logits\": %s, \"max_abs_image\": %s, \"scales\": %d}%n", (float) r.maxLogits(), (float) r.image(), r.scales());
      }
      out.flush();
      return r.passes() ? Main.OK : Main.FAILURE;
    }

    private Path file(Path named, String official, String flag) {
      if (named != null) {
        return named;
      }
      if (weights == null) {
        throw new BadInputException("give --weights DIR (holding " + official + ") or " + flag + " FILE");
      }
      return weights.resolve(official);
    }
  }

  @Command(
      name = "t5",
      mixinStandardHelpOptions = true,
      description = {
        "Run Infinity's text encoder (tokenizer and T5 encoder) on a golden file's prompts (made by tools/parity/t5/make_encoder_goldens.py",
        "running Hugging Face transformers) and print, per prompt, whether the ids match and max |Δ| of the states.",
        "Exit 0 within tolerance (≤ 1e-4, ids equal), 1 otherwise, 2 for bad input."
      })
  static final class T5Check implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--text-encoder", required = true, paramLabel = "FOLDER", description = "The T5 folder as the hub ships it (config.json, safetensors, spiece.model).")
    Path folder;

    @Option(names = "--golden", required = true, paramLabel = "FILE", description = "The golden .safetensors (metadata prompts, case.K.input_ids, case.K.states).")
    Path golden;

    @Option(names = "--json", description = "End standard output with {\"max_abs\": x, \"prompts\": K, \"tokens_match\": true|false}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      T5Parity.Result r;
      try (T5TextFeatures text = T5TextFeatures.load(folder)) {
        r = T5Parity.check(text, golden);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "golden %s, text encoder %s%n", golden, folder);
      for (int k = 0; k < r.prompts().size(); k++) {
        out.printf(Locale.ROOT, "prompt %2d: ids %s, states max |Δ| = %.3g  %s%n", k, r.tokensMatch().get(k) ? "match" : "DIFFER", r.maxAbs().get(k),
            Messages.quote(r.prompts().get(k)));
      }
      out.printf(Locale.ROOT, "%s (tolerance ≤ %s)%n", r.passes() ? "PASS" : "FAIL", T5Parity.TOLERANCE);
      if (json) {
        out.printf(Locale.ROOT, "{\"max_abs\": %s, \"prompts\": %d, \"tokens_match\": %s}%n", (float) r.worst(), r.prompts().size(), r.allTokensMatch());
      }
      out.flush();
      return r.passes() ? Main.OK : Main.FAILURE;
    }
  }

  @Command(
      name = "dinov2",
      mixinStandardHelpOptions = true,
      description = {
        "Run DINOv2 on a golden file's network input (made by tools/parity/dinov2/make_goldens.py running facebookresearch/dinov2)",
        "and print max |Δ| of the patch tokens. Exit 0 within tolerance (≤ 1e-4), 1 over it, 2 for bad input."
      })
  static final class Dinov2Check implements Callable<Integer>, EngineWarning.RunsModels {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin JudgeFiles files;

    @Override
    public Integer call() throws Exception {
      JudgeParity.Result r;
      try (NDManager m = NDManager.newBaseManager(); Dinov2 model = Dinov2.load(files.weights, m)) {
        r = JudgeParity.dinov2(model, files.golden);
      }
      PrintWriter out = files.header(spec);
      out.printf(Locale.ROOT, "patch tokens: max |Δ| = %.3g%n", r.maxAbs());
      return finish(out, r, files.json);
    }
  }

  @Command(
      name = "imagereward",
      mixinStandardHelpOptions = true,
      description = {
        "Run ImageReward on a golden file's network input and tokens (made by tools/parity/imagereward/make_goldens.py running",
        "THUDM/ImageReward) and print |Δ| of the normalised reward; with --tokenizer, also check that it turns the golden's prompt",
        "into the golden's ids. Exit 0 within tolerance (≤ 1e-4, ids equal), 1 otherwise, 2 for bad input."
      })
  static final class ImageRewardCheck implements Callable<Integer>, EngineWarning.RunsModels {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin JudgeFiles files;

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "bert-base-uncased's tokenizer.json: also check the golden prompt's ids (and \"tokens_match\" in --json).")
    Path tokenizer;

    @Override
    public Integer call() throws Exception {
      JudgeParity.Result r;
      try (NDManager m = NDManager.newBaseManager(); ImageReward model = ImageReward.load(files.weights, m);
          BertPromptTokenizer t = tokenizer == null ? null : BertPromptTokenizer.load(tokenizer)) {
        r = JudgeParity.imageReward(model, t, files.golden);
      }
      PrintWriter out = files.header(spec);
      out.printf(Locale.ROOT, "reward: |Δ| = %.3g%n", r.maxAbs());
      if (r.tokensMatch() != null) {
        out.printf(Locale.ROOT, "tokenizer %s: prompt ids %s%n", tokenizer, r.tokensMatch() ? "match" : "DIFFER");
      }
      return finish(out, r, files.json);
    }
  }

  /** The files of a judge's check: its checkpoint and the golden made by the reference. */
  static final class JudgeFiles {
    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "The checkpoint (dinov2_vitl14_reg4_pretrain.pth, ImageReward.pt).")
    Path weights;

    @Option(names = "--golden", required = true, paramLabel = "FILE", description = "The golden .safetensors made by tools/parity/<model>/make_goldens.py.")
    Path golden;

    @Option(names = "--json", description = "End standard output with {\"max_abs\": x}.")
    boolean json;

    PrintWriter header(picocli.CommandLine.Model.CommandSpec spec) {
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "golden %s, weights %s%n", golden, weights);
      return out;
    }
  }

  private static int finish(PrintWriter out, JudgeParity.Result r, boolean json) {
    out.printf(Locale.ROOT, "%s (tolerance ≤ %s)%n", r.passes() ? "PASS" : "FAIL", JudgeParity.TOLERANCE);
    if (json) {
      out.printf(Locale.ROOT, "{\"max_abs\": %s%s}%n", (float) r.maxAbs(), r.tokensMatch() == null ? "" : ", \"tokens_match\": " + r.tokensMatch());
    }
    out.flush();
    return r.passes() ? Main.OK : Main.FAILURE;
  }
}
