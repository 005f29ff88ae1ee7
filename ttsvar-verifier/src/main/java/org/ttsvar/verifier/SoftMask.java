package org.ttsvar.verifier;

/**
 * A blob's soft mask: for each pixel of the blob and of its one-pixel fringe (background pixels next
 * to it, where the anti-aliased or blurred edge fades out), the share of the blob's colour it holds
 * (see {@link Segmentation#alpha}). Pixels of other blobs count as 0, so touching neighbours do not
 * leak into the shape. The box is the extent of the pixels at least half covered, which is where a
 * sharp edge would be.
 */
final class SoftMask {
  /** A pixel belongs to the box when it is at least this much covered. */
  static final double BOX_COVERAGE = 0.5;

  private final int x0;
  private final int y0;
  private final int width;
  private final int height;
  private final double[] alpha;
  private final Box box;

  private SoftMask(int x0, int y0, int width, int height, double[] alpha, Box box) {
    this.x0 = x0;
    this.y0 = y0;
    this.width = width;
    this.height = height;
    this.alpha = alpha;
    this.box = box;
  }

  static SoftMask of(Segmentation seg, Blob blob) {
    int w = seg.width(), h = seg.height();
    int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
    for (int p : blob.pixels()) {
      minX = Math.min(minX, p % w);
      maxX = Math.max(maxX, p % w);
      minY = Math.min(minY, p / w);
      maxY = Math.max(maxY, p / w);
    }
    int x0 = Math.max(0, minX - 1), y0 = Math.max(0, minY - 1);
    int rw = Math.min(w - 1, maxX + 1) - x0 + 1, rh = Math.min(h - 1, maxY + 1) - y0 + 1;
    double[] alpha = new double[rw * rh];
    boolean[] done = new boolean[rw * rh];
    for (int p : blob.pixels()) {
      int px = p % w, py = p / w;
      for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
          int x = px + dx, y = py + dy;
          if (x < 0 || y < 0 || x >= w || y >= h) {
            continue;
          }
          int local = (y - y0) * rw + (x - x0);
          int q = y * w + x;
          if (done[local]) {
            continue;
          }
          int label = seg.labelAt(q);
          if (label == blob.label() || label == Segmentation.BACKGROUND) {
            alpha[local] = seg.alpha(q, blob.rgb());
            done[local] = true;
          }
        }
      }
    }
    int bx1 = Integer.MAX_VALUE, by1 = Integer.MAX_VALUE, bx2 = -1, by2 = -1;
    for (int y = 0; y < rh; y++) {
      for (int x = 0; x < rw; x++) {
        if (alpha[y * rw + x] >= BOX_COVERAGE) {
          bx1 = Math.min(bx1, x);
          bx2 = Math.max(bx2, x);
          by1 = Math.min(by1, y);
          by2 = Math.max(by2, y);
        }
      }
    }
    Box box = bx2 < 0 ? new Box(minX, minY, maxX + 1, maxY + 1) : new Box(x0 + bx1, y0 + by1, x0 + bx2 + 1, y0 + by2 + 1);
    return new SoftMask(x0, y0, rw, rh, alpha, box);
  }

  Box box() {
    return box;
  }

  /** Coverage at image pixel (x, y); 0 outside the mask's region. */
  double at(int x, int y) {
    int lx = x - x0, ly = y - y0;
    return lx < 0 || ly < 0 || lx >= width || ly >= height ? 0 : alpha[ly * width + lx];
  }

  /**
   * Coverage at a continuous image position, bilinear between pixel centres (pixel (x, y) covers
   * [x, x+1) × [y, y+1), its centre is (x + 0.5, y + 0.5)).
   */
  double sample(double x, double y) {
    double fx = x - 0.5, fy = y - 0.5;
    int ix = (int) Math.floor(fx), iy = (int) Math.floor(fy);
    double tx = fx - ix, ty = fy - iy;
    return (1 - ty) * ((1 - tx) * at(ix, iy) + tx * at(ix + 1, iy)) + ty * ((1 - tx) * at(ix, iy + 1) + tx * at(ix + 1, iy + 1));
  }

  /** Coverage-weighted centroid and standard deviations of the mask, in image coordinates. */
  record Moments(double mass, double meanX, double meanY, double sdX, double sdY) {}

  Moments moments() {
    double s = 0, sx = 0, sy = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double a = alpha[y * width + x];
        s += a;
        sx += a * (x0 + x + 0.5);
        sy += a * (y0 + y + 0.5);
      }
    }
    if (s <= 0) {
      return new Moments(0, box.x1() + box.width() / 2.0, box.y1() + box.height() / 2.0, box.width() / 4.0, box.height() / 4.0);
    }
    double mx = sx / s, my = sy / s, vx = 0, vy = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double a = alpha[y * width + x];
        double dx = x0 + x + 0.5 - mx, dy = y0 + y + 0.5 - my;
        vx += a * dx * dx;
        vy += a * dy * dy;
      }
    }
    // A floor of 1/√12 px (one pixel's own spread) keeps a one-pixel-wide line from dividing by zero.
    double floor = 1 / Math.sqrt(12);
    return new Moments(s, mx, my, Math.max(floor, Math.sqrt(vx / s)), Math.max(floor, Math.sqrt(vy / s)));
  }

  /** Sum of coverage inside the box: the object's area in pixels. */
  double coveredArea() {
    double s = 0;
    for (int y = box.y1(); y < box.y2(); y++) {
      for (int x = box.x1(); x < box.x2(); x++) {
        s += at(x, y);
      }
    }
    return s;
  }
}
