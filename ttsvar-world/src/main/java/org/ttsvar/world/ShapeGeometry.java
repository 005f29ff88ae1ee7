package org.ttsvar.world;

/**
 * The outline of each class as an inside test in box coordinates: u and v run from −1 to 1 across
 * the object's bounding square, v pointing down. Every shape touches at least two opposite sides of
 * the square, so the square is the object's extent along its longer axis.
 */
public final class ShapeGeometry {
  private static final double[][] STAR = starPolygon(5, 1.0, 0.5);
  private static final double[][] TRIANGLE = fit(new double[][] {{0, -1}, {1, 0.732}, {-1, 0.732}});
  private static final double[][] ARROW_HEAD = {{0.05, -0.8}, {1, 0}, {0.05, 0.8}};

  private static final java.util.Map<ShapeClass, double[]> EXTENTS = measureExtents();

  private ShapeGeometry() {}

  /**
   * The tight extent of the shape inside its box, {@code {uMin, uMax, vMin, vMax}} in box
   * coordinates, measured once on a fine grid. A triangle, for example, is shorter than wide.
   */
  public static double[] extent(ShapeClass shape) {
    return EXTENTS.get(shape).clone();
  }

  private static java.util.Map<ShapeClass, double[]> measureExtents() {
    java.util.Map<ShapeClass, double[]> out = new java.util.EnumMap<>(ShapeClass.class);
    int n = 400;
    for (ShapeClass s : ShapeClass.values()) {
      double[] e = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
      for (int i = 0; i <= n; i++) {
        double v = -1 + 2.0 * i / n;
        for (int j = 0; j <= n; j++) {
          double u = -1 + 2.0 * j / n;
          if (inside(s, u, v)) {
            e[0] = Math.min(e[0], u);
            e[1] = Math.max(e[1], u);
            e[2] = Math.min(e[2], v);
            e[3] = Math.max(e[3], v);
          }
        }
      }
      out.put(s, e);
    }
    return out;
  }

  public static boolean inside(ShapeClass shape, double u, double v) {
    return switch (shape) {
      case CIRCLE -> u * u + v * v <= 1;
      case SQUARE -> Math.abs(u) <= 0.9 && Math.abs(v) <= 0.9;
      case TRIANGLE -> inPolygon(TRIANGLE, u, v);
      case DIAMOND -> Math.abs(u) / 0.85 + Math.abs(v) <= 1;
      case STAR -> inPolygon(STAR, u, v);
      case HEART -> inHeart(u, v);
      case CROSS -> (Math.abs(u) <= 0.32 && Math.abs(v) <= 1) || (Math.abs(v) <= 0.32 && Math.abs(u) <= 1);
      case RING -> {
        double r2 = u * u + v * v;
        yield r2 <= 1 && r2 >= 0.5 * 0.5;
      }
      case ARROW -> (Math.abs(v) <= 0.26 && u >= -1 && u <= 0.1) || inPolygon(ARROW_HEAD, u, v);
    };
  }

  /** The classic heart curve (x²+y²−1)³ − x²y³ ≤ 0, scaled to the box (y up in the curve's frame). */
  private static boolean inHeart(double u, double v) {
    double x = u * 1.139;
    double y = 0.118 - v * 1.118;
    double a = x * x + y * y - 1;
    return a * a * a - x * x * y * y * y <= 0;
  }

  private static double[][] starPolygon(int points, double outer, double inner) {
    double[][] p = new double[points * 2][];
    for (int k = 0; k < points * 2; k++) {
      double r = k % 2 == 0 ? outer : inner;
      double angle = -Math.PI / 2 + Math.PI * k / points;
      p[k] = new double[] {r * Math.cos(angle), r * Math.sin(angle)};
    }
    return fit(p);
  }

  /** Scales and centres a polygon so that its longer extent spans [−1, 1]. */
  private static double[][] fit(double[][] poly) {
    double minU = Double.MAX_VALUE, maxU = -Double.MAX_VALUE, minV = Double.MAX_VALUE, maxV = -Double.MAX_VALUE;
    for (double[] p : poly) {
      minU = Math.min(minU, p[0]);
      maxU = Math.max(maxU, p[0]);
      minV = Math.min(minV, p[1]);
      maxV = Math.max(maxV, p[1]);
    }
    double half = Math.max(maxU - minU, maxV - minV) / 2;
    double cu = (minU + maxU) / 2;
    double cv = (minV + maxV) / 2;
    double[][] out = new double[poly.length][];
    for (int i = 0; i < poly.length; i++) {
      out[i] = new double[] {(poly[i][0] - cu) / half, (poly[i][1] - cv) / half};
    }
    return out;
  }

  /** Even-odd rule point-in-polygon test. */
  private static boolean inPolygon(double[][] poly, double u, double v) {
    boolean in = false;
    for (int i = 0, j = poly.length - 1; i < poly.length; j = i++) {
      double ui = poly[i][0], vi = poly[i][1], uj = poly[j][0], vj = poly[j][1];
      if ((vi > v) != (vj > v) && u < (uj - ui) * (v - vi) / (vj - vi) + ui) {
        in = !in;
      }
    }
    return in;
  }
}
