package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import org.ttsvar.tensor.Nn;

/**
 * The reference's {@code ResnetBlock}: {@code x' + conv2(swish(norm2(conv1(swish(norm1(x))))))}, where x'
 * is x or, when the channel count changes, a 1×1 {@code nin_shortcut} of x.
 */
record VaeResBlock(VaeGroupNorm norm1, VaeConv conv1, VaeGroupNorm norm2, VaeConv conv2, VaeConv shortcut) {
  static VaeResBlock load(Weights w, String name, long in) throws IOException {
    VaeGroupNorm norm1 = VaeGroupNorm.load(w, name + ".norm1", in);
    VaeConv conv1 = VaeConv.load(w, name + ".conv1", in, -1, 3);
    long out = conv1.out();
    VaeGroupNorm norm2 = VaeGroupNorm.load(w, name + ".norm2", out);
    VaeConv conv2 = VaeConv.load(w, name + ".conv2", out, out, 3);
    VaeConv shortcut = in == out ? null : VaeConv.load(w, name + ".nin_shortcut", in, out, 1);
    return new VaeResBlock(norm1, conv1, norm2, conv2, shortcut);
  }

  long out() {
    return conv1.out();
  }

  double flops(double pixels) {
    return conv1.flops(pixels) + conv2.flops(pixels) + (shortcut == null ? 0 : shortcut.flops(pixels));
  }

  /** (B, in, H, W) → (B, out, H, W). */
  NDArray forward(NDArray x) {
    NDArray h = conv1.forward(Nn.silu(norm1.forward(x)));
    h = conv2.forward(Nn.silu(norm2.forward(h)));
    NDArray skip = shortcut == null ? x : shortcut.forward(x);
    return skip.add(h);
  }
}
