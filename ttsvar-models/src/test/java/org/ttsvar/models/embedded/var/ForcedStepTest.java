package org.ttsvar.models.embedded.var;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.io.ImageFiles;

/** Teacher-forced steps reproduce the tokenizer's codes; sampling takes over where forcing stops. */
class ForcedStepTest {
  private static final String PROMPT = "a photo of a red circle";

  @Test
  void forcingEveryScaleGivesTheTokenizersReconstruction() {
    try (NDManager m = NDManager.newBaseManager(); VarModel model = TinyModels.var(m, 5); Tokenizer tok = TinyModels.tokenizer(m, 1)) {
      int size = tok.config().imageSize();
      float[] px = new float[3 * size * size];
      SplittableRandom rng = new SplittableRandom(3);
      for (int i = 0; i < px.length; i++) {
        px[i] = (float) rng.nextDouble();
      }
      Tokenizer.Quantized q = tok.quantize(tok.encode(m.create(px, new Shape(1, 3, size, size))), false);
      RgbImage expected = RgbImage.fromChwFloats(tok.decodeImage(q.fHatAfter().get(q.fHatAfter().size() - 1)).toFloatArray(), size, size);
      SamplingConfig sampling = new SamplingConfig(2.0, 1.0, 0.97);
      try (Particles p = Particles.start(model, tok, PROMPT, 1, 0, sampling)) {
        for (int k = 0; k < p.numScales(); k++) {
          p.stepForced(q.bits().get(k));
        }
        assertThat(ImageFiles.encodePng(p.decodeAll()[0])).isEqualTo(ImageFiles.encodePng(expected));
      }
      try (Particles p = Particles.start(model, tok, PROMPT, 1, 0, sampling)) {
        NDArray wrong = m.zeros(new Shape(1, tok.config().bits(), 2, 2));
        assertThatThrownBy(() -> p.stepForced(wrong)).hasMessageContaining("must have shape");
        p.stepForced(q.bits().get(0));
        p.step(); // the rest is sampled
        p.step();
        assertThat(p.finished()).isTrue();
      }
    }
  }
}
