package org.ttsvar.verifier;

import java.util.ArrayList;
import java.util.List;
import org.ttsvar.world.Colour;
import org.ttsvar.world.RgbImage;

/**
 * Finds the candidate objects of an image of the shapes world:
 *
 * <ol>
 *   <li>the background is the per-channel median of the image border (objects keep a margin, so the
 *       border is background even when an object comes close);
 *   <li>a pixel is foreground when its RGB distance from the background exceeds a threshold that
 *       grows with the noise measured on the border;
 *   <li>foreground pixels form 8-connected components; specks are discarded;
 *   <li>a component whose interior clearly holds two named colours in two coherent regions (two
 *       touching objects of different colours, as a generator may draw them) is split between the
 *       two colours.
 * </ol>
 *
 * The thresholds were chosen so that every GenEval colour (the nearest to the grey background,
 * purple and pink, lie ≈ 110 away) is foreground down to about 40 % coverage, while additive noise of
 * σ = 8/255 per channel crosses it on fewer than one pixel in ten thousand.
 */
final class Segmenter {
  /** Smallest RGB distance from the background that counts as foreground. */
  static final double MIN_FOREGROUND_DISTANCE = 40;
  /** On noisy images the threshold is at least this many noise standard deviations (per channel). */
  static final double NOISE_MULTIPLE = 4.5;
  /** Width of the border ring the background and noise are measured on. */
  static final int BORDER = 2;
  /** Components smaller than this many pixels are noise, not objects. */
  static final int MIN_AREA = 6;
  /** A second colour must hold at least this share of a component's interior to split it... */
  static final double SPLIT_SHARE = 0.2;
  /** ...and at least this many interior pixels... */
  static final int SPLIT_MIN_PIXELS = 10;
  /** ...and differ from the first by at least this ΔE... */
  static final double SPLIT_MIN_DELTA_E = 25;
  /** ...and each colour's interior pixels must mostly (this share) form one connected region. */
  static final double SPLIT_COHERENCE = 0.7;
  /** A half-covered piece this large can be an object of its own (the smallest, a 14 px star, covers ≈ 60). */
  static final int MIN_PIECE_AREA = 20;
  private static final int MAX_SPLIT_DEPTH = 3;

  private Segmenter() {}

  /**
   * Images narrower or lower than this hold no object (the smallest, a 14 px star, needs more): all
   * background, so the rules judge them "no object found", as GenEval's detector finds nothing in such
   * an image; there is no border to estimate the background from.
   */
  static final int MIN_SIDE = 8;

  static Segmentation segment(RgbImage image) {
    int w = image.width();
    int h = image.height();
    int n = w * h;
    byte[] bytes = image.bytes();
    int[] rgb = new int[n];
    for (int p = 0; p < n; p++) {
      rgb[p] = ((bytes[3 * p] & 0xff) << 16) | ((bytes[3 * p + 1] & 0xff) << 8) | (bytes[3 * p + 2] & 0xff);
    }
    if (w < MIN_SIDE || h < MIN_SIDE) {
      int[] labels = new int[n];
      java.util.Arrays.fill(labels, Segmentation.BACKGROUND);
      double[] bg = n == 0 ? new double[3] : new double[] {channel(rgb[0], 0), channel(rgb[0], 1), channel(rgb[0], 2)};
      return new Segmentation(w, h, rgb, bg, labels, new ArrayList<>());
    }
    int[] border = borderPixels(rgb, w, h);
    double[] bg = new double[3];
    double noise = 0;
    for (int c = 0; c < 3; c++) {
      int[] values = new int[border.length];
      for (int i = 0; i < border.length; i++) {
        values[i] = channel(border[i], c);
      }
      bg[c] = median(values);
      for (int i = 0; i < values.length; i++) {
        values[i] = (int) Math.round(Math.abs(values[i] - bg[c]));
      }
      noise += 1.4826 * median(values) / 3; // MAD → σ for Gaussian noise, averaged over channels
    }
    double threshold = Math.max(MIN_FOREGROUND_DISTANCE, NOISE_MULTIPLE * noise);
    double t2 = threshold * threshold;
    boolean[] foreground = new boolean[n];
    for (int p = 0; p < n; p++) {
      double dr = channel(rgb[p], 0) - bg[0], dg = channel(rgb[p], 1) - bg[1], db = channel(rgb[p], 2) - bg[2];
      foreground[p] = dr * dr + dg * dg + db * db > t2;
    }

    int[] labels = new int[n];
    java.util.Arrays.fill(labels, Segmentation.BACKGROUND);
    List<Blob> blobs = new ArrayList<>();
    for (int[] component : components(foreground, w, h)) {
      if (component.length < MIN_AREA) {
        for (int p : component) {
          labels[p] = Segmentation.DISCARDED;
        }
        continue;
      }
      splitByColour(component, rgb, bg, w, h, labels, blobs, 0);
    }
    return new Segmentation(w, h, rgb, bg, labels, blobs);
  }

  /** Adds the blobs of one component: itself, or its parts when it clearly holds two colours. */
  private static void splitByColour(int[] pixels, int[] rgb, double[] bg, int w, int h, int[] labels, List<Blob> blobs, int depth) {
    int[] core = core(pixels, w, h);
    int[] counts = new int[Colour.values().length];
    Colour[] named = new Colour[core.length];
    for (int i = 0; i < core.length; i++) {
      named[i] = ColourNames.nearest(rgb[core[i]]);
      counts[named[i].ordinal()]++;
    }
    int first = argmax(counts, -1);
    int second = argmax(counts, first);
    if (depth < MAX_SPLIT_DEPTH && second >= 0 && counts[second] >= Math.max(SPLIT_MIN_PIXELS, SPLIT_SHARE * core.length)) {
      int[] coreA = select(core, named, first);
      int[] coreB = select(core, named, second);
      int rgbA = medianRgb(coreA, rgb);
      int rgbB = medianRgb(coreB, rgb);
      if (ColourNames.deltaE(rgbA, rgbB) >= SPLIT_MIN_DELTA_E && coherent(coreA, w, h) && coherent(coreB, w, h)) {
        List<Integer> partA = new ArrayList<>();
        List<Integer> partB = new ArrayList<>();
        for (int p : pixels) {
          (residual(rgb[p], rgbA, bg) <= residual(rgb[p], rgbB, bg) ? partA : partB).add(p);
        }
        for (List<Integer> part : List.of(partA, partB)) {
          boolean[] member = new boolean[w * h];
          for (int p : part) {
            member[p] = true;
          }
          for (int[] piece : components(member, w, h)) {
            if (piece.length < MIN_AREA) {
              for (int p : piece) {
                labels[p] = Segmentation.DISCARDED;
              }
            } else {
              splitByColour(piece, rgb, bg, w, h, labels, blobs, depth + 1);
            }
          }
        }
        return;
      }
    }
    int colourRgb = medianRgb(core, rgb);
    List<int[]> halves = halfCoveredPieces(pixels, colourRgb, rgb, bg, w, h);
    if (halves.size() > 1) {
      // Two objects of one colour, bridged by blurred edges: keep each half-covered piece, and let the
      // bridge pixels be background, so that they join both pieces' masks as fringe.
      for (int p : pixels) {
        labels[p] = Segmentation.BACKGROUND;
      }
      for (int[] piece : halves) {
        addBlob(piece, medianRgb(core(piece, w, h), rgb), labels, blobs);
      }
      return;
    }
    addBlob(pixels, colourRgb, labels, blobs);
  }

  private static void addBlob(int[] pixels, int colourRgb, int[] labels, List<Blob> blobs) {
    int label = blobs.size();
    for (int p : pixels) {
      labels[p] = label;
    }
    blobs.add(new Blob(label, pixels, colourRgb, ColourNames.nearest(colourRgb)));
  }

  /**
   * The pieces a one-coloured component falls into when only its at-least-half-covered pixels are
   * kept (the criterion of the box), if there are two or more of at least {@link #MIN_PIECE_AREA}
   * pixels; otherwise an empty list. Blur can bridge the gap between two objects of the same colour
   * with faint pixels above the foreground threshold; at half coverage the gap reappears.
   */
  private static List<int[]> halfCoveredPieces(int[] pixels, int colourRgb, int[] rgb, double[] bg, int w, int h) {
    boolean[] half = new boolean[w * h];
    int n = 0;
    for (int p : pixels) {
      if (coverage(rgb[p], colourRgb, bg) >= SoftMask.BOX_COVERAGE) {
        half[p] = true;
        n++;
      }
    }
    if (n == pixels.length) {
      return List.of();
    }
    List<int[]> pieces = new ArrayList<>();
    for (int[] piece : components(half, w, h)) {
      if (piece.length >= MIN_PIECE_AREA) {
        pieces.add(piece);
      }
    }
    return pieces.size() > 1 ? pieces : List.of();
  }

  /** The share of {@code objectRgb} in a blend of it with the background (see {@link Segmentation#alpha}). */
  private static double coverage(int pixel, int objectRgb, double[] bg) {
    double dot = 0, norm = 0;
    for (int c = 0; c < 3; c++) {
      double o = channel(objectRgb, c) - bg[c];
      dot += (channel(pixel, c) - bg[c]) * o;
      norm += o * o;
    }
    return norm < 1 ? 0 : dot / norm;
  }

  /**
   * The interior of a pixel set: pixels whose four neighbours are all in the set. Edge pixels blend
   * the object's colour with whatever is next to it, so colours are read from the interior; a set too
   * thin to have one is its own interior.
   */
  static int[] core(int[] pixels, int w, int h) {
    boolean[] member = new boolean[w * h];
    for (int p : pixels) {
      member[p] = true;
    }
    int[] out = new int[pixels.length];
    int k = 0;
    for (int p : pixels) {
      int x = p % w, y = p / w;
      if (x > 0 && x < w - 1 && y > 0 && y < h - 1 && member[p - 1] && member[p + 1] && member[p - w] && member[p + w]) {
        out[k++] = p;
      }
    }
    return k >= 3 ? java.util.Arrays.copyOf(out, k) : pixels;
  }

  /** 8-connected components of a mask, each as an array of pixel indices, in scan order. */
  static List<int[]> components(boolean[] mask, int w, int h) {
    int n = w * h;
    boolean[] seen = new boolean[n];
    int[] queue = new int[n];
    List<int[]> out = new ArrayList<>();
    for (int start = 0; start < n; start++) {
      if (!mask[start] || seen[start]) {
        continue;
      }
      int head = 0, tail = 0;
      queue[tail++] = start;
      seen[start] = true;
      while (head < tail) {
        int p = queue[head++];
        int x = p % w, y = p / w;
        for (int dy = -1; dy <= 1; dy++) {
          int yy = y + dy;
          if (yy < 0 || yy >= h) {
            continue;
          }
          for (int dx = -1; dx <= 1; dx++) {
            int xx = x + dx;
            int q = yy * w + xx;
            if (xx >= 0 && xx < w && mask[q] && !seen[q]) {
              seen[q] = true;
              queue[tail++] = q;
            }
          }
        }
      }
      out.add(java.util.Arrays.copyOf(queue, tail));
    }
    return out;
  }

  /** Whether most of these pixels form one 8-connected region (noise scatters, a touching object does not). */
  private static boolean coherent(int[] pixels, int w, int h) {
    boolean[] member = new boolean[w * h];
    for (int p : pixels) {
      member[p] = true;
    }
    int largest = 0;
    for (int[] c : components(member, w, h)) {
      largest = Math.max(largest, c.length);
    }
    return largest >= SPLIT_COHERENCE * pixels.length;
  }

  /** Distance of a pixel from the nearest blend of {@code objectRgb} with the background. */
  private static double residual(int pixel, int objectRgb, double[] bg) {
    double[] d = new double[3];
    double[] o = new double[3];
    double dot = 0, norm = 0;
    for (int c = 0; c < 3; c++) {
      d[c] = channel(pixel, c) - bg[c];
      o[c] = channel(objectRgb, c) - bg[c];
      dot += d[c] * o[c];
      norm += o[c] * o[c];
    }
    double a = norm < 1 ? 0 : Math.max(0, Math.min(1, dot / norm));
    double s = 0;
    for (int c = 0; c < 3; c++) {
      double r = d[c] - a * o[c];
      s += r * r;
    }
    return s;
  }

  private static int[] select(int[] pixels, Colour[] named, int colour) {
    return java.util.stream.IntStream.range(0, pixels.length).filter(i -> named[i].ordinal() == colour).map(i -> pixels[i]).toArray();
  }

  private static int argmax(int[] counts, int except) {
    int best = -1;
    for (int i = 0; i < counts.length; i++) {
      if (i != except && counts[i] > 0 && (best < 0 || counts[i] > counts[best])) {
        best = i;
      }
    }
    return best;
  }

  /** Per-channel median of the given pixels, packed 0xRRGGBB. */
  static int medianRgb(int[] pixels, int[] rgb) {
    int out = 0;
    for (int c = 0; c < 3; c++) {
      int[] histogram = new int[256];
      for (int p : pixels) {
        histogram[channel(rgb[p], c)]++;
      }
      int half = (pixels.length + 1) / 2;
      int v = 0;
      for (int seen = histogram[0]; seen < half; seen += histogram[++v]) {
        // walk up to the median level
      }
      out |= v << (16 - 8 * c);
    }
    return out;
  }

  private static int[] borderPixels(int[] rgb, int w, int h) {
    int b = Math.min(BORDER, Math.min(w, h) / 2);
    List<Integer> out = new ArrayList<>();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (x < b || y < b || x >= w - b || y >= h - b) {
          out.add(rgb[y * w + x]);
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static double median(int[] values) {
    int[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
  }

  static int channel(int rgb, int c) {
    return (rgb >> (16 - 8 * c)) & 0xff;
  }
}
