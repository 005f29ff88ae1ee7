package org.ttsvar.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.models.embedded.EmbeddedModels;
import org.ttsvar.models.embedded.reward.RewardModel;
import org.ttsvar.models.embedded.value.RolloutCollector;
import org.ttsvar.models.embedded.value.Rollouts;
import org.ttsvar.models.embedded.value.ValueEvaluation;
import org.ttsvar.models.embedded.value.ValueHead;
import org.ttsvar.models.embedded.value.ValueTrainer;
import org.ttsvar.models.train.TrainSettings;
import org.ttsvar.search.Reward;
import org.ttsvar.world.io.AtomicFiles;
import org.ttsvar.world.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "value",
    mixinStandardHelpOptions = true,
    description = {
      "Train the value head: a small model that scores a partial path from its code map, without decoding it, trained to",
      "predict the learned reward of the path's final image. First collects the generator's own rollouts (resumable),",
      "then trains on them (resumable). The targets come from the reward only, never from the verifier."
    })
final class ValueCommand implements Callable<Integer>, EngineWarning.RunsModels {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin TrainCommand.Common common = new TrainCommand.Common();

  @Option(names = "--rollouts", paramLabel = "FILE", description = "Rollouts file, appended to and resumed (default: <out>/rollouts.bin).")
  Path rollouts;

  @Option(names = "--prompts", defaultValue = "1500", description = "Training prompts to roll out (default: ${DEFAULT-VALUE}).")
  int prompts;

  @Option(names = "--paths", defaultValue = "8", description = "Paths per prompt (default: ${DEFAULT-VALUE}).")
  int paths;

  @Option(names = "--seed", defaultValue = "5", description = "Seed of the prompt order, the rollouts' streams and the weights (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--collect-only", description = "Collect the rollouts and stop.")
  boolean collectOnly;

  @Override
  public Integer call() throws Exception {
    if (prompts < 1 || paths < 2) {
      throw new BadInputException("--prompts must be ≥ 1 and --paths ≥ 2 (the head learns to rank paths of one prompt), got " + prompts + " and " + paths);
    }
    Path out = common.out == null ? Path.of("runs", "value") : common.out;
    Path file = rollouts == null ? out.resolve("rollouts.bin") : rollouts;
    Files.createDirectories(file.toAbsolutePath().getParent());
    List<String> list = RolloutCollector.trainingPrompts(prompts, seed);
    java.io.PrintWriter err = spec.commandLine().getErr();
    try (EmbeddedModels models = EmbeddedModels.load()) {
      Reward reward = models.reward(models.defaultReward());
      RolloutCollector.collect(models.textToImage(), reward, list, paths, seed, file, Progress.training());
      err.println("rollouts: " + file);
      if (collectOnly) {
        return Main.OK;
      }
      List<Rollouts.PromptRollouts> data = Rollouts.read(file);
      TrainSettings d = ValueTrainer.DEFAULT_SETTINGS;
      TrainSettings s = new TrainSettings(common.steps == null ? d.steps() : common.steps, d.batchSize(), d.lr(), d.minLr(), d.warmupSteps(), d.weightDecay(),
          d.clipNorm(), common.checkpointEvery(d), d.logEvery(), seed);
      Path rewardDir = ModelFiles.defaultModelDir("reward-" + models.defaultReward());
      RewardModel rewardModel = models.rewardModel(models.defaultReward());
      try (RewardModel model = ValueTrainer.train(rewardModel, rewardDir.resolve(ModelFiles.WEIGHTS), "weights/reward-" + models.defaultReward(), data,
          models.textToImage().tokenizer().config().bits(), s, common.request(out), LinesToWriter.printStream(err))) {
        ValueHead head = new ValueHead(model);
        List<Rollouts.PromptRollouts> heldOut = data.subList(ValueTrainer.trainingPrompts(data.size()), data.size());
        ValueEvaluation.Result eval = ValueEvaluation.evaluate(head, reward, models.textToImage().tokenizer(), heldOut);
        Path evalFile = out.resolve("evaluation.json");
        AtomicFiles.write(evalFile, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(eval));
        err.println("held-out prompts: " + eval.prompts() + " × " + eval.paths() + " paths; best-scored path = best final path (chance " + String.format("%.3f", 1.0 / eval.paths()) + "):");
        for (int i = 0; i < eval.valueHead().size(); i++) {
          ValueEvaluation.ScaleScore v = eval.valueHead().get(i), r = eval.rewardOnDecode().get(i);
          err.printf("  scale %d: value head %.3f (pairs %.3f)   reward on decode %.3f (pairs %.3f)%n", v.scale(), v.topOneAgreement(), v.pairAccuracy(),
              r.topOneAgreement(), r.pairAccuracy());
        }
        err.println("evaluation: " + evalFile);
        if (common.export != null) {
          ModelFiles.save(common.export, model.config(), model.params(), Map.of("model", "value", "steps", Long.toString(s.steps()), "seed", Long.toString(seed)));
          err.println("exported weights to " + common.export);
        }
      }
    }
    return Main.OK;
  }
}
