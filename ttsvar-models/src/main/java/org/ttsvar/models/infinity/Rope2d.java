package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Infinity's 2-D rotary position embedding ({@code precompute_rope2d_freqs_grid} with
 * {@code rope2d_normalized_by_hw=2}, {@code apply_rotary_emb}). Each head's channels are taken in adjacent
 * pairs; the first half of the pairs rotate by the row, the second half by the column. A token (i, j) of
 * an h×w scale sits at row round(i·H/h), column round(j·W/w) of the ratio's 1M grid H×W (round half to
 * even, as torch).
 *
 * <p>Dimensions: L tokens of the whole schedule, P = head dim / 2 pairs.
 */
final class Rope2d {
  private Rope2d() {}

  /** cos and sin per token and pair: (2, L, P), float32 as the reference computes them. */
  static float[] table(Schedules.Schedule schedule, int headDim) {
    int pairs = headDim / 2, quarter = pairs / 2;
    float[] invFreq = new float[quarter];
    for (int i = 0; i < quarter; i++) {
      float exponent = (float) (2 * i) / pairs;
      invFreq[i] = 1f / (float) Math.pow(10000.0, exponent); // no grad: a Java constant, not an NDArray
    }
    int total = schedule.tokens();
    float[] out = new float[2 * total * pairs];
    int token = 0;
    for (int[] hw : schedule.scales()) {
      float rowStep = (float) ((double) schedule.ropeHeight() / hw[0]);
      float colStep = (float) ((double) schedule.ropeWidth() / hw[1]);
      for (int i = 0; i < hw[0]; i++) {
        int row = (int) Math.rint(i * rowStep);
        for (int j = 0; j < hw[1]; j++, token++) {
          int col = (int) Math.rint(j * colStep);
          for (int p = 0; p < pairs; p++) {
            float angle = p < quarter ? row * invFreq[p] : col * invFreq[p - quarter];
            out[token * pairs + p] = (float) Math.cos(angle);
            out[(total + token) * pairs + p] = (float) Math.sin(angle);
          }
        }
      }
    }
    return out;
  }

  static NDArray tableArray(NDManager m, Schedules.Schedule schedule, int headDim) {
    return m.create(table(schedule, headDim), new Shape(2, schedule.tokens(), headDim / 2));
  }

  /**
   * Rotates x (B, H, L, c) by the table rows [start, start + L): pair (a, b) → (cos·a − sin·b, sin·a + cos·b).
   */
  static NDArray apply(NDArray x, NDArray table, int start) {
    Shape s = x.getShape();
    long l = s.get(2), c = s.get(3);
    NDArray cos = table.get("0, {}:{}", start, start + l); // (L, P)
    NDArray sin = table.get("1, {}:{}", start, start + l); // (L, P)
    NDArray pairs = x.reshape(s.get(0), s.get(1), l, c / 2, 2); // (B, H, L, P, 2)
    NDArray a = pairs.get("..., 0"); // (B, H, L, P)
    NDArray b = pairs.get("..., 1");
    NDArray ra = cos.mul(a).sub(sin.mul(b));
    NDArray rb = sin.mul(a).add(cos.mul(b));
    return ra.stack(rb, -1).reshape(s); // (B, H, L, c)
  }
}
