package org.ttsvar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ttsvar.bench.Manifest;
import org.ttsvar.bench.Suite;
import org.ttsvar.bench.report.Reports;
import org.ttsvar.bench.run.BenchRunner;
import org.ttsvar.bench.run.Merge;
import org.ttsvar.bench.run.Shard;
import org.ttsvar.bench.stats.FolderComparison;
import org.ttsvar.bench.stats.Results;
import org.ttsvar.bench.studies.Consistency;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.io.FolderLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    subcommands = {BenchCommand.MergeCommand.class, BenchCommand.CompareCommand.class, BenchCommand.ConsistencyCommand.class, BenchCommand.RewardsCommand.class},
    description = {
      "Run a benchmark suite: search configurations over a prompt set (seeds 0-3 per prompt), scored by the verifier (MiniGenEval) and the reward.",
      "Writes OUT/CONFIG/ in GenEval's layout with records.jsonl, then OUT/results.json, OUT/summary.md and OUT/report.html.",
      "Results are written per prompt; --resume continues an interrupted run (a kill loses at most the prompt in flight).",
      "  ttsvar bench --suite quick",
      "  ttsvar bench --suite main --shard 0/2 --out out/b0   (and 1/2 elsewhere), then: ttsvar bench merge --out out/b out/b0 out/b1"
    })
final class BenchCommand implements Callable<Integer>, EngineWarning.RunsModels {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin BenchOptions bench;

  @Option(names = "--shard", paramLabel = "i/n", defaultValue = "0/1", description = "Run only prompts j with j mod n = i (default: all); merge shards with 'ttsvar bench merge'.")
  String shard;

  @Option(names = "--workers", defaultValue = "1", paramLabel = "W",
      description = "Run in W processes of one thread each (prompt shards i/W in OUT/parts/i), merged into OUT (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--consistency", description = "Also measure consistency per scale (paper Fig. 5b) on these prompts and plot it in the report.")
  boolean consistency;

  @Override
  public Integer call() throws Exception {
    Suite s = bench.suite();
    Shard sh = Shard.parse(shard);
    List<PromptSpec> specs = bench.prompts().load();
    Path dir = bench.out(sh);
    org.ttsvar.world.io.AtomicFiles.checkFolder(dir); // a file, device or read-only place fails now, not after the benchmark ran
    var err = spec.commandLine().getErr();
    ParentWatch.startIfWorker(err);
    if (workers != 1) {
      if (sh.count() > 1) {
        throw new BadInputException("--workers splits the prompts itself; give either --workers or --shard");
      }
      long t0 = System.nanoTime();
      try (FolderLock lock = FolderLock.acquire(dir, "ttsvar bench --workers " + workers)) {
        Results r = new BenchWorkers(workers, bench.definitionArgs()).run(dir, bench.resume(), err);
        if (consistency && !Files.exists(dir.resolve(Consistency.JSON))) { // after the workers, in this process, on all prompts
          try (LoadedModels models = LoadedModels.load(bench.model())) {
            List<PromptSpec> mine = s.promptIndices(specs).stream().map(specs::get).toList();
            BenchRunner.measureConsistency(models.bench(), mine, models.scaleSides(), dir, err::println);
          }
          Reports.write(dir, r);
        }
        err.printf("bench %s: %d configurations in %.1f s with %d workers; %s%n", s.id(), r.configs().size(), (System.nanoTime() - t0) / 1e9, workers, dir.resolve(Reports.SUMMARY));
        print(r, dir);
      }
      return Main.OK;
    }
    try (LoadedModels models = LoadedModels.load(bench.model())) {
      Manifest m = bench.manifest(models, specs, sh); // bad --configs or --seeds are refused before the folder is made
      try (FolderLock lock = FolderLock.acquire(dir, "ttsvar bench" + (sh.count() > 1 ? " --shard " + sh : ""))) {
        runHere(models, m, specs, dir, err);
      }
    }
    return Main.OK;
  }

  /** Runs the benchmark {@code m} in this process into {@code dir} (whose lock the caller holds). */
  private void runHere(LoadedModels models, Manifest m, List<PromptSpec> specs, Path dir, java.io.PrintWriter err) throws IOException {
    long start = System.nanoTime();
    Results r;
    try (ProgressBar bar = Progress.bar("bench " + m.suite(), 1)) {
      BenchRunner runner = new BenchRunner(models.bench());
      if (consistency) {
        runner.withConsistency(models.scaleSides());
      }
      r = runner.run(m, specs, dir, bench.resume(), new BenchRunner.Listener() {
        @Override
        public void progress(long done, long total) {
          bar.maxHint(total);
          bar.stepTo(done);
        }

        @Override
        public void message(String msg) {
          err.println(msg);
        }
      });
    }
    err.printf("bench %s: %d configurations in %.1f s; %s%n", m.suite(), m.configs().size(), (System.nanoTime() - start) / 1e9, dir.resolve(Reports.SUMMARY));
    print(r, dir);
  }

  private void print(Results r, Path dir) throws IOException {
    BenchSummary.print(spec.commandLine().getOut(), r, dir, dir.resolve(Reports.RESULTS).toString(), bench.json());
  }

  @Command(name = "merge", mixinStandardHelpOptions = true, description = "Merge the folders of a sharded benchmark into one, with the results of the whole prompt set.")
  static final class MergeCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The merged folder (must not exist or be empty).")
    Path out;

    @Option(names = "--json", description = "End standard output with one JSON object with one entry per configuration.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "The shard folders (all n of them).")
    List<Path> shards;

    @Override
    public Integer call() throws Exception {
      Results r = Merge.merge(shards, out);
      BenchSummary.print(spec.commandLine().getOut(), r, out, out.resolve(Reports.RESULTS).toString(), json);
      return Main.OK;
    }
  }

  @Command(
      name = "compare",
      mixinStandardHelpOptions = true,
      description = {
        "Overall accuracy of two configuration folders and their difference with its paired bootstrap 95%% interval, over the prompts",
        "both ran (the prompt indices and seeds must be the same prompt set's): for runs made apart, e.g.",
        "  ttsvar bench compare out/a/ttsvar-n2 out/b/ttsvar-n2-narrow0.8"
      })
  static final class CompareCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASE", description = "A configuration folder (with records.jsonl).")
    Path base;

    @Parameters(index = "1", paramLabel = "OTHER", description = "The configuration folder compared with it.")
    Path other;

    @Option(names = "--json", description = "End standard output with one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      FolderComparison c = FolderComparison.of(base, other);
      var o = spec.commandLine().getOut();
      o.printf(Locale.ROOT, "%s: %.3f%n%s: %.3f%ndifference %s over %d prompts (%d and %d in the folders)%n", base, c.base(), other, c.other(), c.difference(),
          c.prompts(), c.basePrompts(), c.otherPrompts());
      if (json) {
        var j = new ObjectMapper().createObjectNode();
        j.put("base", c.base()).put("other", c.other()).put("difference", c.difference().mean()).put("low", c.difference().low())
            .put("high", c.difference().high()).put("prompts", c.prompts());
        o.println(j);
      }
      return Main.OK;
    }
  }

  @Command(
      name = "consistency",
      mixinStandardHelpOptions = true,
      description = {
        "Consistency per scale (paper Fig. 5b): for batches generated without selection, how often the path with the best",
        "intermediate reward after scale k is the one with the best final reward. Decides the resampling scales.",
        "Default prompts: the validation set (not the benchmark's). Writes DIR/consistency.json and DIR/consistency.png."
      })
  static final class ConsistencyCommand implements Callable<Integer>, EngineWarning.RunsModels {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin PromptsOption prompts;

    @Mixin ModelOptions model;

    @Option(names = {"--reward", "--reward-type", "--reward_type"}, defaultValue = "ir", description = "Reward: ir, clip, ensemble (default: ${DEFAULT-VALUE}).")
    String rewardType;

    @Option(names = "--batch", defaultValue = "8", description = "Paths per prompt (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the first prompt's batch (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "docs", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
      if (batch < 2) {
        throw new BadInputException("--batch must be ≥ 2 (one path has nothing to pick from), got " + batch);
      }
      if (prompts.file == null && prompts.text == null) {
        prompts.validation = true;
      }
      List<PromptSpec> specs = prompts.load();
      try (LoadedModels models = LoadedModels.load(model)) {
        org.ttsvar.bench.studies.Consistency.Result r;
        try (ProgressBar bar = Progress.bar("consistency", specs.size())) {
          r = org.ttsvar.bench.studies.Consistency.measure(models.bench().generator(), models.bench().reward(rewardType), specs, batch, seed, bar::stepTo);
        }
        org.ttsvar.bench.studies.Consistency.write(r, models.scaleSides(), out);
        var o = spec.commandLine().getOut();
        for (int k = 0; k < r.agreement().size(); k++) {
          o.printf("scale %d: %.3f%n", k, r.agreement().get(k));
        }
        o.printf("chance %.3f over %d prompts; %s%n", r.chance(), r.batches(), out.resolve("consistency.png"));
      }
      return Main.OK;
    }
  }

  @Command(
      name = "rewards",
      mixinStandardHelpOptions = true,
      description = {
        "How well a reward stands in for the verifier: on fresh renders of each task, how often the image's own prompt outscores a",
        "minimally wrong one, and how often the render (or its reconstruction) outscores the same scene with one object malformed",
        "(or damaged in code space); with --dir, the AUC of the reward for verifier-pass vs verifier-fail images of a generated folder.",
        "Writes OUT/reward-quality.json and OUT/reward-quality.md.",
        "  ttsvar sample --out raw && ttsvar bench rewards --dir raw"
      })
  static final class RewardsCommand implements Callable<Integer>, EngineWarning.RunsModels {
    /** Seed of the held-out renders: reward training draws its scenes from seed 3's streams. */
    static final long HELD_OUT_SEED = 1001;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"--reward", "--reward-type", "--reward_type"}, defaultValue = "ir", description = "ir, clip, ensemble or oracle (default: ${DEFAULT-VALUE}).")
    String rewardType;

    @Option(names = "--model", paramLabel = "DIR", description = "Reward model folder (default: weights/reward-TYPE).")
    Path modelDir;

    @Option(names = "--pairs-per-task", defaultValue = "200", description = "Render pairs per task (default: ${DEFAULT-VALUE}).")
    int pairsPerTask;

    @Option(names = "--seed", defaultValue = "" + HELD_OUT_SEED, description = "Seed of the renders (default: ${DEFAULT-VALUE}, held out from training).")
    long seed;

    @Option(names = "--dir", paramLabel = "DIR", description = "A GenEval-layout folder of generated images (e.g. from 'ttsvar sample') for the AUC.")
    Path dir;

    @Option(names = "--out", defaultValue = "docs", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--json", description = "End standard output with the report as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (pairsPerTask < 1) {
        throw new BadInputException("--pairs-per-task must be ≥ 1, got " + pairsPerTask);
      }
      org.ttsvar.verifier.FolderEvaluator.Evaluation judged = null;
      if (dir != null) {
        try {
          judged = org.ttsvar.verifier.FolderEvaluator.standard().evaluate(dir); // checks the folder before any reward work
        } catch (org.ttsvar.verifier.EvaluationInputException e) {
          throw new BadInputException(e.getMessage());
        }
      }
      org.ttsvar.bench.studies.RewardQuality.Report report;
      try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
        org.ttsvar.search.Reward reward = ModelRegistry.standaloneReward(rewardType, modelDir, m);
        List<org.ttsvar.bench.studies.RewardQuality.TaskPairs> pairs;
        List<org.ttsvar.bench.studies.RewardQuality.TaskPairs> malformed;
        try (ProgressBar bar = Progress.bar("pairs", 6L * pairsPerTask)) {
          pairs = org.ttsvar.bench.studies.RewardQuality.pairs(reward, pairsPerTask, seed, bar::stepTo);
        }
        try (ProgressBar bar = Progress.bar("malformed pairs", 6L * pairsPerTask)) {
          malformed = org.ttsvar.bench.studies.RewardQuality.malformedPairs(reward, pairsPerTask, seed, bar::stepTo);
        }
        List<org.ttsvar.bench.studies.RewardQuality.TaskPairs> damaged;
        try (ProgressBar bar = Progress.bar("damaged pairs", 6L * pairsPerTask);
            org.ttsvar.models.embedded.tokenizer.Tokenizer tok = org.ttsvar.models.embedded.tokenizer.Tokenizer.loadDefault(m)) {
          org.ttsvar.bench.studies.RewardQuality.SceneDamager damager = (scene, rng) -> {
            var d = org.ttsvar.models.embedded.reward.CodeDamage.draw(scene, tok.config().numScales(), rng);
            var images = org.ttsvar.models.embedded.reward.CodeDamage.reconstructAndDamage(tok, scene, d);
            return new org.ttsvar.bench.studies.RewardQuality.DamagedPair(images[0], images[1], "from scale " + d.fromScale(), d.fromScale());
          };
          damaged = org.ttsvar.bench.studies.RewardQuality.damagedPairs(reward, damager, pairsPerTask, seed, bar::stepTo);
        }
        List<org.ttsvar.bench.studies.RewardQuality.TaskAuc> auc = null;
        if (judged != null) {
          try (ProgressBar bar = Progress.bar("auc", judged.results().size())) {
            auc = org.ttsvar.bench.studies.RewardQuality.auc(reward, judged, bar::stepTo);
          }
        }
        report = new org.ttsvar.bench.studies.RewardQuality.Report(
            reward.name(), seed, pairsPerTask, pairs, malformed, damaged, dir == null ? null : dir.toString(), auc, auc == null ? null : auc.get(auc.size() - 1).auc());
      }
      String command = "ttsvar bench rewards --reward-type " + rewardType + (modelDir == null ? "" : " --model " + modelDir) + " --pairs-per-task " + pairsPerTask
          + (seed == HELD_OUT_SEED ? "" : " --seed " + seed) + (dir == null ? "" : " --dir " + dir);
      org.ttsvar.bench.studies.RewardQuality.write(report, command, out);
      var o = spec.commandLine().getOut();
      if (json) {
        o.println(MAPPER.writeValueAsString(report));
      } else {
        o.print(Files.readString(out.resolve("reward-quality.md")));
      }
      return Main.OK;
    }
  }
}
