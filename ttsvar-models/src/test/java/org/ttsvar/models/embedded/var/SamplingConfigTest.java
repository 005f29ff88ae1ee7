package org.ttsvar.models.embedded.var;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SamplingConfigTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void theRampGoesFromNoGuidanceAtTheFirstScaleToCfgAtTheLast() {
    SamplingConfig ramp = new SamplingConfig(4.0, 1.0, 0.97, true);
    assertThat(ramp.cfgAt(0, 7)).isEqualTo(1.0);
    assertThat(ramp.cfgAt(3, 7)).isCloseTo(2.5, within(1e-12));
    assertThat(ramp.cfgAt(6, 7)).isEqualTo(4.0);
    SamplingConfig constant = new SamplingConfig(4.0, 1.0, 0.97);
    for (int k = 0; k < 7; k++) {
      assertThat(constant.cfgAt(k, 7)).isEqualTo(4.0);
    }
  }

  @Test
  void olderSamplingFilesReadAsConstantGuidanceAndConstantGuidanceWritesAsBefore() throws Exception {
    SamplingConfig old = json.readValue("{\"cfg\": 3.0, \"temperature\": 1.0, \"topP\": 0.97}", SamplingConfig.class);
    assertThat(old).isEqualTo(SamplingConfig.DEFAULT);
    assertThat(json.writeValueAsString(old)).isEqualTo("{\"cfg\":3.0,\"temperature\":1.0,\"topP\":0.97}");
    assertThat(old.toString()).isEqualTo("SamplingConfig[cfg=3.0, temperature=1.0, topP=0.97]"); // run descriptions compared on resume
    SamplingConfig ramp = old.withCfgRamp(true);
    assertThat(json.readValue(json.writeValueAsString(ramp), SamplingConfig.class)).isEqualTo(ramp);
    assertThat(ramp.toString()).contains("cfgRamp=true");
  }
}
