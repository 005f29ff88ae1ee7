package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.world.BadInputException;

/**
 * Teacher-forced parity with the reference on a golden file (written by
 * {@code tools/parity/infinity/make_goldens.py} running FoundationVision/Infinity): the golden's text
 * features and forced bits of every scale are fed to the Java port, whose guided logits (before τ) are
 * compared with the golden's at every scale, and whose decode of the summed codes with the golden image.
 * Golden layout: {@code text.features} [T, Ct], {@code scale.K.bits} U8 [h·w, d], {@code scale.K.logits}
 * F32 [h·w, d, 2], {@code image} [H, W, 3] in [−1, 1]; metadata {@code pn}, {@code h_div_w}, {@code cfg}.
 */
public final class Parity {
  public static final double LOGITS_TOLERANCE = 1e-4;
  public static final double IMAGE_TOLERANCE = 1e-3;

  /** The largest |Δ| of each scale's logits and of the image. */
  public record Result(List<Double> logitsPerScale, double image, String pn, double hDivW) {
    public double maxLogits() {
      return logitsPerScale.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    public int scales() {
      return logitsPerScale.size();
    }

    public boolean passes() {
      return maxLogits() <= LOGITS_TOLERANCE && image <= IMAGE_TOLERANCE;
    }
  }

  private Parity() {}

  /**
   * @throws BadInputException naming the golden file when it is not one (missing tensors or metadata, wrong shapes)
   */
  public static Result check(InfinityTransformer model, BsqVaeDecoder vae, Path golden) throws IOException {
    try (SafeTensors g = openGolden(golden); NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      Map<String, String> meta = g.metadata();
      String pn = require(meta, "pn", golden);
      double ratio = number(require(meta, "h_div_w", golden), "h_div_w", golden);
      float cfg = (float) number(require(meta, "cfg", golden), "cfg", golden);
      Schedules.Schedule schedule;
      try {
        schedule = Schedules.of(pn, ratio);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(golden + ": metadata pn '" + pn + "', h_div_w " + ratio + ": " + e.getMessage());
      }
      TensorData text = tensor(g, "text.features", golden);
      if (text.shape().length != 2 || text.shape()[1] != model.textChannels()) {
        throw new BadInputException(golden + ": text.features must be [T, " + model.textChannels() + "] for these weights, got " + java.util.Arrays.toString(text.shape())
            + "; is the golden made for this model?");
      }
      List<Double> perScale = new ArrayList<>();
      int[] last = schedule.last();
      try (InfinityTransformer.Run run = model.start(m.create(text.values(), new Shape(text.shape())), schedule, 1);
          SummedCodes sum = new SummedCodes(m, 1, model.codeDim(), last[0], last[1])) {
        NDArray input = null;
        for (int k = 0; k < schedule.scales().size(); k++) {
          int h = schedule.scales().get(k)[0], w = schedule.scales().get(k)[1];
          NDArray expected = array(m, g, "scale." + k + ".logits", golden, (long) h * w, model.codeDim(), 2);
          NDArray bits = array(m, g, "scale." + k + ".bits", golden, (long) h * w, model.codeDim());
          NDArray logits = InfinityTransformer.guide(run.step(input), cfg).get(0); // (L, d, 2)
          perScale.add((double) logits.sub(expected).abs().max().getFloat());
          sum.add(bits.expandDims(0), h, w);
          if (k + 1 < schedule.scales().size()) {
            input = sum.nextInput(schedule.scales().get(k + 1)[0], schedule.scales().get(k + 1)[1]); // (1, L', d)
          }
        }
        try (NDArray image = vae.decode(sum.summed())) { // (1, 3, H, W)
          Shape s = image.getShape();
          NDArray expected = array(m, g, "image", golden, s.get(2), s.get(3), 3).transpose(2, 0, 1).expandDims(0);
          double imageDiff = image.sub(expected).abs().max().getFloat();
          return new Result(List.copyOf(perScale), imageDiff, pn, ratio);
        }
      }
    }
  }

  private static SafeTensors openGolden(Path golden) {
    try {
      return SafeTensors.open(golden);
    } catch (IOException e) {
      throw new BadInputException(golden + ": not a readable golden (safetensors) file: " + e.getMessage()
          + "; goldens are written by tools/parity/infinity/make_goldens.py");
    }
  }

  private static String require(Map<String, String> meta, String key, Path golden) {
    String v = meta.get(key);
    if (v == null) {
      throw new BadInputException(golden + ": no metadata '" + key + "'; goldens are written by tools/parity/infinity/make_goldens.py");
    }
    return v;
  }

  private static double number(String v, String key, Path golden) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new BadInputException(golden + ": metadata '" + key + "' is not a number: '" + v + "'");
    }
  }

  private static TensorData tensor(SafeTensors g, String name, Path golden) throws IOException {
    if (!g.has(name)) {
      throw new BadInputException(golden + ": no tensor '" + name + "'; goldens are written by tools/parity/infinity/make_goldens.py");
    }
    return g.read(name);
  }

  private static NDArray array(NDManager m, SafeTensors g, String name, Path golden, long... shape) throws IOException {
    TensorData t = tensor(g, name, golden);
    if (!java.util.Arrays.equals(t.shape(), shape)) {
      throw new BadInputException(golden + ": tensor '" + name + "' has shape " + java.util.Arrays.toString(t.shape()) + ", expected " + java.util.Arrays.toString(shape)
          + " for this schedule and these weights; is the golden made for this model?");
    }
    return m.create(t.values(), new Shape(shape));
  }
}
