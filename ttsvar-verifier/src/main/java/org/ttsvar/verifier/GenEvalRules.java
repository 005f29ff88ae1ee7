package org.ttsvar.verifier;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.ttsvar.world.Clause;
import org.ttsvar.world.Colour;
import org.ttsvar.world.PositionRule;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Relation;
import org.ttsvar.world.ShapeClass;
import org.ttsvar.world.Task;

/**
 * GenEval's scoring rules ({@code evaluate()} of {@code evaluation/evaluate_images.py}), clause by
 * clause:
 *
 * <ul>
 *   <li>detections are kept when their confidence exceeds {@value #THRESHOLD} ({@value
 *       #COUNTING_THRESHOLD} for counting prompts), at most {@value #MAX_OBJECTS} per class, most
 *       confident first;
 *   <li>include clauses are ANDed: each needs at least {@code count} kept detections of its class;
 *       its colour and position are judged on the top-{@code count} of them;
 *   <li>{@code position: [rel, target]}: every one of those objects must stand in {@code rel} to
 *       every object of include[target]'s matched group ({@link PositionRule}); a target clause that
 *       failed (or that comes later, which GenEval's metadata never does) leaves no target;
 *   <li>an exclude clause fails the image when {@code count} or more detections of its class are kept.
 * </ul>
 *
 * Failure reasons use GenEval's wording, joined by new lines.
 */
public final class GenEvalRules {
  public static final double THRESHOLD = 0.3;
  public static final double COUNTING_THRESHOLD = 0.9;
  public static final int MAX_OBJECTS = 16;

  private GenEvalRules() {}

  /** The confidence a detection must exceed to count for a prompt of this task. */
  public static double threshold(Task task) {
    return task == Task.COUNTING ? COUNTING_THRESHOLD : THRESHOLD;
  }

  /** GenEval's kept detections per class: above the task's threshold, most confident first, at most 16. */
  public static Map<ShapeClass, List<Detection>> keep(List<Detection> detections, Task task) {
    double threshold = threshold(task);
    Map<ShapeClass, List<Detection>> out = new EnumMap<>(ShapeClass.class);
    detections.stream()
        .filter(d -> d.confidence() > threshold)
        .sorted(Detection.BY_CONFIDENCE)
        .forEach(
            d -> {
              List<Detection> list = out.computeIfAbsent(d.shape(), k -> new ArrayList<>());
              if (list.size() < MAX_OBJECTS) {
                list.add(d);
              }
            });
    return out;
  }

  /** Judges an image's detections against a prompt's metadata. */
  public static Verdict evaluate(PromptSpec spec, List<Detection> detections) {
    Map<ShapeClass, List<Detection>> objects = keep(detections, spec.task());
    boolean correct = true;
    List<String> reasons = new ArrayList<>();
    List<List<Detection>> matchedGroups = new ArrayList<>();
    for (Clause req : spec.include()) {
      String name = req.shape().noun();
      List<Detection> all = objects.getOrDefault(req.shape(), List.of());
      List<Detection> found = all.subList(0, Math.min(req.count(), all.size()));
      boolean matched = true;
      if (found.size() < req.count()) {
        correct = matched = false;
        reasons.add("expected " + name + ">=" + req.count() + ", found " + found.size());
      } else {
        if (req.hasColour()) {
          Map<Colour, Long> colours = found.stream().collect(Collectors.groupingBy(Detection::colour, () -> new EnumMap<>(Colour.class), Collectors.counting()));
          long right = colours.getOrDefault(req.colour(), 0L);
          if (right < req.count()) {
            correct = matched = false;
            String word = req.colour().word();
            reasons.add(
                "expected " + word + " " + name + ">=" + req.count() + ", found " + right + " " + word + "; and "
                    + colours.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().word()).collect(Collectors.joining(", ")));
          }
        }
        if (req.hasPosition() && matched) {
          Relation expected = req.position().relation();
          int target = req.position().target();
          List<Detection> targets = target < matchedGroups.size() ? matchedGroups.get(target) : null;
          if (targets == null) {
            correct = matched = false;
            reasons.add("no target for " + name + " to be " + expected.phrase());
          } else {
            outer:
            for (Detection obj : found) {
              for (Detection t : targets) {
                Set<Relation> actual = PositionRule.relations(obj.box().toArray(), t.box().toArray());
                if (!actual.contains(expected)) {
                  correct = matched = false;
                  reasons.add(
                      "expected " + name + " " + expected.phrase() + " target, found "
                          + actual.stream().map(Relation::phrase).collect(Collectors.joining(" and ")) + " target");
                  break outer;
                }
              }
            }
          }
        }
      }
      matchedGroups.add(matched ? found : null);
    }
    for (Clause req : spec.exclude()) {
      int present = objects.getOrDefault(req.shape(), List.of()).size();
      if (present >= req.count()) {
        correct = false;
        reasons.add("expected " + req.shape().noun() + "<" + req.count() + ", found " + present);
      }
    }
    return new Verdict(correct, String.join("\n", reasons));
  }
}
