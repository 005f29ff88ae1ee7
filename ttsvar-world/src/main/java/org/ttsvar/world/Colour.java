package org.ttsvar.world;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * GenEval's ten colour names, in GenEval's order, with the canonical RGB the renderer paints. The
 * sampler jitters each object's colour a little around the canonical value so that models cannot
 * key on exact pixel values.
 */
public enum Colour {
  RED("red", 215, 35, 35),
  ORANGE("orange", 250, 135, 20),
  YELLOW("yellow", 245, 220, 30),
  GREEN("green", 35, 155, 55),
  BLUE("blue", 35, 75, 215),
  PURPLE("purple", 130, 45, 175),
  PINK("pink", 250, 140, 200),
  BROWN("brown", 115, 65, 25),
  BLACK("black", 20, 20, 20),
  WHITE("white", 250, 250, 250);

  private final String word;
  private final int red;
  private final int green;
  private final int blue;

  Colour(String word, int red, int green, int blue) {
    this.word = word;
    this.red = red;
    this.green = green;
    this.blue = blue;
  }

  public String word() {
    return word;
  }

  /** Canonical colour packed as 0xRRGGBB. */
  public int rgb() {
    return (red << 16) | (green << 8) | blue;
  }

  public static Optional<Colour> fromWord(String word) {
    return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst();
  }

  /** Parses a metadata colour name, failing with the list of known names. */
  public static Colour parse(String word) {
    return fromWord(word)
        .orElseThrow(() -> new BadInputException("unknown colour '" + Messages.quote(word, 40) + "'; known: " + words()));
  }

  public static List<String> words() {
    return Arrays.stream(values()).map(Colour::word).toList();
  }
}
