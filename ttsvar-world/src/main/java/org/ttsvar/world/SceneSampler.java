package org.ttsvar.world;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws a scene that satisfies a prompt spec: exactly the objects its include clauses ask for, in the
 * required colours (others uniform over the ten), placed uniformly without overlap, and with every
 * required relation holding by GenEval's formula with a safety margin. The same spec and seed give
 * the same scene.
 */
public final class SceneSampler {
  private static final int MAX_ATTEMPTS = 10_000;
  private static final int TRIES_PER_OBJECT = 200;

  private final WorldConfig config;

  public SceneSampler(WorldConfig config) {
    this.config = config;
  }

  public SceneSampler() {
    this(WorldConfig.DEFAULT);
  }

  public WorldConfig config() {
    return config;
  }

  /** A scene satisfying {@code spec}, reproducible from {@code seed}. */
  public Scene sample(PromptSpec spec, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Wanted> wanted = new ArrayList<>();
    int[] firstOfClause = new int[spec.include().size()];
    for (int i = 0; i < spec.include().size(); i++) {
      Clause c = spec.include().get(i);
      firstOfClause[i] = wanted.size();
      for (int k = 0; k < c.count(); k++) {
        wanted.add(new Wanted(c.shape(), c.hasColour() ? c.colour() : randomColour(rng), i));
      }
    }
    for (Clause ex : spec.exclude()) {
      long present = wanted.stream().filter(w -> w.shape == ex.shape()).count();
      if (present >= ex.count()) {
        throw new IllegalArgumentException(
            "the spec asks for " + present + " " + ex.shape().plural() + " and excludes " + ex.count() + " or more: no scene satisfies it");
      }
    }
    List<int[]> relations = new ArrayList<>(); // {objectA, objectB, relationOrdinal}
    for (int i = 0; i < spec.include().size(); i++) {
      Clause c = spec.include().get(i);
      if (c.hasPosition()) {
        int target = c.position().target();
        for (int a = 0; a < c.count(); a++) {
          for (int b = 0; b < spec.include().get(target).count(); b++) {
            relations.add(new int[] {firstOfClause[i] + a, firstOfClause[target] + b, c.position().relation().ordinal()});
          }
        }
      }
    }
    return place(wanted, relations, rng);
  }

  /** A free composition of {@code minObjects..maxObjects} random objects (training data beyond the templates). */
  public Scene sampleFree(long seed, int minObjects, int maxObjects) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = minObjects + rng.nextInt(maxObjects - minObjects + 1);
    List<Wanted> wanted = new ArrayList<>();
    ShapeClass[] classes = ShapeClass.values();
    for (int i = 0; i < n; i++) {
      wanted.add(new Wanted(classes[rng.nextInt(classes.length)], randomColour(rng), i));
    }
    return place(wanted, List.of(), rng);
  }

  private Scene place(List<Wanted> wanted, List<int[]> relations, SplittableRandom rng) {
    int n = wanted.size();
    int maxSize = n <= 2 ? config.maxSizeFew() : config.maxSizeMany();
    int canvas = config.canvas();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      List<SceneObject> placed = new ArrayList<>();
      boolean ok = true;
      for (Wanted w : wanted) {
        SceneObject o = null;
        for (int t = 0; t < TRIES_PER_OBJECT && o == null; t++) {
          double size = config.minSize() + rng.nextDouble() * (maxSize - config.minSize());
          double lo = config.margin() + size / 2;
          double hi = canvas - config.margin() - size / 2;
          SceneObject candidate =
              new SceneObject(w.shape, w.colour, jitter(w.colour, rng), lo + rng.nextDouble() * (hi - lo), lo + rng.nextDouble() * (hi - lo), size);
          if (placed.stream().allMatch(p -> separated(p, candidate))) {
            o = candidate;
          }
        }
        if (o == null) {
          ok = false;
          break;
        }
        placed.add(o);
      }
      if (ok && relations.stream().allMatch(r -> holds(placed.get(r[0]), placed.get(r[1]), Relation.values()[r[2]]))) {
        return new Scene(canvas, canvas, config.background(), placed);
      }
    }
    throw new IllegalStateException("could not place " + n + " objects satisfying the spec in " + MAX_ATTEMPTS + " attempts");
  }

  private boolean separated(SceneObject a, SceneObject b) {
    double g = config.gap();
    return a.right() + g <= b.left() || b.right() + g <= a.left() || a.bottom() + g <= b.top() || b.bottom() + g <= a.top();
  }

  /** GenEval's relation test on the objects' tight boxes, with the configured margin past 0.5. */
  private boolean holds(SceneObject a, SceneObject b, Relation relation) {
    double[] ba = tightBox(a);
    double[] bb = tightBox(b);
    double[] d = PositionRule.normalizedOffset(ba, bb);
    if (d == null) {
      return false;
    }
    double t = 0.5 + config.relationMargin();
    return switch (relation) {
      case LEFT_OF -> d[0] < -t;
      case RIGHT_OF -> d[0] > t;
      case ABOVE -> d[1] < -t;
      case BELOW -> d[1] > t;
    };
  }

  /** The object's drawn extent {x1, y1, x2, y2} in pixels. */
  public static double[] tightBox(SceneObject o) {
    double[] e = ShapeGeometry.extent(o.shape());
    double half = o.size() / 2;
    return new double[] {o.centreX() + e[0] * half, o.centreY() + e[2] * half, o.centreX() + e[1] * half, o.centreY() + e[3] * half};
  }

  private static Colour randomColour(SplittableRandom rng) {
    Colour[] all = Colour.values();
    return all[rng.nextInt(all.length)];
  }

  private int jitter(Colour c, SplittableRandom rng) {
    int j = config.colourJitter();
    int rgb = c.rgb();
    int out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      int v = (rgb >> shift) & 0xff;
      v = Math.max(0, Math.min(255, v + (j == 0 ? 0 : rng.nextInt(2 * j + 1) - j)));
      out |= v << shift;
    }
    return out;
  }

  private record Wanted(ShapeClass shape, Colour colour, int clause) {}
}
