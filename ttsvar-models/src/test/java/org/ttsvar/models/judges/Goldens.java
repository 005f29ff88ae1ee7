package org.ttsvar.models.judges;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.world.RgbImage;

/** The judges' parity tests: their committed goldens (test resources) and the max |Δ| against them. */
public final class Goldens {
  private Goldens() {}

  /** A file of the test resources' folder {@code folder} (dinov2, imagereward, …). */
  public static Path resource(String folder, String name) {
    try {
      return Path.of(Goldens.class.getResource("/" + folder + "/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static RgbImage image(Path png) throws IOException {
    return RgbImage.fromBufferedImage(ImageIO.read(png.toFile()));
  }

  /** A golden tensor as an array of {@code m}. */
  public static NDArray array(NDManager m, TensorData t) {
    return m.create(t.values(), new Shape(t.shape()));
  }

  /** max |got − want| over every value; the sizes must agree. */
  public static double maxAbs(NDArray got, TensorData want, String name) {
    float[] a = got.toType(DataType.FLOAT32, false).toFloatArray(), b = want.values();
    assertThat(a).as(name).hasSameSizeAs(b);
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }
}
