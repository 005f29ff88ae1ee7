package org.ttsvar.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * Functional neural-network operations over DJL arrays, including the ones DJL lacks (attention from
 * matMul/softmax, GroupNorm, SiLU, LayerNorm without affine). Every result is created by an operation
 * on the data argument, so it lives in the data's manager (or the enclosing {@code NDScope}), never in
 * a parameter's.
 */
public final class Nn {
  private Nn() {}

  /** {@code x·Wᵀ + b} over the last axis; w is (out, in), b is (out) or null. */
  public static NDArray linear(NDArray x, NDArray w, NDArray b) {
    return x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
  }

  /** 2-D convolution, x (B, Cin, H, W), w (Cout, Cin, k, k), square stride and padding. */
  public static NDArray conv2d(NDArray x, NDArray w, NDArray b, int stride, int padding) {
    return x.getNDArrayInternal()
        .convolution(x, w, b, new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), 1)
        .singletonOrThrow();
  }

  /** LayerNorm over the last axis with affine gamma/beta of that width. */
  public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, float eps) {
    long width = x.getShape().get(x.getShape().dimension() - 1);
    return x.getNDArrayInternal().layerNorm(x, new Shape(width), gamma, beta, eps).singletonOrThrow();
  }

  /** LayerNorm over the last axis without affine parameters (Infinity's AdaLN norm). */
  public static NDArray layerNorm(NDArray x, float eps) {
    long width = x.getShape().get(x.getShape().dimension() - 1);
    try (NDArray ones = x.getManager().ones(new Shape(width)); NDArray zeros = x.getManager().zeros(new Shape(width))) {
      return layerNorm(x, ones, zeros, eps);
    }
  }

  /**
   * GroupNorm (PyTorch semantics) on x (B, C, H, W): normalise each group of C/G channels over its
   * channels and pixels, then scale and shift per channel. Implemented as one fused LayerNorm over
   * the reshaped (B, G, C/G·H·W) tensor.
   */
  public static NDArray groupNorm(NDArray x, int groups, NDArray gamma, NDArray beta, float eps) {
    Shape s = x.getShape();
    long b = s.get(0), c = s.get(1);
    if (c % groups != 0) {
      throw new IllegalArgumentException("GroupNorm: " + c + " channels are not divisible into " + groups + " groups");
    }
    NDArray grouped = x.reshape(b, groups, -1); // (B, G, C/G·H·W)
    NDArray normed = layerNorm(grouped, eps).reshape(s); // (B, C, H, W)
    NDArray g = gamma.reshape(1, c, 1, 1);
    NDArray bb = beta.reshape(1, c, 1, 1);
    return normed.mul(g).add(bb);
  }

  public static NDArray silu(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }

  /** The exact GELU, {@code x·Φ(x)} with the normal CDF by erf (PyTorch's {@code nn.GELU()}). */
  public static NDArray gelu(NDArray x) {
    return Activation.gelu(x);
  }

  /** GELU with the tanh approximation (Infinity's FFN). */
  public static NDArray geluTanh(NDArray x) {
    // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    NDArray inner = Scalars.mul(x.add(Scalars.mul(Scalars.pow(x, 3), 0.044715f)), (float) Math.sqrt(2 / Math.PI));
    return Scalars.mul(x.mul(inner.tanh().add(1f)), 0.5f);
  }

  /**
   * Scaled dot-product attention. q (…, Lq, D), k and v (…, Lk, D); mask is added to the scores
   * (0 to keep, a large negative number to drop), broadcastable to (…, Lq, Lk), or null.
   */
  public static NDArray attention(NDArray q, NDArray k, NDArray v, NDArray mask, float scale) {
    int d = q.getShape().dimension();
    NDArray scores = Scalars.mul(q.matMul(k.swapAxes(d - 1, d - 2)), scale); // (…, Lq, Lk)
    if (mask != null) {
      scores = scores.add(mask);
    }
    return scores.softmax(-1).matMul(v); // (…, Lq, D)
  }
}
