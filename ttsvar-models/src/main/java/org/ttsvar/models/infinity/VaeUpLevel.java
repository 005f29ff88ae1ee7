package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** One decoder level ({@code decoder.up.i}): its ResBlocks, then, except at full resolution, nearest 2× + conv. */
record VaeUpLevel(List<VaeResBlock> blocks, VaeConv upsample) {
  static VaeUpLevel load(Weights w, String name, long in) throws IOException {
    List<VaeResBlock> blocks = new ArrayList<>();
    for (int j = 0; w.hasAny(name + ".block." + j + "."); j++) {
      VaeResBlock b = VaeResBlock.load(w, name + ".block." + j, in);
      blocks.add(b);
      in = b.out();
    }
    VaeConv up = w.hasAny(name + ".upsample.") ? VaeConv.load(w, name + ".upsample.conv", in, in, 3) : null;
    return new VaeUpLevel(List.copyOf(blocks), up);
  }

  long out(long in) {
    return blocks.isEmpty() ? in : blocks.get(blocks.size() - 1).out();
  }

  /** Convolution FLOPs at {@code pixels} input pixels (the upsample's conv runs at 4×). */
  double flops(double pixels) {
    double f = blocks.stream().mapToDouble(b -> b.flops(pixels)).sum();
    return upsample == null ? f : f + upsample.flops(4 * pixels);
  }

  /** (B, C, H, W) → (B, C', H, W), or (B, C', 2H, 2W) with an upsample. */
  NDArray forward(NDArray x) {
    for (VaeResBlock b : blocks) {
      x = b.forward(x);
    }
    return upsample == null ? x : upsample.forward(nearest2x(x));
  }

  /** {@code F.interpolate(x, scale_factor=2, mode="nearest")}: every pixel repeated 2×2. */
  static NDArray nearest2x(NDArray x) {
    Shape s = x.getShape(); // (B, C, H, W)
    long b = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
    return x.reshape(b, c, h, 1, w, 1).broadcast(new Shape(b, c, h, 2, w, 2)).reshape(b, c, 2 * h, 2 * w); // (B, C, 2H, 2W)
  }
}
