package org.ttsvar.models.embedded.var;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;

/** Sampling follows the guidance ramp: no guidance at the first scale, full guidance at the last. */
class CfgRampTest {
  private static float[][] afterScales(VarModel model, Tokenizer tokenizer, SamplingConfig sampling, int scales) {
    try (Particles p = Particles.start(model, tokenizer, "a photo of a red circle", 32, 7, sampling)) {
      for (int k = 0; k < scales; k++) {
        p.step();
      }
      return p.codeMaps();
    }
  }

  @Test
  void theFirstScaleIsUnguidedAndTheLastFullyGuided() {
    try (NDManager m = NDManager.newBaseManager()) {
      VarModel model = TinyModels.var(m, 31);
      Tokenizer tokenizer = TinyModels.tokenizer(m, 32);
      SamplingConfig ramp = new SamplingConfig(6.0, 1.0, 1.0, true);
      float[][] unguided = afterScales(model, tokenizer, new SamplingConfig(1.0, 1.0, 1.0), 1);
      float[][] guided = afterScales(model, tokenizer, new SamplingConfig(6.0, 1.0, 1.0), 1);
      assertThat(guided).isNotEqualTo(unguided); // guidance changes the first scale's bits, so the check below can fail
      assertThat(afterScales(model, tokenizer, ramp, 1)).isEqualTo(unguided);
      int k = TinyModels.scales().size();
      assertThat(ramp.cfgAt(k - 1, k)).isEqualTo(6.0);
      assertThat(afterScales(model, tokenizer, ramp, k)).isNotEqualTo(afterScales(model, tokenizer, new SamplingConfig(1.0, 1.0, 1.0), k));
    }
  }
}
