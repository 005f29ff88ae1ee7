package org.ttsvar.models.data;

import java.util.EnumSet;
import java.util.Set;
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
    shapes = shapes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(shapes));
    if (!(share >= 0 && share <= 1) || (share > 0 && shapes.isEmpty())) {
      throw new IllegalArgumentException("a shape focus needs a share in [0, 1] and at least one shape, got " + share + " of " + shapes);
    }
  }

  public boolean isOn() {
    return share > 0;
  }
}
