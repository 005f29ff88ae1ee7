package org.ttsvar.models.embedded.value;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.ttsvar.models.embedded.TextToImage;
import org.ttsvar.models.embedded.var.Particles;
import org.ttsvar.models.train.TrainingProgress;
import org.ttsvar.search.Reward;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.PromptSetGenerator;
import org.ttsvar.world.PromptSets;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Seeds;
import org.ttsvar.world.Task;

/**
 * Collects the value head's training data ({@link Rollouts}): for each prompt, a batch of paths
 * sampled as the search samples them, every path's code map after each scale, and the learned
 * reward of each final image. The targets come from the reward only: the verifier is never asked.
 */
public final class RolloutCollector {
  /** Seed of the prompt draws: neither the benchmark's (43) nor the validation set's (44). */
  public static final long PROMPT_SEED = 45;

  private RolloutCollector() {}

  /**
   * Training prompts: GenEval's procedure with {@link #PROMPT_SEED}, without the prompts of the
   * benchmark and validation sets (but single_object and counting, whose few prompts are all in
   * the benchmark, as the validation set does), shuffled with {@code seed}.
   */
  public static List<String> trainingPrompts(int count, long seed) {
    Set<String> held = new HashSet<>();
    PromptSets.miniGenEval().forEach(p -> held.add(p.prompt()));
    PromptSets.validation().forEach(p -> held.add(p.prompt()));
    List<String> out = new ArrayList<>();
    for (PromptSpec p : PromptSetGenerator.generate(PROMPT_SEED, 3000)) {
      if (p.task() == Task.SINGLE_OBJECT || p.task() == Task.COUNTING || !held.contains(p.prompt())) {
        out.add(p.prompt());
      }
    }
    Collections.shuffle(out, new Random(seed));
    if (count > out.size()) {
      throw new BadInputException("only " + out.size() + " training prompts exist; ask for at most that many");
    }
    return List.copyOf(out.subList(0, count));
  }

  /**
   * Appends the rollouts of {@code prompts} to {@code file}, resuming after the prompts already
   * there (which must be the first ones of the same list). Prompt i's paths start from stream
   * seed (seed, i).
   */
  public static void collect(TextToImage t2i, Reward reward, List<String> prompts, int paths, long seed, Path file, TrainingProgress progress)
      throws IOException {
    List<Rollouts.PromptRollouts> done = Files.exists(file) ? Rollouts.read(file) : List.of();
    for (int i = 0; i < done.size(); i++) {
      if (i >= prompts.size() || !done.get(i).prompt().equals(prompts.get(i))) {
        throw new BadInputException(file + " holds rollouts of other prompts (record " + i + ": '" + done.get(i).prompt()
            + "'); collect into a new file or use the same prompt count and seed");
      }
    }
    progress.started("value rollouts", done.size(), prompts.size());
    try (Rollouts.Writer out = Rollouts.openForAppend(file)) {
      for (int i = done.size(); i < prompts.size(); i++) {
        Rollouts.PromptRollouts r = rollout(t2i, reward, prompts.get(i), paths, Seeds.derive(seed, i));
        out.append(r);
        double mean = 0;
        for (float v : r.rewards()) {
          mean += v / r.paths();
        }
        progress.stepped(i + 1, (float) mean);
      }
    } finally {
      progress.finished();
    }
  }

  static Rollouts.PromptRollouts rollout(TextToImage t2i, Reward reward, String prompt, int paths, long seed) {
    try (Particles p = t2i.start(prompt, paths, seed)) {
      float[][][] codes = new float[paths][p.numScales()][];
      while (!p.finished()) {
        int k = p.scalesDone();
        p.step();
        float[][] maps = p.codeMaps();
        for (int i = 0; i < paths; i++) {
          codes[i][k] = maps[i];
        }
      }
      double[] rewards = reward.score(prompt, List.of(p.decodeAll()));
      float[] targets = new float[paths];
      for (int i = 0; i < paths; i++) {
        targets[i] = (float) rewards[i];
      }
      return new Rollouts.PromptRollouts(prompt, codes, targets);
    }
  }
}
