package org.ttsvar.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Antialiased resizing against PyTorch's {@code F.interpolate(..., antialias=True)} and the 8-bit
 * resize against Pillow's {@code Image.resize}, on goldens written by
 * {@code tools/parity/make_resize_goldens.py}.
 */
class ResizeGoldensTest {
  private static Map<String, TensorData> golden;

  @BeforeAll
  static void load() throws IOException, URISyntaxException {
    golden = SafeTensors.readAll(Path.of(ResizeGoldensTest.class.getResource("/resize/resize_goldens.safetensors").toURI()));
  }

  @Test
  void antialiasedBicubicAndBilinearMatchPyTorch() {
    Pattern out = Pattern.compile("aa\\.(\\w+)\\.(\\d+x\\d+)\\.(\\d+)x(\\d+)");
    int checked = 0;
    double worst = 0;
    try (NDManager m = NDManager.newBaseManager()) {
      for (String name : golden.keySet()) {
        Matcher k = out.matcher(name);
        if (!k.matches()) {
          continue;
        }
        TensorData in = golden.get("aa." + k.group(1) + "." + k.group(2) + ".in");
        Resize.Mode mode = k.group(1).equals("bicubic") ? Resize.Mode.BICUBIC_ANTIALIAS : Resize.Mode.BILINEAR_ANTIALIAS;
        NDArray x = m.create(in.values(), new Shape(in.shape()));
        float[] got = Resize.resize(x, mode, Integer.parseInt(k.group(3)), Integer.parseInt(k.group(4))).toFloatArray();
        double d = maxAbs(got, golden.get(name).values());
        assertThat(d).as(name).isLessThan(3e-6); // float32 rounding of values up to ~4 (measured 1.4e-6)
        worst = Math.max(worst, d);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(14);
    System.out.printf("antialiased resize: max |Δ| %.2e over %d cases%n", worst, checked);
  }

  @Test
  void eightBitResizeIsPillowsBitForBit() {
    Pattern out = Pattern.compile("pil\\.(\\w+)\\.(\\d+)x(\\d+)");
    TensorData in = golden.get("pil.in"); // (H, W, 3)
    int checked = 0;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray chw = m.create(in.values(), new Shape(in.shape())).transpose(2, 0, 1); // (3, H, W)
      for (String name : golden.keySet()) {
        Matcher k = out.matcher(name);
        if (!k.matches()) {
          continue;
        }
        Resize.Filter filter = Resize.Filter.valueOf(k.group(1).toUpperCase(java.util.Locale.ROOT));
        int w = Integer.parseInt(k.group(2)), h = Integer.parseInt(k.group(3));
        NDArray got = PilResize.resize(chw, filter, h, w).transpose(1, 2, 0); // (H, W, 3)
        assertThat(maxAbs(got.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(), golden.get(name).values())).as(name).isZero();
        checked++;
      }
    }
    assertThat(checked).isEqualTo(8);
  }

  private static double maxAbs(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }
}
