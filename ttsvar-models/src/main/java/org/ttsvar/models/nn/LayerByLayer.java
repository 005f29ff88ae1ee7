package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Inference through a stack of layers with each layer's temporaries freed before the next layer runs.
 * Without it, every op's result lives until the caller's {@link NDScope} closes, so a forward pass holds
 * the temporaries of all its layers at once: at full size that is GBs (Infinity-2B: ~250 MB a block at
 * 16×16, 32 blocks; DINOv2 and ImageReward's ViT-L: ~200 MB a block for 8 images, 24 blocks). Not for
 * training: the freed temporaries are what a backward pass would need.
 */
public final class LayerByLayer {
  private LayerByLayer() {}

  /**
   * x through {@code layers} in order, {@code forward(layer, x)} each. Each layer's temporaries and each
   * intermediate output are freed as soon as the next layer has its input; the result belongs to the
   * caller's scope (as any op's result), the input is left alone, and what a layer keeps on purpose (a KV
   * cache) must leave its scope itself ({@link NDScope#unregister}), as it already must leave the caller's.
   */
  public static <L> NDArray apply(NDArray x, List<L> layers, BiFunction<L, NDArray, NDArray> forward) {
    NDArray current = x;
    for (L layer : layers) {
      NDArray next;
      try (NDScope scope = new NDScope()) {
        next = forward.apply(layer, current);
        NDScope.unregister(next);
      }
      if (current != x && current != next) {
        current.close(); // the previous layer's output, which left its scope
      }
      current = next;
    }
    if (current != x) {
      NDScope.register(current);
    }
    return current;
  }
}
