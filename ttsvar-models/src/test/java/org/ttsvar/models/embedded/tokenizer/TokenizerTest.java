package org.ttsvar.models.embedded.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.tensor.CorruptWeightsException;

/** The tokenizer's plumbing on the tiny configuration with random weights (seconds). */
class TokenizerTest {
  @TempDir Path dir;

  static NDArray images(NDManager m, int n, int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] px = new float[n * 3 * size * size];
    for (int i = 0; i < px.length; i++) {
      px[i] = (float) r.nextDouble();
    }
    return m.create(px, new Shape(n, 3, size, size));
  }

  @Test
  void roundTripHasTheRightShapesAndBits() {
    TokenizerConfig c = TokenizerConfig.TINY;
    try (NDManager m = NDManager.newBaseManager(); Tokenizer t = new Tokenizer(c, m, 1)) {
      NDArray x = images(m, 3, c.imageSize(), 2);
      NDArray z = t.encode(x);
      assertThat(z.getShape()).isEqualTo(new Shape(3, c.bits(), c.latentSize(), c.latentSize()));
      Tokenizer.Quantized q = t.quantize(z, false);
      assertThat(q.bits()).hasSize(c.numScales());
      for (int k = 0; k < c.numScales(); k++) {
        int s = c.scales().get(k);
        assertThat(q.bits().get(k).getShape()).isEqualTo(new Shape(3, c.bits(), s, s));
        assertThat(q.bits().get(k).toFloatArray()).containsOnly(0f, 1f);
      }
      NDArray img = t.decodeImage(q.fHat());
      assertThat(img.getShape()).isEqualTo(new Shape(3, 3, c.imageSize(), c.imageSize()));
      for (float p : img.toFloatArray()) {
        assertThat(p).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void corruptedBitsAreAccumulatedAndTheFinerScalesRequantizeWhatIsLeft() {
    TokenizerConfig c = TokenizerConfig.TINY;
    try (NDManager m = NDManager.newBaseManager(); Tokenizer t = new Tokenizer(c, m, 5)) {
      NDArray z = t.encode(images(m, 2, c.imageSize(), 6));
      Tokenizer.Quantized plain = t.quantize(z, false);
      Tokenizer.Quantized same = t.quantize(z, false, (k, bits) -> bits);
      Tokenizer.Quantized flipped = t.quantize(z, false, (k, bits) -> k == 0 ? bits.neg().add(1f) : bits); // every bit of scale 0
      for (int k = 0; k < c.numScales(); k++) {
        assertThat(same.bits().get(k).toFloatArray()).containsExactly(plain.bits().get(k).toFloatArray());
      }
      // the labels of scale 0 are still the true bits; what is accumulated is the corrupted ones
      assertThat(flipped.bits().get(0).toFloatArray()).containsExactly(plain.bits().get(0).toFloatArray());
      NDArray f0 = t.addScale(null, plain.bits().get(0).neg().add(1f));
      assertThat(flipped.fHatAfter().get(0).toFloatArray()).containsExactly(f0.toFloatArray(), within(1e-6f));
      // scale 1 quantizes the residual left by the corrupted scale 0: its labels correct the mistake
      int s1 = c.scales().get(1);
      NDArray expected = org.ttsvar.tensor.Resize.resize(z.sub(f0), org.ttsvar.tensor.Resize.Mode.BILINEAR, s1, s1).gte(0f);
      assertThat(flipped.bits().get(1).toFloatArray())
          .containsExactly(expected.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray());
      assertThat(flipped.bits().get(1).toFloatArray()).isNotEqualTo(plain.bits().get(1).toFloatArray());
    }
  }

  @Test
  void accumulatingTheBitsScaleByScaleRebuildsEveryPartialSum() {
    TokenizerConfig c = TokenizerConfig.TINY;
    try (NDManager m = NDManager.newBaseManager(); Tokenizer t = new Tokenizer(c, m, 3)) {
      Tokenizer.Quantized q = t.quantize(t.encode(images(m, 2, c.imageSize(), 4)), false);
      NDArray f = null;
      for (int k = 0; k < c.numScales(); k++) {
        f = t.addScale(f, q.bits().get(k));
        assertThat(f.toFloatArray()).containsExactly(q.fHatAfter().get(k).toFloatArray(), within(1e-6f));
        if (k + 1 < c.numScales()) {
          int s = c.scales().get(k + 1);
          assertThat(t.nextInput(f, k + 1).getShape()).isEqualTo(new Shape(2, c.bits(), s, s));
        }
      }
      // every code is ±1/√d
      float code = (float) (1 / Math.sqrt(c.bits()));
      assertThat(t.codes(q.bits().get(0)).abs().toFloatArray()).containsOnly(code);
    }
  }

  @Test
  void savedWeightsLoadBackToTheSameModel() throws Exception {
    TokenizerConfig c = TokenizerConfig.TINY;
    try (NDManager m = NDManager.newBaseManager(); Tokenizer t = new Tokenizer(c, m, 5)) {
      ModelFiles.save(dir, c, t.params(), Map.of());
      try (Tokenizer back = Tokenizer.load(dir, m)) {
        NDArray x = images(m, 2, c.imageSize(), 6);
        float[] a = t.decodeImage(t.quantize(t.encode(x), false).fHat()).toFloatArray();
        float[] b = back.decodeImage(back.quantize(back.encode(x), false).fHat()).toFloatArray();
        // weights are stored as F16: outputs agree to half precision
        for (int i = 0; i < a.length; i++) {
          assertThat(b[i]).isCloseTo(a[i], within(2e-2f));
        }
        assertThat(back.config()).isEqualTo(c);
      }
    }
  }

  @Test
  void truncatedOrMismatchedWeightsFailClearly() throws Exception {
    TokenizerConfig c = TokenizerConfig.TINY;
    try (NDManager m = NDManager.newBaseManager(); Tokenizer t = new Tokenizer(c, m, 7)) {
      ModelFiles.save(dir, c, t.params(), Map.of());
      Path w = dir.resolve(ModelFiles.WEIGHTS);
      byte[] all = Files.readAllBytes(w);
      Files.write(w, Arrays.copyOf(all, all.length / 2));
      assertThatThrownBy(() -> Tokenizer.load(dir, m)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("truncated").hasMessageContaining(w.toString());
      Files.writeString(dir.resolve(ModelFiles.CONFIG), "{\"image_size\": 16, \"latent_size\": 4}");
      assertThatThrownBy(() -> Tokenizer.load(dir, m)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("invalid model config");
      Path missing = dir.resolve("tokenizer");
      assertThatThrownBy(() -> Tokenizer.load(missing, m))
          .isInstanceOf(CorruptWeightsException.class)
          .hasMessageContaining("no model folder at " + missing)
          .hasMessageNotContaining("--")
          .satisfies(e -> assertThat(((org.ttsvar.models.MissingModelException) e).model()).isEqualTo("tokenizer"));
    }
  }

  @Test
  void flopCountsFollowTheConfig() {
    try (NDManager m = NDManager.newBaseManager(); Tokenizer t = new Tokenizer(TokenizerConfig.DEFAULT, m, 1)) {
      // decoder: conv_in 32→128 at 8² plus ResBlock(128) at 8², …; hand-check the first two terms
      double first = 2.0 * 32 * 128 * 9 * 64 + 2 * (2.0 * 128 * 128 * 9 * 64);
      assertThat(t.decodeFlops()).isGreaterThan(first);
      assertThat(t.decodeFlops()).isBetween(1e8, 1e9);
      assertThat(t.encodeFlops()).isBetween(1e8, 1e9);
    }
  }

  @Test
  void theTrainingLossWeighsObjectPixelsAndTheirFringe() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] img = new float[3 * 8 * 8];
      Arrays.fill(img, 0.5f);
      img[3 * 8 + 4] = 0.9f; // one red-channel pixel at (x 4, y 3) differs from the grey background
      NDArray w = TokenizerTrainer.objectWeight(m.create(img, new Shape(1, 3, 8, 8)));
      assertThat(w.getShape()).isEqualTo(new Shape(1, 1, 8, 8));
      float[] v = w.toFloatArray();
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          boolean nearObject = Math.abs(x - 4) <= 1 && Math.abs(y - 3) <= 1;
          assertThat(v[y * 8 + x]).as("(%d, %d)", x, y).isEqualTo(nearObject ? (float) TokenizerTrainer.OBJECT_WEIGHT : 1f);
        }
      }
    }
  }
}
