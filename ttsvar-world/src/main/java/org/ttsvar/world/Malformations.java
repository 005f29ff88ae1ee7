package org.ttsvar.world;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Scenes drawn with one object malformed, the way a small generator fails: its detail melted into a
 * lumpy blob (star points, cross arms and arrow heads rounded off), or part of
 * it missing. Unlike {@link Degradations}, which blur or resample the whole image and leave every
 * object recognisable, a malformed object no longer shows its class, so a prompt that names it no
 * longer matches the image. The reward model learns from these what half-formed shapes are.
 */
public final class Malformations {
  /** How an object is malformed. */
  public enum Kind {
    /** Its coverage blurred and re-thresholded: the outline keeps its place and colour but loses its detail. */
    MELT,
    /** Cut along a line through it: only a part of the object is left. */
    CUT
  }

  /** Melting blur as a fraction of the object's size: from visibly rounded to a blob. */
  static final double MIN_MELT = 0.12, MAX_MELT = 0.22;
  /** Share of the object a cut keeps. */
  static final double MIN_KEEP = 0.35, MAX_KEEP = 0.6;

  /** The shapes that melting changes into something else. */
  static final java.util.Set<ShapeClass> MELTABLE = java.util.EnumSet.of(ShapeClass.STAR, ShapeClass.CROSS, ShapeClass.ARROW, ShapeClass.HEART);

  private Malformations() {}

  /**
   * A description of one malformation.
   *
   * @param index the object malformed, in {@code scene.objects()}
   * @param kind how
   * @param amount for {@link Kind#MELT} the blur as a fraction of the object's size; for {@link Kind#CUT} the share kept
   * @param angle for {@link Kind#CUT} the direction of the cut's normal, radians
   */
  public record Malformation(int index, Kind kind, double amount, double angle) {}

  /**
   * Draws a random malformation for a scene with at least one object. Only the shapes with thin parts
   * or a hole (star, cross, arrow, heart) are melted, seven times in ten; the convex ones are
   * cut, because melting only rounds their corners or fills a hole half-way (a melted circle is still a circle, a slightly
   * rounded square arguably a square).
   */
  public static Malformation draw(Scene scene, SplittableRandom rng) {
    if (scene.objects().isEmpty()) {
      throw new IllegalArgumentException("a scene without objects has nothing to malform");
    }
    int index = rng.nextInt(scene.objects().size());
    boolean cut = !MELTABLE.contains(scene.objects().get(index).shape()) || rng.nextDouble() < 0.3;
    double amount = cut ? MIN_KEEP + rng.nextDouble() * (MAX_KEEP - MIN_KEEP) : MIN_MELT + rng.nextDouble() * (MAX_MELT - MIN_MELT);
    return new Malformation(index, cut ? Kind.CUT : Kind.MELT, amount, rng.nextDouble() * 2 * Math.PI);
  }

  /** The scene rendered as {@link Renderer#render} does, except for the malformed object. */
  public static RgbImage render(Scene scene, Malformation m) {
    int w = scene.width(), h = scene.height();
    double[] r = new double[w * h], g = new double[w * h], b = new double[w * h];
    int bg = scene.background();
    Arrays.fill(r, (bg >> 16) & 0xff);
    Arrays.fill(g, (bg >> 8) & 0xff);
    Arrays.fill(b, bg & 0xff);
    for (int i = 0; i < scene.objects().size(); i++) {
      SceneObject o = scene.objects().get(i);
      double[] cover = Renderer.coverage(o, w, h);
      if (i == m.index()) {
        cover = m.kind() == Kind.MELT ? melt(cover, w, h, m.amount() * o.size()) : cut(cover, w, h, o, m.amount(), m.angle());
      }
      Renderer.blend(cover, o.rgb(), r, g, b);
    }
    return Renderer.toImage(r, g, b, w, h);
  }

  /**
   * Blurs the coverage with σ px and maps it back to a sharp edge (a steep ramp around one half): thin
   * parts below the blur's scale vanish, concave corners fill in, the mass stays where it was.
   */
  static double[] melt(double[] cover, int w, int h, double sigma) {
    double[] blurred = Degradations.blurPlane(cover, w, h, sigma);
    // A step blurred with σ rises by about 0.4/σ per pixel at its edge, so a ramp of slope 2.5σ gives
    // an anti-aliased edge one pixel wide, like the renderer's.
    double slope = Math.max(1, 2.5 * sigma);
    double[] out = new double[w * h];
    for (int p = 0; p < out.length; p++) {
      out[p] = Math.max(0, Math.min(1, (blurred[p] - 0.5) * slope + 0.5));
    }
    return out;
  }

  /**
   * Keeps the part of the object on one side of a line with normal {@code angle}, placed so that the
   * share {@code keep} of its coverage is left.
   */
  static double[] cut(double[] cover, int w, int h, SceneObject o, double keep, double angle) {
    double nx = Math.cos(angle), ny = Math.sin(angle);
    double total = Arrays.stream(cover).sum();
    // bisect the offset t of the line {p : (p − centre)·n = t}; the kept side is (p − centre)·n ≥ t
    double lo = -o.size(), hi = o.size();
    for (int it = 0; it < 40; it++) {
      double t = (lo + hi) / 2;
      if (kept(cover, w, h, o, nx, ny, t) > keep * total) {
        lo = t;
      } else {
        hi = t;
      }
    }
    double t = (lo + hi) / 2;
    double[] out = new double[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double s = (x + 0.5 - o.centreX()) * nx + (y + 0.5 - o.centreY()) * ny - t;
        out[y * w + x] = cover[y * w + x] * Math.max(0, Math.min(1, s + 0.5)); // one-pixel anti-aliased cut
      }
    }
    return out;
  }

  private static double kept(double[] cover, int w, int h, SceneObject o, double nx, double ny, double t) {
    double sum = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double c = cover[y * w + x];
        if (c > 0) {
          double s = (x + 0.5 - o.centreX()) * nx + (y + 0.5 - o.centreY()) * ny - t;
          sum += c * Math.max(0, Math.min(1, s + 0.5));
        }
      }
    }
    return sum;
  }
}
