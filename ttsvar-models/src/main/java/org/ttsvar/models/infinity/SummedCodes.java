package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.ttsvar.tensor.Resize;

/**
 * The running sum of a multi-scale bit map, as Infinity's sampling loop keeps it: the bits of each
 * scale become BSQ codes ±1/√d (l2-normalised, {@code indices_to_codes(…, "bit_label")}), are upsampled
 * to the last grid and added ({@code summed += interpolate(codes, size=last, mode="trilinear")} with one
 * frame = bilinear, align_corners False, no antialias); the input of the next scale is the sum resized
 * (bilinear again, also when shrinking) to that scale's grid. The VAE decodes {@link #summed} after any
 * scale.
 *
 * <p>Dimensions: B batch, d code bits, h×w a scale's grid, H×W the last scale's grid.
 */
public final class SummedCodes implements AutoCloseable {
  private final int height;
  private final int width;
  private NDArray summed; // (B, d, H, W)

  /** An empty sum for {@code batch} rows of {@code dim}-bit codes on the final {@code height × width} grid. */
  public SummedCodes(NDManager manager, int batch, int dim, int height, int width) {
    this.height = height;
    this.width = width;
    this.summed = manager.zeros(new Shape(batch, dim, height, width));
  }

  /** Adds one scale's bits, (B, h·w, d) of 0/1 in row-major (h, w) order. */
  public void add(NDArray bits, int h, int w) {
    try (NDScope scope = new NDScope()) {
      NDArray codes = codes(bits, h, w); // (B, d, h, w)
      NDArray next = summed.add(Resize.resize(codes, Resize.Mode.BILINEAR, height, width)); // (B, d, H, W)
      NDScope.unregister(next);
      summed.close();
      summed = next;
    }
  }

  /** Keeps the given rows in this order (repeats allowed). */
  public void select(int[] rows) {
    try (NDScope scope = new NDScope()) {
      NDArray index = summed.getManager().create(java.util.Arrays.stream(rows).asLongStream().toArray());
      NDArray next = summed.get(new NDIndex("{}", index)); // (B', d, H, W)
      NDScope.unregister(next);
      summed.close();
      summed = next;
    }
  }

  /** Rows in the sum. */
  public int rows() {
    return (int) summed.getShape().get(0);
  }

  /** The summed codes so far, (B, d, H, W); owned by this object. */
  public NDArray summed() {
    return summed;
  }

  /** The next scale's input before {@code word_embed}: the sum resized to h×w, as (B, h·w, d). */
  public NDArray nextInput(int h, int w) {
    try (NDScope scope = new NDScope()) {
      NDArray small = Resize.resize(summed, Resize.Mode.BILINEAR, h, w); // (B, d, h, w)
      Shape s = small.getShape();
      NDArray tokens = small.reshape(s.get(0), s.get(1), (long) h * w).transpose(0, 2, 1); // (B, h·w, d)
      NDScope.unregister(tokens);
      return tokens;
    }
  }

  /** Bits (B, h·w, d) of 0/1 → codes (B, d, h, w) of ±1/√d, l2-normalised over d as the reference does. */
  static NDArray codes(NDArray bits, int h, int w) {
    Shape s = bits.getShape();
    long b = s.get(0), d = s.get(2);
    float scale = (float) (1 / Math.sqrt(d));
    NDArray signed = bits.mul(2f * scale).sub(scale); // (B, h·w, d): ±1/√d; no grad: inference only
    NDArray norm = signed.square().sum(new int[] {2}, true).sqrt(); // (B, h·w, 1)
    NDArray unit = signed.div(norm); // (B, h·w, d)
    return unit.transpose(0, 2, 1).reshape(b, d, h, w); // (B, d, h, w)
  }

  @Override
  public void close() {
    summed.close();
  }
}
