package org.ttsvar.world;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** GenEval's spatial relations of object A relative to object B (image y axis points down). */
public enum Relation {
  LEFT_OF("left of"),
  RIGHT_OF("right of"),
  ABOVE("above"),
  BELOW("below");

  private final String phrase;

  Relation(String phrase) {
    this.phrase = phrase;
  }

  public String phrase() {
    return phrase;
  }

  /** The relation that holds of B relative to A when this one holds of A relative to B. */
  public Relation opposite() {
    return switch (this) {
      case LEFT_OF -> RIGHT_OF;
      case RIGHT_OF -> LEFT_OF;
      case ABOVE -> BELOW;
      case BELOW -> ABOVE;
    };
  }

  public static Optional<Relation> fromPhrase(String phrase) {
    return Arrays.stream(values()).filter(r -> r.phrase.equals(phrase)).findFirst();
  }

  public static Relation parse(String phrase) {
    return fromPhrase(phrase)
        .orElseThrow(
            () -> new BadInputException("unknown relation '" + Messages.quote(phrase, 40) + "'; known: " + phrases()));
  }

  public static List<String> phrases() {
    return Arrays.stream(values()).map(Relation::phrase).toList();
  }
}
