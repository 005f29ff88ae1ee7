package org.ttsvar.world;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * GenEval's prompt-set procedure on the shapes world: single_object once per class (in a random
 * order), then {@code drawsPerTask} draws for each other task in GenEval's order, duplicates (equal
 * metadata) removed keeping the first. GenEval uses numpy's generator with seed 43; we use
 * {@link SplittableRandom} with the same default seed, so the procedure is the same but the draws
 * are our own.
 */
public final class PromptSetGenerator {
  public static final long DEFAULT_SEED = 43;
  public static final int DEFAULT_DRAWS_PER_TASK = 100;

  private PromptSetGenerator() {}

  /**
   * The most draws per task: the world has a few thousand distinct prompts per task, so more draws
   * only cost time (about a second per million).
   */
  public static final int MAX_DRAWS_PER_TASK = 1_000_000;

  public static List<PromptSpec> generate(long seed, int drawsPerTask) {
    if (drawsPerTask < 1 || drawsPerTask > MAX_DRAWS_PER_TASK) {
      throw new BadInputException("draws per task must be in [1, " + MAX_DRAWS_PER_TASK + "] (the world has a few thousand distinct prompts per task), got " + drawsPerTask);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    // duplicates removed as they come (the first draw keeps its place), so memory stays with the distinct prompts
    LinkedHashSet<PromptSpec> all = new LinkedHashSet<>();
    for (ShapeClass c : permutation(ShapeClass.values(), rng)) {
      all.add(Grammar.singleObject(c));
    }
    for (Task task : List.of(Task.TWO_OBJECT, Task.COUNTING, Task.COLORS, Task.POSITION, Task.COLOR_ATTR)) {
      for (int i = 0; i < drawsPerTask; i++) {
        all.add(draw(task, rng));
      }
    }
    return List.copyOf(all);
  }

  /** One random prompt of the given task, drawn as GenEval draws it. */
  public static PromptSpec draw(Task task, SplittableRandom rng) {
    ShapeClass[] classes = ShapeClass.values();
    Colour[] colours = Colour.values();
    Relation[] relations = Relation.values();
    return switch (task) {
      case SINGLE_OBJECT -> Grammar.singleObject(classes[rng.nextInt(classes.length)]);
      case TWO_OBJECT -> {
        int[] ab = twoDistinct(classes.length, rng);
        yield Grammar.twoObject(classes[ab[0]], classes[ab[1]]);
      }
      case COUNTING -> {
        ShapeClass c = classes[rng.nextInt(classes.length)];
        yield Grammar.counting(c, Grammar.MIN_COUNT + rng.nextInt(Grammar.MAX_COUNT - Grammar.MIN_COUNT + 1));
      }
      case COLORS -> {
        ShapeClass c = classes[rng.nextInt(classes.length)];
        yield Grammar.colors(colours[rng.nextInt(colours.length)], c);
      }
      case POSITION -> {
        int[] ab = twoDistinct(classes.length, rng);
        yield Grammar.position(classes[ab[0]], relations[rng.nextInt(relations.length)], classes[ab[1]]);
      }
      case COLOR_ATTR -> {
        int[] ab = twoDistinct(classes.length, rng);
        int[] cc = twoDistinct(colours.length, rng);
        yield Grammar.colorAttr(colours[cc[0]], classes[ab[0]], colours[cc[1]], classes[ab[1]]);
      }
    };
  }

  private static int[] twoDistinct(int n, SplittableRandom rng) {
    int a = rng.nextInt(n);
    int b = rng.nextInt(n - 1);
    if (b >= a) {
      b++;
    }
    return new int[] {a, b};
  }

  private static <T> List<T> permutation(T[] items, SplittableRandom rng) {
    List<T> out = new ArrayList<>(Arrays.asList(items));
    for (int i = out.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      T t = out.get(i);
      out.set(i, out.get(j));
      out.set(j, t);
    }
    return out;
  }
}
