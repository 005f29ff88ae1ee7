package org.ttsvar.bench.studies;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.ttsvar.bench.BenchJson;
import org.ttsvar.search.Reward;
import org.ttsvar.verifier.FolderEvaluator;
import org.ttsvar.verifier.ImageResult;
import org.ttsvar.world.Malformations;
import org.ttsvar.world.Perturbations;
import org.ttsvar.world.PromptSetGenerator;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Scene;
import org.ttsvar.world.SceneSampler;
import org.ttsvar.world.Seeds;
import org.ttsvar.world.Task;
import org.ttsvar.world.io.AtomicFiles;
import org.ttsvar.world.io.ImageFiles;

/**
 * How good a reward is as a proxy for the verifier, measured two ways:
 *
 * <ul>
 *   <li><b>pairs</b>: on fresh renders of prompts of each task, how often the reward scores the
 *       image higher against its own prompt than against a minimally wrong one ({@link
 *       Perturbations}); a tie counts as a miss;
 *   <li><b>malformed pairs</b>: on fresh renders, how often the reward scores the image higher than
 *       the same scene with one object malformed ({@link Malformations}: melted into a blob or cut),
 *       both against the image's own prompt; the half-formed shapes of generated images, on known
 *       content;
 *   <li><b>damaged pairs</b> (when a {@link SceneDamager} is given): a scene's reconstruction
 *       through the tokenizer vs the same reconstruction with one object damaged in code space, both
 *       against the own prompt; the generator's own kind of half-formed shape, on known content;
 *   <li><b>AUC</b>: on generated images judged by the verifier, the probability that a passing
 *       image outscores a failing one of the same task (ties count one half); and the
 *       <b>within-prompt AUC</b>, the same over pairs of images of the same prompt only, which is what
 *       Best-of-N and the search rely on (they only ever compare candidates of one prompt).
 * </ul>
 *
 * The reward never sees the verifier: the verifier only labels the images after scoring.
 */
public final class RewardQuality {
  private RewardQuality() {}

  /** Pair accuracy of one task, overall and by kind of perturbation. */
  public record TaskPairs(String task, int pairs, double accuracy, Map<String, Double> byKind) {}

  /**
   * AUC of one task (null when the task has no passing or no failing image), and over the pairs of
   * images of one prompt ({@code withinPrompt}, over the {@code mixedPrompts} prompts with both a
   * passing and a failing image; null when there is none).
   */
  public record TaskAuc(String task, int passed, int failed, Double auc, Double withinPrompt, int mixedPrompts) {}

  /**
   * @param generations the judged folder, or null when only pairs were measured
   */
  public record Report(
      String reward,
      long seed,
      int pairsPerTask,
      List<TaskPairs> pairs,
      List<TaskPairs> malformedPairs,
      List<TaskPairs> damagedPairs,
      String generations,
      List<TaskAuc> auc,
      Double overallAuc) {}

  /**
   * A scene's clean reconstruction and a damaged one, from the model side (this module has no tensor
   * engine); {@code kind} groups the damages in the report, {@code order} sorts the kinds.
   */
  public interface SceneDamager {
    DamagedPair damage(Scene scene, SplittableRandom rng);
  }

  public record DamagedPair(RgbImage clean, RgbImage damaged, String kind, int order) {}

  /** Pair accuracy per task on {@code perTask} fresh renders per task drawn from {@code seed}. */
  public static List<TaskPairs> pairs(Reward reward, int perTask, long seed, LongConsumer progress) {
    SceneSampler sampler = new SceneSampler();
    return tally(perTask, progress, (task, j) -> {
      SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, task.ordinal(), j));
      PromptSpec spec = PromptSetGenerator.draw(task, rng);
      RgbImage image = Renderer.render(sampler.sample(spec, rng.nextLong()));
      Perturbations.Perturbed wrong = Perturbations.random(spec, rng);
      double match = reward.score(spec.prompt(), List.of(image))[0];
      double other = reward.score(wrong.spec().prompt(), List.of(image))[0];
      return new Outcome(wrong.kind(), match > other); // NaN or a tie is a miss
    });
  }

  /**
   * Per task, how often the reward prefers a fresh render to the same scene with one object
   * malformed, both under the render's own prompt; by kind of malformation ("melt", "cut").
   * Drawn from a stream of its own, so the prompt pairs above do not change with it.
   */
  public static List<TaskPairs> malformedPairs(Reward reward, int perTask, long seed, LongConsumer progress) {
    SceneSampler sampler = new SceneSampler();
    return tally(perTask, progress, (task, j) -> {
      SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, MALFORMED_STREAM, task.ordinal(), j));
      PromptSpec spec = PromptSetGenerator.draw(task, rng);
      Scene scene = sampler.sample(spec, rng.nextLong());
      Malformations.Malformation m = Malformations.draw(scene, rng);
      double[] s = reward.score(spec.prompt(), List.of(Renderer.render(scene), Malformations.render(scene, m)));
      return new Outcome(m.kind(), s[0] > s[1]); // NaN or a tie is a miss
    });
  }

  /**
   * Per task, how often the reward prefers a scene's reconstruction to the same reconstruction with
   * one object damaged ({@code damager}), both under the own prompt; by the damager's kinds. A stream
   * of its own, like the malformed pairs.
   */
  public static List<TaskPairs> damagedPairs(Reward reward, SceneDamager damager, int perTask, long seed, LongConsumer progress) {
    SceneSampler sampler = new SceneSampler();
    return tally(perTask, progress, (task, j) -> {
      SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, DAMAGED_STREAM, task.ordinal(), j));
      PromptSpec spec = PromptSetGenerator.draw(task, rng);
      Scene scene = sampler.sample(spec, rng.nextLong());
      DamagedPair pair = damager.damage(scene, rng);
      double[] s = reward.score(spec.prompt(), List.of(pair.clean(), pair.damaged()));
      return new Outcome(new Kind(pair.kind(), pair.order()), s[0] > s[1]);
    });
  }

  /** A kind of change as the reports name it, sorted by {@code order} (an enum's declaration order). */
  private record Kind(String name, int order) {}

  /** One pair's outcome: the kind of change it tested and whether the reward preferred the right side. */
  private record Outcome(Kind kind, boolean win) {
    Outcome(Enum<?> kind, boolean win) {
      this(new Kind(kind.name().toLowerCase(Locale.ROOT), kind.ordinal()), win);
    }
  }

  private interface PairJudge {
    Outcome judge(Task task, int index);
  }

  /** Runs {@code perTask} pairs of every task and tallies the wins, overall and by kind (in the kinds' declaration order). */
  private static List<TaskPairs> tally(int perTask, LongConsumer progress, PairJudge judge) {
    if (perTask < 1) {
      throw new IllegalArgumentException("pairs per task must be ≥ 1, got " + perTask);
    }
    List<TaskPairs> out = new ArrayList<>();
    long done = 0;
    for (Task task : Task.values()) {
      int wins = 0;
      // kind → {wins, pairs}, in the kinds' order
      Map<Kind, int[]> kinds = new java.util.TreeMap<>(java.util.Comparator.comparingInt(Kind::order).thenComparing(Kind::name));
      for (int j = 0; j < perTask; j++) {
        Outcome o = judge.judge(task, j);
        wins += o.win() ? 1 : 0;
        int[] k = kinds.computeIfAbsent(o.kind(), x -> new int[2]);
        k[0] += o.win() ? 1 : 0;
        k[1]++;
        progress.accept(++done);
      }
      Map<String, Double> byKind = new LinkedHashMap<>();
      kinds.forEach((k, v) -> byKind.put(k.name(), (double) v[0] / v[1]));
      out.add(new TaskPairs(task.tag(), perTask, (double) wins / perTask, byKind));
    }
    return out;
  }

  /** Path element that separates the malformed pairs' random stream from the prompt pairs'. */
  private static final long MALFORMED_STREAM = 0x4d414c46L;

  /** Likewise for the damaged pairs. */
  private static final long DAMAGED_STREAM = 0x44414d47L;

  /**
   * Scores every image of a judged GenEval-layout folder against its own prompt and returns the AUC
   * per task (in GenEval's task order) followed by one entry "overall" over all images.
   */
  public static List<TaskAuc> auc(Reward reward, FolderEvaluator.Evaluation judged, LongConsumer progress) throws IOException {
    Map<Task, List<Double>> passed = new EnumMap<>(Task.class);
    Map<Task, List<Double>> failed = new EnumMap<>(Task.class);
    Map<String, List<Double>> passedByPrompt = new LinkedHashMap<>(), failedByPrompt = new LinkedHashMap<>();
    Map<String, Task> taskOfPrompt = new LinkedHashMap<>();
    long done = 0;
    for (ImageResult r : judged.results()) {
      RgbImage image = ImageFiles.readPng(judged.root().resolve(r.filename()));
      double score = reward.score(r.spec().prompt(), List.of(image))[0];
      (r.correct() ? passed : failed).computeIfAbsent(r.spec().task(), t -> new ArrayList<>()).add(score);
      String prompt = promptFolder(r.filename());
      taskOfPrompt.put(prompt, r.spec().task());
      (r.correct() ? passedByPrompt : failedByPrompt).computeIfAbsent(prompt, t -> new ArrayList<>()).add(score);
      progress.accept(++done);
    }
    // within-prompt: Mann–Whitney U summed over the prompts, over the pairs summed likewise
    Map<Task, double[]> within = new EnumMap<>(Task.class); // task → {U, pairs, prompts}
    double[] allWithin = new double[3];
    for (Map.Entry<String, Task> e : taskOfPrompt.entrySet()) {
      List<Double> p = passedByPrompt.getOrDefault(e.getKey(), List.of()), f = failedByPrompt.getOrDefault(e.getKey(), List.of());
      if (p.isEmpty() || f.isEmpty()) {
        continue;
      }
      double pairs = (double) p.size() * f.size(), u = auc(p, f) * pairs;
      for (double[] acc : new double[][] {within.computeIfAbsent(e.getValue(), t -> new double[3]), allWithin}) {
        acc[0] += u;
        acc[1] += pairs;
        acc[2]++;
      }
    }
    List<TaskAuc> out = new ArrayList<>();
    List<Double> allPassed = new ArrayList<>(), allFailed = new ArrayList<>();
    for (Task t : Task.values()) {
      List<Double> p = passed.getOrDefault(t, List.of()), f = failed.getOrDefault(t, List.of());
      allPassed.addAll(p);
      allFailed.addAll(f);
      double[] w = within.getOrDefault(t, new double[3]);
      out.add(new TaskAuc(t.tag(), p.size(), f.size(), auc(p, f), w[1] == 0 ? null : w[0] / w[1], (int) w[2]));
    }
    out.add(new TaskAuc("overall", allPassed.size(), allFailed.size(), auc(allPassed, allFailed), allWithin[1] == 0 ? null : allWithin[0] / allWithin[1], (int) allWithin[2]));
    return out;
  }

  /** The prompt's folder of a GenEval-layout image path ({@code 00012/samples/0003.png} → {@code 00012}). */
  private static String promptFolder(String filename) {
    int slash = filename.indexOf('/');
    return slash < 0 ? filename : filename.substring(0, slash);
  }

  /**
   * The probability that a positive outscores a negative, ties counting one half (the
   * Mann–Whitney U over n⁺·n⁻); null when either side is empty. NaN scores count as the lowest.
   */
  public static Double auc(List<Double> positives, List<Double> negatives) {
    if (positives.isEmpty() || negatives.isEmpty()) {
      return null;
    }
    double u = 0;
    for (double p : positives) {
      for (double n : negatives) {
        double a = Double.isNaN(p) ? Double.NEGATIVE_INFINITY : p, b = Double.isNaN(n) ? Double.NEGATIVE_INFINITY : n;
        u += a > b ? 1 : a == b ? 0.5 : 0;
      }
    }
    return u / ((double) positives.size() * negatives.size());
  }

  /** Writes {@code reward-quality.json} and {@code reward-quality.md} into {@code dir}. */
  public static void write(Report r, String command, Path dir) throws IOException {
    java.nio.file.Files.createDirectories(dir);
    AtomicFiles.write(dir.resolve("reward-quality.json"), BenchJson.RESULTS.writeValueAsString(r).getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(dir.resolve("reward-quality.md"), markdown(r, command).getBytes(StandardCharsets.UTF_8));
  }

  private static void pairsTable(StringBuilder md, String byWhat, List<TaskPairs> pairs) {
    md.append("| task | pair accuracy | ").append(byWhat).append(" |\n|---|---|---|\n");
    for (TaskPairs p : pairs) {
      StringBuilder kinds = new StringBuilder();
      p.byKind().forEach((k, v) -> kinds.append(kinds.length() == 0 ? "" : ", ").append(k).append(String.format(Locale.ROOT, " %.3f", v)));
      md.append(String.format(Locale.ROOT, "| %s | %.3f | %s |%n", p.task(), p.accuracy(), kinds));
    }
  }

  private static String fixed(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }

  static String markdown(Report r, String command) {
    StringBuilder md = new StringBuilder();
    md.append("# Reward quality: ").append(r.reward()).append("\n\n");
    md.append("Measured with `").append(command).append("`.\n\n");
    md.append("## Matching vs minimally wrong prompt, fresh renders (").append(r.pairsPerTask()).append(" pairs per task, seed ").append(r.seed()).append(")\n\n");
    pairsTable(md, "by perturbation", r.pairs());
    if (r.malformedPairs() != null) {
      md.append("\n## Own render vs the same scene with one object malformed, own prompt (").append(r.pairsPerTask()).append(" pairs per task)\n\n");
      pairsTable(md, "by malformation", r.malformedPairs());
    }
    if (r.damagedPairs() != null) {
      md.append("\n## Reconstruction vs the same with one object damaged in code space, own prompt (").append(r.pairsPerTask()).append(" pairs per task)\n\n");
      pairsTable(md, "by damage", r.damagedPairs());
    }
    if (r.auc() != null) {
      md.append("\n## Verifier pass vs fail on generated images (").append(r.generations()).append(")\n\n");
      md.append("| task | passed | failed | AUC | within-prompt AUC (prompts with both) |\n|---|---|---|---|---|\n");
      for (TaskAuc a : r.auc()) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s (%d) |%n", a.task(), a.passed(), a.failed(), fixed(a.auc()), fixed(a.withinPrompt()), a.mixedPrompts()));
      }
    }
    return md.toString();
  }
}
