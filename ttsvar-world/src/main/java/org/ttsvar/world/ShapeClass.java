package org.ttsvar.world;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The object classes of the shapes world, GenEval's "COCO classes" here. Each has a singular noun
 * and a plural formed by GenEval's rule (+"es" after a final s, else +"s").
 */
public enum ShapeClass {
  CIRCLE("circle"),
  SQUARE("square"),
  TRIANGLE("triangle"),
  DIAMOND("diamond"),
  STAR("star"),
  HEART("heart"),
  CROSS("cross"),
  RING("ring"),
  ARROW("arrow");

  private final String noun;

  ShapeClass(String noun) {
    this.noun = noun;
  }

  /** The singular noun used in prompts and metadata, e.g. {@code "cross"}. */
  public String noun() {
    return noun;
  }

  /** GenEval's plural: +"es" after a final 's', otherwise +"s" ({@code crosses}, {@code circles}). */
  public String plural() {
    return Grammar.plural(noun);
  }

  public static Optional<ShapeClass> fromNoun(String noun) {
    return Arrays.stream(values()).filter(c -> c.noun.equals(noun)).findFirst();
  }

  public static Optional<ShapeClass> fromPlural(String plural) {
    return Arrays.stream(values()).filter(c -> c.plural().equals(plural)).findFirst();
  }

  /** Parses a metadata class name, failing with the list of known names. */
  public static ShapeClass parse(String noun) {
    return fromNoun(noun)
        .orElseThrow(
            () -> new BadInputException("unknown object class '" + Messages.quote(noun, 40) + "'; known: " + nouns()));
  }

  public static List<String> nouns() {
    return Arrays.stream(values()).map(ShapeClass::noun).toList();
  }
}
