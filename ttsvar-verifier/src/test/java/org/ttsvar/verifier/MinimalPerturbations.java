package org.ttsvar.verifier;

import java.util.ArrayList;
import java.util.List;
import org.ttsvar.world.Clause;
import org.ttsvar.world.Colour;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Relation;
import org.ttsvar.world.ShapeClass;
import org.ttsvar.world.Task;

/**
 * Every minimally wrong prompt for a spec: one change that makes it false of any scene drawn for the
 * spec (whose objects are exactly the spec's). Issue 2's kinds: count ±1, another colour, the
 * opposite relation, another object, swapped colours. Exhaustive rather than sampled, so the
 * rejection rate covers every alternative.
 */
final class MinimalPerturbations {
  enum Kind {
    COUNT,
    COLOUR,
    RELATION,
    OBJECT,
    SWAP_COLOURS
  }

  record Perturbed(Kind kind, PromptSpec spec) {}

  private MinimalPerturbations() {}

  static List<Perturbed> of(PromptSpec spec) {
    List<Perturbed> out = new ArrayList<>();
    List<Clause> inc = spec.include();
    switch (spec.task()) {
      case SINGLE_OBJECT -> {
        for (ShapeClass o : others(inc.get(0).shape())) {
          out.add(new Perturbed(Kind.OBJECT, Grammar.singleObject(o)));
        }
      }
      case TWO_OBJECT -> {
        ShapeClass a = inc.get(0).shape(), b = inc.get(1).shape();
        for (ShapeClass o : others(a, b)) {
          out.add(new Perturbed(Kind.OBJECT, Grammar.twoObject(o, b)));
          out.add(new Perturbed(Kind.OBJECT, Grammar.twoObject(a, o)));
        }
      }
      case COUNTING -> {
        ShapeClass s = inc.get(0).shape();
        int n = inc.get(0).count();
        // n ± 1 in GenEval's counting metadata (include ≥ m, exclude ≥ m + 1), also where m leaves 2..4
        for (int m : new int[] {n - 1, n + 1}) {
          out.add(new Perturbed(Kind.COUNT, new PromptSpec(Task.COUNTING, List.of(Clause.of(s, m)), List.of(Clause.of(s, m + 1)), "a photo of " + m + " " + s.plural())));
        }
        for (ShapeClass o : others(s)) {
          out.add(new Perturbed(Kind.OBJECT, Grammar.counting(o, n)));
        }
      }
      case COLORS -> {
        Clause c = inc.get(0);
        for (Colour k : others(c.colour())) {
          out.add(new Perturbed(Kind.COLOUR, Grammar.colors(k, c.shape())));
        }
        for (ShapeClass o : others(c.shape())) {
          out.add(new Perturbed(Kind.OBJECT, Grammar.colors(c.colour(), o)));
        }
      }
      case POSITION -> {
        ShapeClass b = inc.get(0).shape(), a = inc.get(1).shape();
        Relation rel = inc.get(1).position().relation();
        out.add(new Perturbed(Kind.RELATION, Grammar.position(a, rel.opposite(), b)));
        for (ShapeClass o : others(a, b)) {
          out.add(new Perturbed(Kind.OBJECT, Grammar.position(o, rel, b)));
          out.add(new Perturbed(Kind.OBJECT, Grammar.position(a, rel, o)));
        }
      }
      case COLOR_ATTR -> {
        Clause a = inc.get(0), b = inc.get(1);
        out.add(new Perturbed(Kind.SWAP_COLOURS, Grammar.colorAttr(b.colour(), a.shape(), a.colour(), b.shape())));
        for (Colour k : others(a.colour(), b.colour())) {
          out.add(new Perturbed(Kind.COLOUR, Grammar.colorAttr(k, a.shape(), b.colour(), b.shape())));
          out.add(new Perturbed(Kind.COLOUR, Grammar.colorAttr(a.colour(), a.shape(), k, b.shape())));
        }
        for (ShapeClass o : others(a.shape(), b.shape())) {
          out.add(new Perturbed(Kind.OBJECT, Grammar.colorAttr(a.colour(), o, b.colour(), b.shape())));
          out.add(new Perturbed(Kind.OBJECT, Grammar.colorAttr(a.colour(), a.shape(), b.colour(), o)));
        }
      }
    }
    return out;
  }

  private static List<ShapeClass> others(ShapeClass... not) {
    List<ShapeClass> out = new ArrayList<>(List.of(ShapeClass.values()));
    out.removeAll(List.of(not));
    return out;
  }

  private static List<Colour> others(Colour... not) {
    List<Colour> out = new ArrayList<>(List.of(Colour.values()));
    out.removeAll(List.of(not));
    return out;
  }
}
