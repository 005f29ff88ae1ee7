package org.ttsvar.models.embedded.var;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.io.ImageFiles;

/**
 * A particle's decoded image must not depend on which other particles are decoded with it, where it
 * sits among them, or how many there are (convolution kernels choose algorithms by batch shape; a
 * batched decode would break replay and per-path determinism).
 */
class DecodeIndependenceTest {
  static NDManager manager;
  static VarModel model;
  static Tokenizer tokenizer;

  @BeforeAll
  static void load() {
    manager = NDManager.newBaseManager();
    model = TinyModels.var(manager, 21);
    tokenizer = TinyModels.tokenizer(manager, 22);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void imageIsTheSameAloneAmongOthersAndRepeated() {
    int n = 11;
    try (Particles p = Particles.start(model, tokenizer, "a photo of two triangles", n, 5, new SamplingConfig(2.0, 1.0, 0.97))) {
      p.step();
      p.step();
      RgbImage[] all = p.decodeAll();
      assertThat(all).hasSize(n);
      for (int row : new int[] {0, 7, 8, n - 1}) {
        byte[] expected = ImageFiles.encodePng(all[row]);
        assertThat(ImageFiles.encodePng(p.decode(new int[] {row}).get(0))).as("row %d alone", row).isEqualTo(expected);
        List<RgbImage> reversed = p.decode(new int[] {n - 1, 3, row, row, 0});
        assertThat(ImageFiles.encodePng(reversed.get(2))).as("row %d among others", row).isEqualTo(expected);
        assertThat(ImageFiles.encodePng(reversed.get(3))).as("row %d repeated", row).isEqualTo(expected);
      }
      // distinct particles give distinct partial images, so the comparison above is not vacuous
      assertThat(ImageFiles.encodePng(all[0])).isNotEqualTo(ImageFiles.encodePng(all[1]));
    }
  }
}
