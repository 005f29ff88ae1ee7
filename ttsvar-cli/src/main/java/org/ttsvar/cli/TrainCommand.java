package org.ttsvar.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.models.embedded.data.ShapeFocus;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.models.embedded.tokenizer.TokenizerConfig;
import org.ttsvar.models.embedded.tokenizer.TokenizerTrainer;
import org.ttsvar.models.embedded.var.VarConfig;
import org.ttsvar.models.train.RunExport;
import org.ttsvar.models.train.RunRequest;
import org.ttsvar.models.train.TrainSettings;
import org.ttsvar.models.train.WarmStart;
import org.ttsvar.world.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train the embedded default models on the shapes world (resumable from checkpoints).",
    subcommands = {TrainCommand.TokenizerCommand.class, TrainCommand.VarCommand.class, TrainCommand.RewardCommand.class, ValueCommand.class, TrainCommand.ExportCommand.class})
final class TrainCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "choose what to train: tokenizer, var, reward, value (or export a run's checkpoint)");
  }

  /** Options every trainer shares. */
  static final class Common {
    @Option(names = "--out", paramLabel = "DIR", description = "Run folder: checkpoints, log.jsonl, run.json (default: runs/<model>).")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its newest checkpoint.")
    boolean resume;

    @Option(names = "--steps", description = "Total optimizer steps (raise it to train a finished run further).")
    Long steps;

    @Option(names = "--export", paramLabel = "DIR", description = "After training, write config.json + model.safetensors (F16) here, e.g. weights/<model>.")
    Path export;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS",
        description = "Steps between checkpoints (default: 250); a killed run resumes from its newest, so fewer steps lose less. May change on --resume.")
    Long checkpointEvery;

    /** Steps between checkpoints: {@code --checkpoint-every}, or the trainer's default. */
    long checkpointEvery(org.ttsvar.models.train.TrainSettings defaults) {
      return checkpointEvery == null ? defaults.checkpointEvery() : checkpointEvery;
    }

    @Option(
        names = "--init",
        paramLabel = "DIR",
        description =
            "Start a new run from an exported model folder (e.g. a committed snapshot under training/): its weights, and the step recorded in"
                + " them; the optimizer restarts and the learning rate re-warms over 100 steps. For carrying a run to another machine.")
    Path init;

    RunRequest request(Path out) throws java.io.IOException {
      if (init != null && resume) {
        throw new BadInputException("--init starts a new run and --resume continues one; pass only one of them");
      }
      if (resume && !new org.ttsvar.models.train.RunFolder(out).exists()) { // a mistyped --out must not silently start hours of training afresh
        throw new BadInputException("--resume: " + out + " holds no training run (no " + new org.ttsvar.models.train.RunFolder(out).runFile().getFileName()
            + ") to continue; give the run's folder with --out, or drop --resume to start a new run there");
      }
      return new RunRequest(out, resume, init == null ? null : WarmStart.fromModelFolder(init), Progress.training());
    }
  }

  @Command(name = "tokenizer", mixinStandardHelpOptions = true, description = "Train the multi-scale bitwise tokenizer (CNN encoder/decoder + BSQ).")
  static final class TokenizerCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin Common common = new Common();

    @Option(names = "--tiny", description = "Use the tiny test configuration (seconds per step; for smoke tests).")
    boolean tiny;

    @Option(names = "--batch", description = "Images per step (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int batch;

    @Option(names = "--seed", description = "Seed of the weights and the data stream (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Override
    public Integer call() throws Exception {
      TrainSettings d = TokenizerTrainer.DEFAULT_SETTINGS;
      TrainSettings s =
          new TrainSettings(
              common.steps == null ? d.steps() : common.steps, batch, d.lr(), d.minLr(), d.warmupSteps(), d.weightDecay(), d.clipNorm(),
              common.checkpointEvery(d), d.logEvery(), seed);
      TokenizerConfig config = tiny ? TokenizerConfig.TINY : TokenizerConfig.DEFAULT;
      Path out = common.out == null ? Path.of("runs", "tokenizer") : common.out;
      PrintStream err = LinesToWriter.printStream(spec.commandLine().getErr());
      Instant start = Instant.now();
      try (Tokenizer tok = TokenizerTrainer.train(config, s, common.request(out), err)) {
        err.println("trained in " + Duration.between(start, Instant.now()).toSeconds() + " s this session; run folder " + out);
        if (common.export != null) {
          ModelFiles.save(common.export, config, tok.params(), Map.of("model", "tokenizer", "steps", Long.toString(s.steps()), "seed", Long.toString(seed)));
          err.println("exported weights to " + common.export);
        }
      }
      return Main.OK;
    }
  }

  @Command(
      name = "var",
      mixinStandardHelpOptions = true,
      description = "Train the text-to-image VAR transformer by teacher forcing on the tokenizer's codes of world scenes.")
  static final class VarCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin Common common = new Common();

    @Option(names = "--tokenizer", paramLabel = "DIR", description = "Tokenizer model folder (default: the shipped weights/tokenizer).")
    Path tokenizer;

    @Option(names = "--batch", description = "Prompts per step (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int batch;

    @Option(names = "--seed", description = "Seed of the weights and the data stream (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    long seed;

    @Option(
        names = "--self-correction",
        paramLabel = "P",
        description =
            "Bitwise self-correction (Infinity): flip each teacher-forced bit of the coarser scales with a per-sample probability drawn in"
                + " [0, P] and re-quantize the rest, so that the model learns to repair its own mistakes (default: ${DEFAULT-VALUE}, off).",
        defaultValue = "0")
    double selfCorrection;

    @Option(
        names = "--lr",
        description = "Peak learning rate after the warm-up (default: 6e-4, tuned for --batch 32; a larger batch on a GPU takes a larger rate, e.g. 1.2e-3 at 256).")
    Double lr;

    @Option(names = "--warmup", description = "Steps of linear learning-rate warm-up at the start of the schedule (default: 500).")
    Long warmup;

    @Option(
        names = "--focus-shapes",
        paramLabel = "SHAPE,…=SHARE",
        description =
            "See some shapes more often, e.g. star,cross,arrow=0.5: that share of the prompt scenes is redrawn within its task until the"
                + " prompt names one of the shapes (default: off).")
    String focusShapes;

    @Option(names = "--width", description = "Model width of a new run (default: the shipped model's, 192).")
    Integer width;

    @Option(
        names = "--depth",
        description = "Transformer blocks of a new run (default: the shipped model's, 6); with --init, a larger value grows the snapshot by new blocks on top.")
    Integer depth;

    @Option(names = "--heads", description = "Attention heads of a new run; must divide --width (default: the shipped model's, 3).")
    Integer heads;

    @Override
    public Integer call() throws Exception {
      if (!(selfCorrection >= 0 && selfCorrection <= 0.5)) {
        throw new BadInputException("--self-correction must be a flip probability in [0, 0.5] (Infinity uses up to 0.3), got " + selfCorrection);
      }
      TrainSettings d = org.ttsvar.models.embedded.var.VarTrainer.DEFAULT_SETTINGS;
      double peak = lr == null ? d.lr() : lr;
      if (!(peak > d.minLr() && peak <= 0.01)) {
        throw new BadInputException("--lr must be above the final rate " + d.minLr() + " and at most 0.01, got " + peak);
      }
      ShapeFocus focus;
      try {
        focus = focusShapes == null ? ShapeFocus.NONE : ShapeFocus.parse(focusShapes);
      } catch (IllegalArgumentException | BadInputException e) {
        throw new BadInputException("--focus-shapes: " + e.getMessage());
      }
      long warm = warmup == null ? d.warmupSteps() : warmup;
      if (warm < 0) {
        throw new BadInputException("--warmup must be 0 or more steps, got " + warm);
      }
      TrainSettings s =
          new TrainSettings(
              common.steps == null ? d.steps() : common.steps, batch, peak, d.minLr(), warm, d.weightDecay(), d.clipNorm(),
              common.checkpointEvery(d), d.logEvery(), seed);
      Path out = common.out == null ? Path.of("runs", "var") : common.out;
      PrintStream err = LinesToWriter.printStream(spec.commandLine().getErr());
      Instant start = Instant.now();
      try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
          Tokenizer tok = tokenizer == null ? Tokenizer.loadDefault(m) : Tokenizer.load(tokenizer, m)) {
        String tokId = tokenizer == null ? "weights/tokenizer" : tokenizer.toString();
        VarConfig config = config(tok);
        try (var model = org.ttsvar.models.embedded.var.VarTrainer.train(config, tok, tokId, s, selfCorrection, focus, common.request(out), err)) {
          err.println("trained in " + Duration.between(start, Instant.now()).toSeconds() + " s this session; run folder " + out);
          if (common.export != null) {
            ModelFiles.save(common.export, config, model.params(), Map.of("model", "var", "steps", Long.toString(s.steps()), "seed", Long.toString(seed)));
            err.println("exported weights to " + common.export);
          }
        }
      }
      return Main.OK;
    }

    /**
     * The shipped shape, resized by --width/--depth/--heads. A warm start keeps its folder's width and
     * heads; --depth may add blocks on top of the snapshot's (they start at their initialisation, with
     * small output projections, so the grown model begins close to the snapshot's function).
     */
    private VarConfig config(Tokenizer tok) throws java.io.IOException {
      VarConfig shipped = org.ttsvar.models.embedded.var.VarTrainer.defaultConfig(tok);
      if (common.init != null) {
        VarConfig init = ModelFiles.readConfig(common.init, VarConfig.class);
        if ((width != null && width != init.width()) || (heads != null && heads != init.heads()) || (depth != null && depth < init.depth())) {
          throw new BadInputException(
              "--init " + common.init + " holds a model of width " + init.width() + ", depth " + init.depth() + ", heads " + init.heads()
                  + "; a warm start keeps its width and heads and may only add blocks: drop --width/--heads, pass --depth ≥ " + init.depth()
                  + ", or start a new run without --init");
        }
        return depth == null ? init : init.withSize(init.width(), depth, init.heads());
      }
      try {
        return shipped.withSize(width == null ? shipped.width() : width, depth == null ? shipped.depth() : depth, heads == null ? shipped.heads() : heads);
      } catch (IllegalArgumentException | BadInputException e) {
        throw new BadInputException("invalid model size: " + e.getMessage() + " (pass --width W --heads H with W divisible by H)");
      }
    }
  }

  @Command(
      name = "reward",
      mixinStandardHelpOptions = true,
      description = {
        "Train a reward model on world scenes against minimally wrong prompts (renders, degraded renders,",
        "tokenizer reconstructions and partial decodes). Calibrate it afterwards with 'ttsvar reward --calibrate'."
      })
  static final class RewardCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin Common common = new Common();

    @Option(names = "--kind", defaultValue = "cross", description = "cross (ImageReward analog) or dual (CLIPScore analog) (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--tokenizer", paramLabel = "DIR", description = "Tokenizer model folder (default: the shipped weights/tokenizer).")
    Path tokenizer;

    @Option(names = "--batch", description = "Scenes per step (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int batch;

    @Option(names = "--var", paramLabel = "DIR", description = "VAR model for the generated completions (default: the shipped weights/var).")
    Path var;

    @Option(names = "--no-generator", description = "Train without generated completions (their 10%% become clean renders), e.g. before a VAR model exists.")
    boolean noGenerator;

    @Option(names = "--seed", description = "Seed of the weights and the data stream (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    long seed;

    @Option(
        names = "--hard-negatives",
        paramLabel = "F",
        defaultValue = "0",
        description = "Share of wrong prompts that make the task's hard change (count, relation, colour swap) instead of a random one (default: ${DEFAULT-VALUE}).")
    double hardNegatives;

    @Option(
        names = "--focus",
        paramLabel = "TASK=SHARE",
        description = "Draw this share of the examples from one task (e.g. position=0.5), the rest as usual (default: all tasks alike).")
    String focus;

    @Option(
        names = "--malformed",
        paramLabel = "F",
        defaultValue = "0",
        description = {
          "Share of renders, degraded renders and reconstructions whose negative row is the same scene with one object",
          "melted or cut (the half-formed shapes a small generator makes) under the matching prompt, instead of the",
          "image under a wrong prompt (default: ${DEFAULT-VALUE})."
        })
    double malformed;

    @Option(
        names = "--code-damage",
        paramLabel = "F",
        defaultValue = "0",
        description = {
          "Share of the (not malformed) reconstructions whose negative row is the same reconstruction with one object's",
          "fine codes turned to noise, the generator's kind of half-formed shape, under the matching prompt (default: ${DEFAULT-VALUE})."
        })
    double codeDamage;

    @Option(
        names = "--locate-words",
        description = {
          "Cross kind: each word's place in the image goes into the fusion layers and into the placement term, with an",
          "auxiliary loss on the object nouns' positions, so relations (left of, above) can be judged. A warm start from a",
          "model without it keeps its weights and starts the new parts at zero."
        })
    boolean locateWords;

    @Override
    public Integer call() throws Exception {
      if (!(hardNegatives >= 0 && hardNegatives <= 1)) { // named as the option; DataMix would say it without the option's name
        throw new BadInputException("--hard-negatives must be a share in [0, 1], got " + hardNegatives);
      }
      org.ttsvar.models.embedded.reward.DataMix mix;
      org.ttsvar.models.embedded.reward.RewardConfig config;
      try { // the model and data types check their own values; here they become bad-input errors
        mix = focus == null ? org.ttsvar.models.embedded.reward.DataMix.hardNegatives(hardNegatives) : org.ttsvar.models.embedded.reward.DataMix.withFocus(hardNegatives, focus);
        mix = mix.withMalformed(malformed).withCodeDamaged(codeDamage);
        config = org.ttsvar.models.embedded.reward.RewardTrainer.defaultConfig(kind).withLocateWords(locateWords);
      } catch (IllegalArgumentException | BadInputException e) {
        throw new BadInputException(e.getMessage() + " (see 'ttsvar train reward --help')");
      }
      TrainSettings d = org.ttsvar.models.embedded.reward.RewardTrainer.DEFAULT_SETTINGS;
      TrainSettings s =
          new TrainSettings(
              common.steps == null ? d.steps() : common.steps, batch, d.lr(), d.minLr(), d.warmupSteps(), d.weightDecay(), d.clipNorm(),
              common.checkpointEvery(d), d.logEvery(), seed);
      Path out = common.out == null ? Path.of("runs", "reward-" + kind) : common.out;
      PrintStream err = LinesToWriter.printStream(spec.commandLine().getErr());
      Instant start = Instant.now();
      try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
          Tokenizer tok = tokenizer == null ? Tokenizer.loadDefault(m) : Tokenizer.load(tokenizer, m)) {
        String tokId = tokenizer == null ? "weights/tokenizer" : tokenizer.toString();
        org.ttsvar.models.embedded.reward.RewardTrainer.Completer completer = null;
        if (!noGenerator) {
          Path varDir = var == null ? ModelFiles.defaultModelDir("var") : var;
          var varModel = org.ttsvar.models.embedded.var.VarModel.load(varDir, m);
          Path samplingFile = varDir.resolve(org.ttsvar.models.embedded.TextToImage.SAMPLING);
          var sampling = java.nio.file.Files.isRegularFile(samplingFile)
              ? new com.fasterxml.jackson.databind.ObjectMapper().readValue(samplingFile.toFile(), org.ttsvar.models.embedded.var.SamplingConfig.class)
              : org.ttsvar.models.embedded.var.SamplingConfig.DEFAULT;
          completer = new org.ttsvar.models.embedded.reward.RewardTrainer.Completer(varModel, sampling, var == null ? "weights/var" : var.toString());
        }
        try (var model = org.ttsvar.models.embedded.reward.RewardTrainer.train(config, tok, tokId, completer, mix, s, common.request(out), err)) {
          err.println("trained in " + Duration.between(start, Instant.now()).toSeconds() + " s this session; run folder " + out);
          if (common.export != null) {
            ModelFiles.save(common.export, config, model.params(), Map.of("model", "reward-" + kind, "steps", Long.toString(s.steps()), "seed", Long.toString(seed)));
            err.println("exported weights to " + common.export + " (uncalibrated: run 'ttsvar reward --calibrate')");
          }
        }
      }
      return Main.OK;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Export a run's checkpoint as a model folder (config.json + F16 model.safetensors), e.g. to evaluate it while training goes on,"
              + " or to commit a snapshot that 'train … --init' continues elsewhere.")
  static final class ExportCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run folder (the --out of 'ttsvar train').")
    Path run;

    @Option(names = "--step", description = "Checkpoint step (default: the newest complete checkpoint).")
    Long step;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
      try {
        long at = RunExport.export(run, step, out);
        spec.commandLine().getErr().println("exported " + run + " at step " + at + " to " + out);
      } catch (IllegalArgumentException | BadInputException e) {
        throw new BadInputException(e.getMessage());
      }
      return Main.OK;
    }
  }
}
