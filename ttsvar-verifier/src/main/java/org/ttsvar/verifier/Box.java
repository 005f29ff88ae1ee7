package org.ttsvar.verifier;

/**
 * An axis-aligned pixel box, GenEval's {@code [x1, y1, x2, y2]} with y pointing down. {@code x2} and
 * {@code y2} are exclusive pixel edges, so {@code width = x2 − x1}; the box of a single pixel (x, y)
 * is {@code (x, y, x + 1, y + 1)}.
 */
public record Box(int x1, int y1, int x2, int y2) {
  public Box {
    if (x2 <= x1 || y2 <= y1) {
      throw new IllegalArgumentException("a box needs x1 < x2 and y1 < y2, got [" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]");
    }
  }

  public int width() {
    return x2 - x1;
  }

  public int height() {
    return y2 - y1;
  }

  /** {x1, y1, x2, y2} as doubles, the form {@link org.ttsvar.world.PositionRule} takes. */
  public double[] toArray() {
    return new double[] {x1, y1, x2, y2};
  }
}
