package org.ttsvar.world;

/**
 * Draws a scene anti-aliased by supersampling: each pixel's coverage is the fraction of a regular
 * {@value #SUPERSAMPLE}×{@value #SUPERSAMPLE} grid of sample points inside the shape, and the pixel is
 * the coverage-weighted blend of object and background colour. Pure arithmetic, so the same scene
 * gives the same bytes on every machine.
 */
public final class Renderer {
  static final int SUPERSAMPLE = 4;

  private Renderer() {}

  public static RgbImage render(Scene scene) {
    int w = scene.width();
    int h = scene.height();
    double[] r = new double[w * h];
    double[] g = new double[w * h];
    double[] b = new double[w * h];
    int bg = scene.background();
    java.util.Arrays.fill(r, (bg >> 16) & 0xff);
    java.util.Arrays.fill(g, (bg >> 8) & 0xff);
    java.util.Arrays.fill(b, bg & 0xff);
    for (SceneObject o : scene.objects()) {
      paint(o, w, h, r, g, b);
    }
    return toImage(r, g, b, w, h);
  }

  private static void paint(SceneObject o, int w, int h, double[] r, double[] g, double[] b) {
    blend(coverage(o, w, h), o.rgb(), r, g, b);
  }

  /** Blends a colour over the planes with per-pixel coverage in [0, 1] (pixels of coverage 0 stay untouched). */
  static void blend(double[] coverage, int rgb, double[] r, double[] g, double[] b) {
    double or = (rgb >> 16) & 0xff, og = (rgb >> 8) & 0xff, ob = rgb & 0xff;
    for (int p = 0; p < coverage.length; p++) {
      double a = coverage[p];
      if (a > 0) {
        r[p] = a * or + (1 - a) * r[p];
        g[p] = a * og + (1 - a) * g[p];
        b[p] = a * ob + (1 - a) * b[p];
      }
    }
  }

  /** The fraction of each pixel (row-major, w × h) inside the object, from the supersampling grid. */
  static double[] coverage(SceneObject o, int w, int h) {
    double[] cover = new double[w * h];
    int x0 = Math.max(0, (int) Math.floor(o.left()));
    int x1 = Math.min(w - 1, (int) Math.ceil(o.right()));
    int y0 = Math.max(0, (int) Math.floor(o.top()));
    int y1 = Math.min(h - 1, (int) Math.ceil(o.bottom()));
    double half = o.size() / 2;
    int samples = SUPERSAMPLE * SUPERSAMPLE;
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        int hits = 0;
        for (int sy = 0; sy < SUPERSAMPLE; sy++) {
          double v = (y + (sy + 0.5) / SUPERSAMPLE - o.centreY()) / half;
          for (int sx = 0; sx < SUPERSAMPLE; sx++) {
            double u = (x + (sx + 0.5) / SUPERSAMPLE - o.centreX()) / half;
            if (ShapeGeometry.inside(o.shape(), u, v)) {
              hits++;
            }
          }
        }
        cover[y * w + x] = (double) hits / samples;
      }
    }
    return cover;
  }

  /** The planes (r, g, b; 0..255) as an image, rounded and clamped. */
  static RgbImage toImage(double[] r, double[] g, double[] b, int w, int h) {
    byte[] out = new byte[w * h * 3];
    for (int p = 0; p < w * h; p++) {
      out[p * 3] = (byte) clampRound(r[p]);
      out[p * 3 + 1] = (byte) clampRound(g[p]);
      out[p * 3 + 2] = (byte) clampRound(b[p]);
    }
    return new RgbImage(w, h, out);
  }

  private static int clampRound(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
