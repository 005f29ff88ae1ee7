package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ttsvar.models.nn.LayerByLayer;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.pth.PthFile;

/**
 * The decoder of Infinity's BSQ VAE ({@code infinity/models/bsq_vae/flux_vqgan.py} {@code Decoder}, 2-D,
 * no attention), loaded from the reference's checkpoint ({@code {"vae": state_dict}}, e.g.
 * {@code infinity_vae_d32reg.pth}); every size comes from the tensors' shapes. It decodes the summed codes
 * after any scale (see {@link SummedCodes}).
 *
 * <p>Dimensions: B batch, d code bits (32), C channels (per level), h×w latent grid, H×W = 16h×16w pixels.
 *
 * <p>Loading is strict inside {@code decoder.}: a missing, mis-shaped or unexpected tensor is a
 * {@link org.ttsvar.tensor.CorruptWeightsException} naming the file and the tensor. The file's other
 * entries (encoder, the quantizer's bit-mask buffer) are not read.
 */
public final class BsqVaeDecoder implements AutoCloseable {
  private final NDManager manager;
  private final VaeConv convIn;
  private final VaeResBlock mid1;
  private final VaeResBlock mid2;
  private final List<VaeUpLevel> up; // up.get(i) is decoder.up.i; run from the last (coarsest) to 0
  private final VaeGroupNorm normOut;
  private final VaeConv convOut;
  private final long parameters;

  private BsqVaeDecoder(NDManager manager, Weights w) throws IOException {
    this.manager = manager;
    convIn = VaeConv.load(w, "decoder.conv_in", -1, -1, 3);
    long c = convIn.out();
    mid1 = VaeResBlock.load(w, "decoder.mid.block_1", c);
    mid2 = VaeResBlock.load(w, "decoder.mid.block_2", c);
    int levels = 0;
    while (w.hasAny("decoder.up." + levels + ".")) {
      levels++;
    }
    VaeUpLevel[] ups = new VaeUpLevel[levels];
    for (int i = levels - 1; i >= 0; i--) {
      ups[i] = VaeUpLevel.load(w, "decoder.up." + i, c);
      c = ups[i].out(c);
    }
    up = List.of(ups);
    normOut = VaeGroupNorm.load(w, "decoder.norm_out", c);
    convOut = VaeConv.load(w, "decoder.conv_out", c, 3, 3);
    w.finish("decoder.");
    parameters = w.loadedElements();
  }

  /** Loads the decoder from a VAE checkpoint whose state dict sits under the key "vae" (the release's layout). */
  public static BsqVaeDecoder load(Path file, NDManager manager) throws IOException {
    try (PthFile pth = PthFile.open(file)) {
      return load(TensorSource.of(pth, "vae"), manager);
    }
  }

  /** Loads the decoder from the state dict in {@code source}; the weights live in a sub-manager of {@code manager}. */
  public static BsqVaeDecoder load(TensorSource source, NDManager manager) throws IOException {
    NDManager own = manager.newSubManager();
    try {
      return new BsqVaeDecoder(own, new Weights(source, own));
    } catch (IOException | RuntimeException e) {
      own.close();
      throw e;
    }
  }

  /** d: the code bits per latent cell (the first convolution's input channels). */
  public int codeDim() {
    return (int) convIn.in();
  }

  /** Pixels per latent cell along each axis (2 per upsampling level). */
  public int stride() {
    return 1 << up.stream().filter(l -> l.upsample() != null).count();
  }

  /** The decoded image in [−1, 1] (clamped, as {@code vae.decode}): (B, d, h, w) → (B, 3, H, W), RGB. */
  public NDArray decode(NDArray summedCodes) {
    try (NDScope scope = new NDScope()) {
      NDArray image = decodeUnclamped(summedCodes).clip(-1f, 1f);
      NDScope.unregister(image);
      return image;
    }
  }

  /** The decoder's output before clamping: (B, d, h, w) → (B, 3, H, W). */
  public NDArray decodeUnclamped(NDArray z) {
    try (NDScope scope = new NDScope()) {
      NDArray h = convIn.forward(z); // (B, C, h, w)
      h = LayerByLayer.apply(h, List.of(mid1, mid2), VaeResBlock::forward); // (B, C, h, w)
      List<VaeUpLevel> coarseFirst = new ArrayList<>(up);
      Collections.reverse(coarseFirst);
      h = LayerByLayer.apply(h, coarseFirst, VaeUpLevel::forward); // (B, C_i, h·2^k, w·2^k), one level at a time
      NDArray out = convOut.forward(Nn.silu(normOut.forward(h))); // (B, 3, H, W)
      NDScope.unregister(out);
      return out;
    }
  }

  /** Analytic convolution FLOPs of decoding one h×w latent grid (norms and activations left out). */
  public double flops(int h, int w) {
    double pixels = (double) h * w;
    double f = convIn.flops(pixels) + mid1.flops(pixels) + mid2.flops(pixels);
    for (int i = up.size() - 1; i >= 0; i--) {
      f += up.get(i).flops(pixels);
      pixels *= up.get(i).upsample() == null ? 1 : 4;
    }
    return f + convOut.flops(pixels);
  }

  /** Parameter count of the loaded decoder. */
  public long parameters() {
    return parameters;
  }

  @Override
  public void close() {
    manager.close();
  }
}
