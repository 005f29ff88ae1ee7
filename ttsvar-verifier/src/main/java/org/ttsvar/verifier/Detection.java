package org.ttsvar.verifier;

import java.util.Comparator;
import java.util.Objects;
import org.ttsvar.world.Colour;
import org.ttsvar.world.ShapeClass;

/**
 * One detected object: its class, its colour name, its box and how sure the detector is that this
 * is an object of that class (in [0, 1]; GenEval keeps detections above 0.3, above 0.9 for counting).
 */
public record Detection(ShapeClass shape, Colour colour, Box box, double confidence) {

  /** Most confident first; ties broken by position (top, then left) so that the order is deterministic. */
  public static final Comparator<Detection> BY_CONFIDENCE =
      Comparator.comparingDouble(Detection::confidence)
          .reversed()
          .thenComparingInt(d -> d.box().y1())
          .thenComparingInt(d -> d.box().x1());

  public Detection {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(colour, "colour");
    Objects.requireNonNull(box, "box");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
    }
  }
}
