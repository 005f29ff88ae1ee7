package org.ttsvar.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;

/**
 * Exact PyTorch resizing ({@code F.interpolate(x, size, mode, align_corners=False)}) as 1-D
 * interpolation matrices applied with two matrix products. DJL's native bilinear and bicubic always
 * antialias, which changes downsampling; these matrices reproduce PyTorch's taps exactly: bilinear
 * samples at {@code (i + 0.5)·in/out − 0.5} clamped at 0; bicubic uses Keys' kernel with A = −0.75 and
 * clamped border taps; nearest picks {@code floor(i·in/out)}; area averages the covered input cells
 * (adaptive average pooling). The {@code _ANTIALIAS} modes are {@code antialias=True}: Pillow's
 * convolution resampling (see {@link #antialiasWeights}), which PyTorch copied.
 */
public final class Resize {
  public enum Mode {
    NEAREST,
    BILINEAR,
    BICUBIC,
    AREA,
    /** {@code mode="bilinear", antialias=True}: a triangle filter widened by the downscaling factor. */
    BILINEAR_ANTIALIAS,
    /** {@code mode="bicubic", antialias=True}: Keys' kernel with A = −0.5 (Pillow's), widened by the downscaling factor. */
    BICUBIC_ANTIALIAS
  }

  /** Pillow's resampling filters: a kernel and its support at scale 1. */
  public enum Filter {
    BILINEAR(1) {
      @Override
      double weight(double x) {
        x = Math.abs(x);
        return x < 1 ? 1 - x : 0;
      }
    },
    BICUBIC(2) {
      @Override
      double weight(double x) {
        double a = -0.5;
        x = Math.abs(x);
        if (x < 1) {
          return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        return x < 2 ? (((x - 5) * x + 8) * x - 4) * a : 0;
      }
    };

    final double support;

    Filter(double support) {
      this.support = support;
    }

    abstract double weight(double x);
  }

  private static final Map<String, float[]> CACHE = new ConcurrentHashMap<>();

  private Resize() {}

  /** The (out × in) row-major matrix that maps a length-{@code in} signal to length {@code out}. */
  public static float[] matrix(Mode mode, int in, int out) {
    return CACHE.computeIfAbsent(mode + ":" + in + ":" + out, k -> build(mode, in, out)).clone();
  }

  private static float[] build(Mode mode, int in, int out) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("resize sizes must be ≥ 1, got " + in + " → " + out);
    }
    if (mode == Mode.BILINEAR_ANTIALIAS || mode == Mode.BICUBIC_ANTIALIAS) {
      return toFloats(antialiasWeights(mode == Mode.BILINEAR_ANTIALIAS ? Filter.BILINEAR : Filter.BICUBIC, in, out, true));
    }
    double[] m = new double[out * in];
    double scale = (double) in / out;
    for (int i = 0; i < out; i++) {
      switch (mode) {
        case NEAREST -> m[i * in + Math.min((int) Math.floor(i * scale), in - 1)] = 1;
        case BILINEAR -> {
          double src = Math.max(scale * (i + 0.5) - 0.5, 0);
          int i0 = Math.min((int) Math.floor(src), in - 1);
          int i1 = Math.min(i0 + 1, in - 1);
          double l1 = src - i0;
          m[i * in + i0] += 1 - l1;
          m[i * in + i1] += l1;
        }
        case BICUBIC -> {
          double src = scale * (i + 0.5) - 0.5;
          int i0 = (int) Math.floor(src);
          double t = src - i0;
          double[] w = cubicWeights(t);
          for (int k = 0; k < 4; k++) {
            int idx = Math.max(0, Math.min(in - 1, i0 - 1 + k));
            m[i * in + idx] += w[k];
          }
        }
        case AREA -> {
          int start = (int) Math.floor((double) i * in / out);
          int end = (int) Math.ceil((double) (i + 1) * in / out);
          for (int j = start; j < end; j++) {
            m[i * in + j] = 1.0 / (end - start);
          }
        }
        default -> throw new IllegalStateException("antialiased modes are built by antialiasWeights");
      }
    }
    return toFloats(m);
  }

  /**
   * The (out × in) row-major weights of Pillow's convolution resampling ({@code ImagingResample}'s
   * {@code precompute_coeffs}, in double precision): output sample i is centred at
   * {@code (i + 0.5)·in/out}; when shrinking, the filter is widened by {@code in/out} (its support too),
   * so every input sample contributes; the taps that fall inside the input are normalised to sum to 1
   * (no clamped border taps).
   */
  public static double[] antialiasWeights(Filter filter, int in, int out) {
    return antialiasWeights(filter, in, out, false);
  }

  /**
   * The same weights; with {@code single}, rounded to float where PyTorch's {@code antialias=True}
   * kernel (the same computation on {@code scalar_t = float}) rounds them, which moves a weight by up to
   * ~1e-6 when upsampling.
   */
  private static double[] antialiasWeights(Filter filter, int in, int out, boolean single) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("resize sizes must be ≥ 1, got " + in + " → " + out);
    }
    DoubleUnaryOperator r = single ? v -> (float) v : v -> v;
    double scale = r.applyAsDouble((double) in / out);
    double widen = Math.max(scale, 1.0);
    double support = r.applyAsDouble(filter.support * widen);
    double inverse = r.applyAsDouble(1 / widen);
    double[] m = new double[out * in];
    for (int i = 0; i < out; i++) {
      double centre = r.applyAsDouble(scale * (i + 0.5));
      int from = Math.max((int) (centre - support + 0.5), 0); // C's truncation, as the references
      int to = Math.min((int) (centre + support + 0.5), in);
      double total = 0;
      for (int j = from; j < to; j++) {
        double w = r.applyAsDouble(filter.weight(r.applyAsDouble((r.applyAsDouble(j - centre) + 0.5) * inverse)));
        m[i * in + j] = w;
        total = r.applyAsDouble(total + w);
      }
      for (int j = from; j < to && total != 0; j++) {
        m[i * in + j] = r.applyAsDouble(m[i * in + j] / total);
      }
    }
    return m;
  }

  private static float[] toFloats(double[] m) {
    float[] f = new float[m.length];
    for (int i = 0; i < m.length; i++) {
      f[i] = (float) m[i];
    }
    return f;
  }

  /** Keys' cubic convolution weights for taps at offsets −1, 0, 1, 2 (A = −0.75, PyTorch's). */
  static double[] cubicWeights(double t) {
    double a = -0.75;
    double x1 = t + 1, x2 = t, x3 = 1 - t, x4 = 2 - t;
    return new double[] {
      ((a * x1 - 5 * a) * x1 + 8 * a) * x1 - 4 * a,
      ((a + 2) * x2 - (a + 3)) * x2 * x2 + 1,
      ((a + 2) * x3 - (a + 3)) * x3 * x3 + 1,
      ((a * x4 - 5 * a) * x4 + 8 * a) * x4 - 4 * a
    };
  }

  /** Resizes x (…, H, W) to (…, outH, outW). The result lives in x's manager. */
  public static NDArray resize(NDArray x, Mode mode, int outH, int outW) {
    Shape s = x.getShape();
    int d = s.dimension();
    int h = (int) s.get(d - 2), w = (int) s.get(d - 1);
    if (h == outH && w == outW && mode != Mode.AREA) {
      return x.duplicate();
    }
    NDManager m = x.getManager();
    try (NDArray mwT = transposedCopy(m, matrix(mode, w, outW), outW, w);
        NDArray mhT = transposedCopy(m, matrix(mode, h, outH), outH, h);
        NDArray rows = x.matMul(mwT); // (…, H, outW)
        NDArray cols = rows.swapAxes(d - 1, d - 2).matMul(mhT)) { // (…, outW, outH)
      return cols.swapAxes(d - 1, d - 2); // (…, outH, outW)
    }
  }

  /**
   * The (in × out) transpose of a row-major (out × in) matrix, in memory PyTorch owns. An array made
   * from a Java array views a Java buffer that is freed once the array is closed; autograd keeps the
   * matrices for the backward pass, so views of freed buffers gave garbage and NaN gradients now and
   * then (whenever the garbage collector had run in between; seen 2026-12-02).
   */
  private static NDArray transposedCopy(NDManager m, float[] rowMajor, int rows, int cols) {
    try (NDArray javaBacked = m.create(rowMajor, new Shape(rows, cols));
        NDArray view = javaBacked.transpose()) {
      return view.duplicate();
    }
  }
}
