package org.ttsvar.verifier;

import org.ttsvar.world.Colour;

/**
 * Names a colour: the nearest of GenEval's ten colours in CIELAB (ΔE 1976), with the prototypes taken
 * from the canonical RGB of {@link Colour}. CIELAB rather than RGB because its distances follow
 * perceived differences, so dark colours (brown, black) are not crowded together.
 */
final class ColourNames {
  private static final double[] LINEAR = new double[256];
  private static final Colour[] COLOURS = Colour.values();
  private static final double[][] PROTOTYPES = new double[COLOURS.length][];

  static {
    for (int i = 0; i < 256; i++) {
      double c = i / 255.0;
      LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
    for (int k = 0; k < COLOURS.length; k++) {
      int rgb = COLOURS[k].rgb();
      PROTOTYPES[k] = lab((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
    }
  }

  private ColourNames() {}

  /** The nearest named colour to an 8-bit sRGB triple. */
  static Colour nearest(int r, int g, int b) {
    double[] lab = lab(r, g, b);
    Colour best = null;
    double bestD = Double.MAX_VALUE;
    for (int k = 0; k < COLOURS.length; k++) {
      double d = squared(lab, PROTOTYPES[k]);
      if (d < bestD) {
        bestD = d;
        best = COLOURS[k];
      }
    }
    return best;
  }

  static Colour nearest(int rgb) {
    return nearest((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
  }

  /** ΔE 1976 between two 8-bit sRGB colours packed as 0xRRGGBB. */
  static double deltaE(int rgbA, int rgbB) {
    return Math.sqrt(
        squared(
            lab((rgbA >> 16) & 0xff, (rgbA >> 8) & 0xff, rgbA & 0xff),
            lab((rgbB >> 16) & 0xff, (rgbB >> 8) & 0xff, rgbB & 0xff)));
  }

  /** CIELAB (D65 white) of an 8-bit sRGB triple. */
  static double[] lab(int r, int g, int b) {
    double lr = LINEAR[r], lg = LINEAR[g], lb = LINEAR[b];
    double x = (0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / 0.95047;
    double y = 0.2126729 * lr + 0.7151522 * lg + 0.0721750 * lb;
    double z = (0.0193339 * lr + 0.1191920 * lg + 0.9503041 * lb) / 1.08883;
    double fx = f(x), fy = f(y), fz = f(z);
    return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
  }

  private static double f(double t) {
    double d = 6.0 / 29;
    return t > d * d * d ? Math.cbrt(t) : t / (3 * d * d) + 4.0 / 29;
  }

  private static double squared(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }
}
