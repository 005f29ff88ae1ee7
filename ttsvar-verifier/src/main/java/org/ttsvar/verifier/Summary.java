package org.ttsvar.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Task;

/**
 * GenEval's summary of a set of image results: accuracy per task over images, the overall score as
 * the unweighted mean of the task accuracies present (GenEval's "avg. over tasks"), and counts.
 *
 * @param tasks per task present, its image count and correct count, in GenEval's task order
 * @param overall mean of the present tasks' accuracies (0 when there are none)
 * @param images number of images
 * @param prompts number of distinct prompts
 * @param promptsWithACorrectImage prompts with at least one correct image (GenEval's "% correct prompts")
 */
public record Summary(Map<Task, TaskScore> tasks, double overall, int images, int prompts, int promptsWithACorrectImage) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One task's tally. */
  public record TaskScore(int images, int correct) {
    public double accuracy() {
      return images == 0 ? 0 : (double) correct / images;
    }
  }

  public Summary {
    EnumMap<Task, TaskScore> ordered = new EnumMap<>(Task.class);
    ordered.putAll(tasks);
    tasks = java.util.Collections.unmodifiableMap(ordered);
  }

  public static Summary of(Collection<ImageResult> results) {
    Map<Task, int[]> tally = new EnumMap<>(Task.class);
    Map<PromptSpec, Boolean> anyCorrect = new HashMap<>();
    for (ImageResult r : results) {
      int[] t = tally.computeIfAbsent(r.spec().task(), k -> new int[2]);
      t[0]++;
      t[1] += r.correct() ? 1 : 0;
      anyCorrect.merge(r.spec(), r.correct(), Boolean::logicalOr);
    }
    Map<Task, TaskScore> tasks = new EnumMap<>(Task.class);
    tally.forEach((task, t) -> tasks.put(task, new TaskScore(t[0], t[1])));
    double overall = tasks.values().stream().mapToDouble(TaskScore::accuracy).average().orElse(0);
    int correctPrompts = (int) anyCorrect.values().stream().filter(b -> b).count();
    return new Summary(tasks, overall, results.size(), anyCorrect.size(), correctPrompts);
  }

  /** {@code {"overall": x, "tasks": {"single_object": x, …}, "images": n}}, tasks in GenEval's order. */
  public String toJsonLine() {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("overall", overall);
    ObjectNode t = o.putObject("tasks");
    tasks.forEach((task, score) -> t.put(task.tag(), score.accuracy()));
    o.put("images", images);
    return o.toString();
  }
}
