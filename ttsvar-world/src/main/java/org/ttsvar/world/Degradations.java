package org.ttsvar.world;

import java.util.SplittableRandom;

/**
 * Image degradations that imitate what a learned decoder produces: Gaussian blur, additive Gaussian
 * noise and 2× down/up resampling. Used to test the verifier's robustness and to train the reward
 * model on realistic inputs.
 */
public final class Degradations {
  private Degradations() {}

  /** Separable Gaussian blur with standard deviation {@code sigma} px (edges clamped). */
  public static RgbImage gaussianBlur(RgbImage img, double sigma) {
    double[][] planes = planes(img);
    for (int c = 0; c < 3; c++) {
      planes[c] = blurPlane(planes[c], img.width(), img.height(), sigma);
    }
    return fromPlanes(planes, img.width(), img.height());
  }

  /** One plane (row-major, w × h) blurred separably with standard deviation {@code sigma} px, edges clamped. */
  static double[] blurPlane(double[] plane, int w, int h, double sigma) {
    int radius = Math.max(1, (int) Math.ceil(3 * sigma));
    double[] k = new double[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
      sum += k[i + radius];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    double[] tmp = new double[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double acc = 0;
        for (int i = -radius; i <= radius; i++) {
          acc += k[i + radius] * plane[y * w + clamp(x + i, w)];
        }
        tmp[y * w + x] = acc;
      }
    }
    double[] out = new double[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double acc = 0;
        for (int i = -radius; i <= radius; i++) {
          acc += k[i + radius] * tmp[clamp(y + i, h) * w + x];
        }
        out[y * w + x] = acc;
      }
    }
    return out;
  }

  /** Adds independent Gaussian noise of standard deviation {@code sigma} (in 0..255 levels) to every channel. */
  public static RgbImage addNoise(RgbImage img, double sigma, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] planes = planes(img);
    for (int p = 0; p < img.width() * img.height(); p++) {
      for (double[] plane : planes) {
        plane[p] += sigma * gaussian(rng);
      }
    }
    return fromPlanes(planes, img.width(), img.height());
  }

  /** Averages 2×2 blocks to half size, then upsamples back with bilinear interpolation (half-pixel centres). */
  public static RgbImage downUp(RgbImage img) {
    int w = img.width(), h = img.height();
    int hw = w / 2, hh = h / 2;
    double[][] planes = planes(img);
    double[][] out = new double[3][w * h];
    for (int c = 0; c < 3; c++) {
      double[] small = new double[hw * hh];
      for (int y = 0; y < hh; y++) {
        for (int x = 0; x < hw; x++) {
          small[y * hw + x] =
              (planes[c][(2 * y) * w + 2 * x] + planes[c][(2 * y) * w + 2 * x + 1] + planes[c][(2 * y + 1) * w + 2 * x] + planes[c][(2 * y + 1) * w + 2 * x + 1]) / 4;
        }
      }
      for (int y = 0; y < h; y++) {
        double sy = Math.max(0, (y + 0.5) / 2 - 0.5);
        int y0 = Math.min((int) sy, hh - 1);
        int y1 = Math.min(y0 + 1, hh - 1);
        double fy = sy - y0;
        for (int x = 0; x < w; x++) {
          double sx = Math.max(0, (x + 0.5) / 2 - 0.5);
          int x0 = Math.min((int) sx, hw - 1);
          int x1 = Math.min(x0 + 1, hw - 1);
          double fx = sx - x0;
          out[c][y * w + x] =
              (1 - fy) * ((1 - fx) * small[y0 * hw + x0] + fx * small[y0 * hw + x1]) + fy * ((1 - fx) * small[y1 * hw + x0] + fx * small[y1 * hw + x1]);
        }
      }
    }
    return fromPlanes(out, w, h);
  }

  static double gaussian(SplittableRandom rng) {
    // Box–Muller from two uniforms in (0, 1]; deterministic given the stream.
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static int clamp(int i, int n) {
    return i < 0 ? 0 : (i >= n ? n - 1 : i);
  }

  private static double[][] planes(RgbImage img) {
    int n = img.width() * img.height();
    double[][] planes = new double[3][n];
    byte[] b = img.bytes();
    for (int p = 0; p < n; p++) {
      for (int c = 0; c < 3; c++) {
        planes[c][p] = b[p * 3 + c] & 0xff;
      }
    }
    return planes;
  }

  private static RgbImage fromPlanes(double[][] planes, int w, int h) {
    byte[] out = new byte[w * h * 3];
    for (int p = 0; p < w * h; p++) {
      for (int c = 0; c < 3; c++) {
        out[p * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(planes[c][p])));
      }
    }
    return new RgbImage(w, h, out);
  }
}
