package org.ttsvar.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.models.embedded.TextToImage;
import org.ttsvar.models.embedded.var.SamplingConfig;
import org.ttsvar.world.BadInputException;
import picocli.CommandLine.Option;

/** Options that choose the generator: model folders and sampling knobs (defaults: the embedded model and its sampling.json). */
public final class ModelOptions {
  @Option(names = "--tokenizer", paramLabel = "DIR", description = "Tokenizer model folder (default: the embedded weights/tokenizer).")
  Path tokenizer;

  @Option(names = "--var", paramLabel = "DIR", description = "VAR model folder (default: the embedded weights/var).")
  Path var;

  @Option(names = "--cfg", description = "Classifier-free guidance scale (default: the model's sampling.json).")
  Double cfg;

  @Option(names = {"--tau", "--temperature"}, description = "Sampling temperature (default: the model's sampling.json).")
  Double tau;

  @Option(names = "--top-p", description = "Per-bit top-p (default: the model's sampling.json).")
  Double topP;

  @Option(
      names = "--cfg-ramp",
      arity = "0..1",
      paramLabel = "true|false",
      description = "Guidance grows linearly from none at the first scale to --cfg at the last, as VAR samples (default: the model's sampling.json).")
  Boolean cfgRamp;

  public TextToImage load() throws IOException {
    check();
    TextToImage t =
        TextToImage.load(
            tokenizer == null ? ModelFiles.defaultModelDir("tokenizer") : tokenizer, var == null ? ModelFiles.defaultModelDir("var") : var);
    if (cfg == null && tau == null && topP == null && cfgRamp == null) {
      return t;
    }
    SamplingConfig s = t.sampling();
    try {
      check();
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
    return t.withSampling(
        new SamplingConfig(
            cfg == null ? s.cfg() : cfg, tau == null ? s.temperature() : tau, topP == null ? s.topP() : topP, cfgRamp == null ? s.cfgRamp() : cfgRamp));
  }

  /** The sampling flags within SamplingConfig's ranges, named as flags (checked before the models load, too). */
  public void check() {
    if (cfg != null && !(Math.abs(cfg) <= SamplingConfig.MAX_ABS_CFG)) {
      throw new BadInputException("--cfg must be in [-" + SamplingConfig.MAX_ABS_CFG + ", " + SamplingConfig.MAX_ABS_CFG + "] (typical: 1 to 10), got " + cfg);
    }
    if (tau != null && !(tau >= SamplingConfig.MIN_TEMPERATURE && tau <= SamplingConfig.MAX_TEMPERATURE)) {
      throw new BadInputException("--tau must be in [" + SamplingConfig.MIN_TEMPERATURE + ", " + SamplingConfig.MAX_TEMPERATURE + "] (typical: 1), got " + tau);
    }
    if (topP != null && !(topP >= SamplingConfig.MIN_TOP_P && topP <= 1)) {
      throw new BadInputException("--top-p must be in [" + SamplingConfig.MIN_TOP_P + ", 1] (typical: 0.9 to 1), got " + topP);
    }
  }

  /** The VAR model folder (its sampling.json and search.json live there). */
  public Path varDir() throws IOException {
    return var == null ? ModelFiles.defaultModelDir("var") : var;
  }

  /** Identifies the generator in run manifests (so a resumed run uses the same one). */
  public String describe(TextToImage t) {
    return "tokenizer=" + (tokenizer == null ? "default" : tokenizer.toAbsolutePath()) + " var=" + (var == null ? "default" : var.toAbsolutePath())
        + " sampling=" + t.sampling();
  }

  /** The options that {@link #args} wrote, read back (a child process or a Spark executor rebuilding the same generator). */
  public static ModelOptions parse(List<String> args) {
    return picocli.CommandLine.populateCommand(new ModelOptions(), args.toArray(String[]::new));
  }

  /** These options as command-line arguments (paths absolute), to pass on to a child process. */
  public List<String> args() {
    List<String> a = new ArrayList<>();
    if (tokenizer != null) {
      a.addAll(List.of("--tokenizer", tokenizer.toAbsolutePath().toString()));
    }
    if (var != null) {
      a.addAll(List.of("--var", var.toAbsolutePath().toString()));
    }
    if (cfg != null) {
      a.addAll(List.of("--cfg", cfg.toString()));
    }
    if (tau != null) {
      a.addAll(List.of("--tau", tau.toString()));
    }
    if (cfgRamp != null) {
      a.addAll(List.of("--cfg-ramp", cfgRamp.toString()));
    }
    if (topP != null) {
      a.addAll(List.of("--top-p", topP.toString()));
    }
    return a;
  }
}
