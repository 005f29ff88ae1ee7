package org.ttsvar.world;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Minimally wrong prompts: one change to a prompt that makes it false of every scene satisfying the
 * original (whose objects are exactly the original's). The kinds are GenEval's failure modes: count
 * ±1, another colour, the opposite relation, another object, swapped colours.
 */
public final class Perturbations {
  /** The kinds of change. */
  public enum Kind {
    COUNT,
    COLOUR,
    RELATION,
    OBJECT,
    SWAP_COLOURS
  }

  /** A perturbed prompt and what was changed. */
  public record Perturbed(Kind kind, PromptSpec spec) {}

  private Perturbations() {}

  /** The kinds that apply to a task. */
  public static List<Kind> kindsFor(Task task) {
    return switch (task) {
      case SINGLE_OBJECT, TWO_OBJECT -> List.of(Kind.OBJECT);
      case COUNTING -> List.of(Kind.COUNT, Kind.OBJECT);
      case COLORS -> List.of(Kind.COLOUR, Kind.OBJECT);
      case POSITION -> List.of(Kind.RELATION, Kind.OBJECT);
      case COLOR_ATTR -> List.of(Kind.SWAP_COLOURS, Kind.COLOUR, Kind.OBJECT);
    };
  }

  /** A random applicable perturbation of a prompt built by {@link Grammar} (one of the six templates). */
  public static Perturbed random(PromptSpec spec, SplittableRandom rng) {
    List<Kind> kinds = kindsFor(spec.task());
    Kind kind = kinds.get(rng.nextInt(kinds.size()));
    return new Perturbed(kind, apply(spec, kind, rng));
  }

  /** Applies one kind of change; the random choices (which object, which colour) come from rng. */
  public static PromptSpec apply(PromptSpec spec, Kind kind, SplittableRandom rng) {
    if (!kindsFor(spec.task()).contains(kind)) {
      throw new IllegalArgumentException(kind + " does not apply to " + spec.task().tag() + " prompts");
    }
    List<Clause> inc = spec.include();
    return switch (spec.task()) {
      case SINGLE_OBJECT -> Grammar.singleObject(otherShape(rng, inc.get(0).shape()));
      case TWO_OBJECT -> {
        ShapeClass a = inc.get(0).shape(), b = inc.get(1).shape();
        yield rng.nextBoolean() ? Grammar.twoObject(otherShape(rng, a, b), b) : Grammar.twoObject(a, otherShape(rng, a, b));
      }
      case COUNTING -> {
        ShapeClass s = inc.get(0).shape();
        int n = inc.get(0).count();
        if (kind == Kind.OBJECT) {
          yield Grammar.counting(otherShape(rng, s), n);
        }
        int m = n == Grammar.MIN_COUNT ? n + 1 : n == Grammar.MAX_COUNT ? n - 1 : (rng.nextBoolean() ? n + 1 : n - 1);
        yield Grammar.counting(s, m);
      }
      case COLORS -> {
        Clause c = inc.get(0);
        yield kind == Kind.COLOUR ? Grammar.colors(otherColour(rng, c.colour()), c.shape()) : Grammar.colors(c.colour(), otherShape(rng, c.shape()));
      }
      case POSITION -> {
        // include[0] is B, include[1] is A with the relation
        ShapeClass b = inc.get(0).shape(), a = inc.get(1).shape();
        Relation rel = inc.get(1).position().relation();
        if (kind == Kind.RELATION) {
          yield Grammar.position(a, rel.opposite(), b);
        }
        yield rng.nextBoolean() ? Grammar.position(otherShape(rng, a, b), rel, b) : Grammar.position(a, rel, otherShape(rng, a, b));
      }
      case COLOR_ATTR -> {
        Clause a = inc.get(0), b = inc.get(1);
        yield switch (kind) {
          case SWAP_COLOURS -> Grammar.colorAttr(b.colour(), a.shape(), a.colour(), b.shape());
          case COLOUR -> rng.nextBoolean()
              ? Grammar.colorAttr(otherColour(rng, a.colour(), b.colour()), a.shape(), b.colour(), b.shape())
              : Grammar.colorAttr(a.colour(), a.shape(), otherColour(rng, a.colour(), b.colour()), b.shape());
          default -> rng.nextBoolean()
              ? Grammar.colorAttr(a.colour(), otherShape(rng, a.shape(), b.shape()), b.colour(), b.shape())
              : Grammar.colorAttr(a.colour(), a.shape(), b.colour(), otherShape(rng, a.shape(), b.shape()));
        };
      }
    };
  }

  private static ShapeClass otherShape(SplittableRandom rng, ShapeClass... not) {
    List<ShapeClass> options = new ArrayList<>(List.of(ShapeClass.values()));
    options.removeAll(List.of(not));
    return options.get(rng.nextInt(options.size()));
  }

  private static Colour otherColour(SplittableRandom rng, Colour... not) {
    List<Colour> options = new ArrayList<>(List.of(Colour.values()));
    options.removeAll(List.of(not));
    return options.get(rng.nextInt(options.size()));
  }
}
