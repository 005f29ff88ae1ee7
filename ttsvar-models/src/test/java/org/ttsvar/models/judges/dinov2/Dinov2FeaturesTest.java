package org.ttsvar.models.judges.dinov2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsvar.search.PcaProjection;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.world.RgbImage;

/** The {@code pca} and {@code pool} extractors on the tiny random DINOv2, against the reference's patch tokens. */
class Dinov2FeaturesTest {
  private static NDManager manager;
  private static Dinov2 model;
  private static double[][] goldenTokens; // (256, C)
  private static RgbImage image;
  private static RgbImage mirrored;

  @BeforeAll
  static void load() throws IOException {
    manager = NDManager.newBaseManager();
    model = Dinov2.load(Dinov2Test.resource("tiny_dinov2_reg4.pth"), manager);
    TensorData t = SafeTensors.readAll(Dinov2Test.resource("golden.safetensors")).get("patch_tokens");
    int p = (int) t.shape()[0], c = (int) t.shape()[1];
    goldenTokens = new double[p][c];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < c; j++) {
        goldenTokens[i][j] = t.values()[i * c + j];
      }
    }
    image = Dinov2Test.inputImage();
    byte[] flipped = new byte[image.width() * image.height() * 3];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        for (int ch = 0; ch < 3; ch++) {
          flipped[(y * image.width() + x) * 3 + ch] = (byte) image.get(image.width() - 1 - x, y, ch);
        }
      }
    }
    mirrored = new RgbImage(image.width(), image.height(), flipped);
  }

  @AfterAll
  static void close() {
    model.close();
    manager.close();
  }

  @Test
  void poolIsTheMeanPatchToken() {
    double[][] f = Dinov2Features.pool(model, 4).extract(List.of(image), null);
    double[] mean = new double[goldenTokens[0].length];
    for (double[] row : goldenTokens) {
      for (int j = 0; j < mean.length; j++) {
        mean[j] += row[j] / goldenTokens.length;
      }
    }
    assertThat(f[0]).containsExactly(mean, within(1e-4));
  }

  @Test
  void pcaIsTheSignFixedFirstComponentOfThePatchTokens() {
    double[][] f = Dinov2Features.pca(model, 4).extract(List.of(image), null);
    assertThat(f[0]).hasSize(256).containsExactly(PcaProjection.project(goldenTokens), within(1e-3));
  }

  @Test
  void batchingDoesNotChangeFeatures() {
    List<RgbImage> images = List.of(image, mirrored, image);
    for (Dinov2Features[] pair : new Dinov2Features[][] {
        {Dinov2Features.pca(model, 1), Dinov2Features.pca(model, 2)}, {Dinov2Features.pool(model, 1), Dinov2Features.pool(model, 3)}}) {
      double[][] one = pair[0].extract(images, null), batched = pair[1].extract(images, null);
      for (int i = 0; i < images.size(); i++) {
        assertThat(batched[i]).as(pair[0].name() + " image " + i).containsExactly(one[i], within(1e-4));
      }
      assertThat(one[0]).containsExactly(one[2], within(1e-6));
      assertThat(one[0]).isNotEqualTo(one[1]);
    }
  }
}
