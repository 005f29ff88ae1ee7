package org.ttsvar.models.embedded.tokenizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.models.nn.Conv2d;
import org.ttsvar.models.nn.GroupNorm;
import org.ttsvar.models.nn.ResBlock;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.Params;
import org.ttsvar.tensor.Resize;
import org.ttsvar.tensor.Scalars;

/**
 * The multi-scale bitwise tokenizer: a CNN encoder to a latent grid, Infinity's bitwise residual
 * quantizer over a list of scales, and a CNN decoder that turns any partial sum of scales into an
 * image.
 *
 * <p>Dimensions: B batch, d bits, h×w latent grid, s×s one scale's token map, H×W image.
 *
 * <p>Quantization (per scale k, side s_k): {@code r = bilinear(residual, s_k)}; {@code q = ±1/√d}
 * by the sign of r (the bit is 1 when r ≥ 0); {@code up = bilinear(q, h)}; {@code f̂ += up};
 * {@code residual −= up}. The decoder sees f̂ after any scale. The VAR model's input for scale k+1 is
 * {@code bilinear(f̂, s_{k+1})}. All resizing is PyTorch's default bilinear (no antialiasing).
 */
public final class Tokenizer implements ModelFiles.Loadable {
  private final TokenizerConfig config;
  private final Params params;
  private final float codeScale;
  // encoder
  private final Conv2d encIn;
  private final List<Conv2d> encDown = new ArrayList<>();
  private final List<ResBlock> encBlocks = new ArrayList<>();
  private final GroupNorm encNorm;
  private final Conv2d encOut;
  // decoder
  private final Conv2d decIn;
  private final ResBlock decMid;
  private final List<ResBlock> decBlocks = new ArrayList<>();
  private final List<Conv2d> decUp = new ArrayList<>();
  private final GroupNorm decNorm;
  private final Conv2d decOut;

  public Tokenizer(TokenizerConfig config, NDManager manager, long seed) {
    this.config = config;
    this.params = new Params(manager, seed);
    this.codeScale = (float) (1 / Math.sqrt(config.bits()));
    List<Integer> ec = config.encoderChannels();
    List<Integer> dc = config.decoderChannels();
    int g = config.groups();
    encIn = new Conv2d(params, "encoder.conv_in", 3, ec.get(0), 3, 1);
    for (int i = 1; i < ec.size(); i++) {
      encDown.add(new Conv2d(params, "encoder.down." + i, ec.get(i - 1), ec.get(i), 3, 2));
      encBlocks.add(new ResBlock(params, "encoder.block." + i, ec.get(i), ec.get(i), g));
    }
    int top = ec.get(ec.size() - 1);
    encNorm = new GroupNorm(params, "encoder.norm_out", top, g);
    encOut = new Conv2d(params, "encoder.conv_out", top, config.bits(), 1, 1);
    decIn = new Conv2d(params, "decoder.conv_in", config.bits(), dc.get(0), 3, 1);
    decMid = new ResBlock(params, "decoder.mid", dc.get(0), dc.get(0), g);
    for (int i = 1; i < dc.size(); i++) {
      decUp.add(new Conv2d(params, "decoder.up." + i, dc.get(i - 1), dc.get(i), 3, 1));
      decBlocks.add(new ResBlock(params, "decoder.block." + i, dc.get(i), dc.get(i), g));
    }
    int last = dc.get(dc.size() - 1);
    decNorm = new GroupNorm(params, "decoder.norm_out", last, g);
    decOut = new Conv2d(params, "decoder.conv_out", last, 3, 3, 1);
  }

  /** Loads a tokenizer from a model folder ({@code config.json} + {@code model.safetensors}). */
  public static Tokenizer load(java.nio.file.Path dir, NDManager manager) throws java.io.IOException {
    return ModelFiles.load(dir, TokenizerConfig.class, config -> new Tokenizer(config, manager, 0));
  }

  /** The shipped default tokenizer. */
  public static Tokenizer loadDefault(NDManager manager) throws java.io.IOException {
    return load(ModelFiles.defaultModelDir("tokenizer"), manager);
  }

  public TokenizerConfig config() {
    return config;
  }

  public Params params() {
    return params;
  }

  /** Images (B, 3, H, W) in [0, 1] → continuous latents z (B, d, h, w). */
  public NDArray encode(NDArray images) {
    return encOut.forward(Nn.silu(encNorm.forward(encoderFeatures(images)))); // (B, d, h, w)
  }

  /**
   * The encoder's last hidden feature map (B, C, h, w) before the projection to bits: the patch
   * features of a self-supervised network (trained only to reconstruct), our DINOv2 analog.
   */
  public NDArray encoderFeatures(NDArray images) {
    NDArray x = encIn.forward(images.mul(2f).sub(1f)); // (B, C0, H, W) from [−1, 1]; no grad: the input images
    for (int i = 0; i < encDown.size(); i++) {
      x = encBlocks.get(i).forward(encDown.get(i).forward(x)); // halve the side
    }
    return x;
  }

  /** A (partial) sum of scales f̂ (B, d, h, w) → images (B, 3, H, W), nominally in [0, 1] (not clamped). */
  public NDArray decode(NDArray fHat) {
    NDArray x = decMid.forward(decIn.forward(fHat)); // (B, C0, h, w)
    for (int i = 0; i < decUp.size(); i++) {
      NDArray up = x.repeat(2, 2).repeat(3, 2); // nearest 2× upsampling
      x = decBlocks.get(i).forward(decUp.get(i).forward(up));
    }
    NDArray out = decOut.forward(Nn.silu(decNorm.forward(x))); // (B, 3, H, W) in [−1, 1]
    return Scalars.mul(out.add(1f), 0.5f);
  }

  /** Decodes and clamps to [0, 1]: what the search and the command line look at. */
  public NDArray decodeImage(NDArray fHat) {
    return decode(fHat).clip(0f, 1f);
  }

  /**
   * The result of quantizing: per-scale bits (B, d, s, s) in {0, 1}, the accumulated f̂ after each
   * scale (B, d, h, w), and the final f̂.
   */
  public record Quantized(List<NDArray> bits, List<NDArray> fHatAfter) {
    public NDArray fHat() {
      return fHatAfter.get(fHatAfter.size() - 1);
    }
  }

  /**
   * Multi-scale residual quantization of z.
   *
   * @param straightThrough pass gradients to z through the sign (training); false for inference
   */
  public Quantized quantize(NDArray z, boolean straightThrough) {
    return quantize(z, straightThrough, null);
  }

  /** Changes a scale's bits before they are accumulated (bitwise self-correction's random flips). */
  @FunctionalInterface
  public interface BitCorruption {
    /** Bits (B, d, s, s) in {0, 1} of scale {@code scaleIndex} → the bits to accumulate instead. */
    NDArray corrupt(int scaleIndex, NDArray bits);
  }

  /**
   * Multi-scale residual quantization of z where each scale's bits may be corrupted before they are
   * accumulated (Infinity's bitwise self-correction): {@code bits} are then the quantization of
   * what is left after the corrupted coarser scales, the labels that teach a model to correct
   * earlier mistakes, and {@code fHatAfter} accumulates the corrupted bits, the inputs such a model
   * sees when it has made them. With {@code corruption} null this is {@link #quantize(NDArray, boolean)}.
   */
  public Quantized quantize(NDArray z, boolean straightThrough, BitCorruption corruption) {
    int h = config.latentSize();
    NDArray residual = z;
    NDArray fHat = null;
    List<NDArray> bits = new ArrayList<>();
    List<NDArray> after = new ArrayList<>();
    for (int k = 0; k < config.scales().size(); k++) {
      int s = config.scales().get(k);
      NDArray r = Resize.resize(residual, Resize.Mode.BILINEAR, s, s); // (B, d, s, s)
      NDArray bit = r.gte(0f).toType(DataType.FLOAT32, false);
      NDArray q = codes(corruption == null ? bit : corruption.corrupt(k, bit));
      if (straightThrough) {
        q = r.add(q.sub(r).stopGradient());
      }
      NDArray up = Resize.resize(q, Resize.Mode.BILINEAR, h, h); // (B, d, h, w)
      fHat = fHat == null ? up : fHat.add(up);
      residual = residual.sub(up);
      bits.add(bit);
      after.add(fHat);
    }
    return new Quantized(bits, after);
  }

  /** Bits (…, d, s, s) in {0, 1} → codes ±1/√d. */
  public NDArray codes(NDArray bits) {
    return bits.mul(2f * codeScale).sub(codeScale); // no grad: bits are constants (straight-through adds the gradient path)
  }

  /** f̂ + bilinear_up(codes of one scale): accumulates a scale's bits (B, d, s, s) onto f̂ (B, d, h, w), which may be null before scale 0. */
  public NDArray addScale(NDArray fHat, NDArray bits) {
    int h = config.latentSize();
    NDArray up = Resize.resize(codes(bits), Resize.Mode.BILINEAR, h, h);
    return fHat == null ? up : fHat.add(up);
  }

  /** The VAR model's input for scale k: f̂ resized (bilinear) to that scale's side, (B, d, s_k, s_k). */
  public NDArray nextInput(NDArray fHat, int scaleIndex) {
    int s = config.scales().get(scaleIndex);
    return Resize.resize(fHat, Resize.Mode.BILINEAR, s, s);
  }

  /**
   * FLOPs of decoding one image (2 per multiply-add of every convolution; norms and activations
   * are not counted), from the config.
   */
  public double decodeFlops() {
    List<Integer> dc = config.decoderChannels();
    double side = config.latentSize();
    double f = conv(config.bits(), dc.get(0), 3, side) + resBlock(dc.get(0), dc.get(0), side);
    for (int i = 1; i < dc.size(); i++) {
      side *= 2;
      f += conv(dc.get(i - 1), dc.get(i), 3, side) + resBlock(dc.get(i), dc.get(i), side);
    }
    return f + conv(dc.get(dc.size() - 1), 3, 3, side);
  }

  /** FLOPs of encoding one image. */
  public double encodeFlops() {
    List<Integer> ec = config.encoderChannels();
    double side = config.imageSize();
    double f = conv(3, ec.get(0), 3, side);
    for (int i = 1; i < ec.size(); i++) {
      side /= 2;
      f += conv(ec.get(i - 1), ec.get(i), 3, side) + resBlock(ec.get(i), ec.get(i), side);
    }
    return f + conv(ec.get(ec.size() - 1), config.bits(), 1, side);
  }

  private static double conv(int in, int out, int k, double side) {
    return 2.0 * in * out * k * k * side * side;
  }

  private static double resBlock(int in, int out, double side) {
    return conv(in, out, 3, side) + conv(out, out, 3, side) + (in == out ? 0 : conv(in, out, 1, side));
  }

  @Override
  public void close() {
    params.close();
  }
}
