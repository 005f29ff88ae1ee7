package org.ttsvar.models.embedded.data;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.ShapeClass;

/**
 * Training data weighted toward some shapes: a share of the prompt scenes is redrawn within its
 * task until the prompt names one of the shapes (see {@link WorldSamples}).
 *
 * @param shapes the shapes to see more often
 * @param share the share of prompt scenes redrawn, in [0, 1]; 0 is the plain data stream
 */
public record ShapeFocus(Set<ShapeClass> shapes, double share) {
  public static final ShapeFocus NONE = new ShapeFocus(Set.of(), 0.0);

  public ShapeFocus {
    shapes = Set.copyOf(shapes);
    if (!(share >= 0 && share <= 1) || (share > 0 && shapes.isEmpty())) {
      throw new BadInputException("a shape focus needs a share in [0, 1] and at least one shape, got " + share + " of " + shapes);
    }
  }

  /** Reads {@code star,cross,arrow=0.5}: the shapes by their nouns, then the share of redrawn prompt scenes, in (0, 1]. */
  public static ShapeFocus parse(String text) {
    int eq = text.lastIndexOf('=');
    String usage = " (the shapes' nouns and a share in (0, 1], e.g. star,cross,arrow=0.5)";
    if (eq < 0) {
      throw new BadInputException("'" + text + "' has no share" + usage);
    }
    double share;
    try {
      share = Double.parseDouble(text.substring(eq + 1).trim());
    } catch (NumberFormatException e) {
      throw new BadInputException("'" + text.substring(eq + 1) + "' is not a number" + usage);
    }
    if (!(share > 0 && share <= 1)) {
      throw new BadInputException("the share must be in (0, 1], got " + share + usage);
    }
    Set<ShapeClass> shapes = EnumSet.noneOf(ShapeClass.class);
    for (String noun : text.substring(0, eq).split(",")) {
      shapes.add(
          ShapeClass.fromNoun(noun.trim())
              .orElseThrow(
                  () -> new BadInputException(
                      "unknown shape '" + noun.trim() + "'; known: " + Arrays.stream(ShapeClass.values()).map(ShapeClass::noun).collect(Collectors.joining(", ")))));
    }
    return new ShapeFocus(shapes, share);
  }

  public boolean isOn() {
    return share > 0;
  }
}
