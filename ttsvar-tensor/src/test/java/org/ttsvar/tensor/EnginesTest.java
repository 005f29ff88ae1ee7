package org.ttsvar.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnginesTest {
  private static final String AVX512_CPU = "processor\t: 0\nflags\t\t: fpu sse4_2 avx avx2 avx512f avx512bw\n";
  private static final String AVX_CPU = "processor\t: 0\nflags\t\t: fpu sse4_2 avx\n";

  @Test
  void convolutionsAreUnsafeOnlyOnAnAvx2CpuWithoutAnIsaCap() {
    assertThat(Engines.uncapped(Map.of(), AVX512_CPU)).isTrue();
    assertThat(Engines.uncapped(Map.of(Engines.ONEDNN_ISA, "AVX"), AVX512_CPU)).isFalse();
    assertThat(Engines.uncapped(Map.of("DNNL_MAX_CPU_ISA", "AVX"), AVX512_CPU)).isFalse();
    assertThat(Engines.uncapped(Map.of(), AVX_CPU)).isFalse();
    assertThat(Engines.uncapped(Map.of(), "")).isFalse(); // not Linux, or unreadable: no claim
  }

  @Test
  void theTestBuildCapsOneDnnSoTrainingIsAllowed() {
    // surefire sets ONEDNN_MAX_CPU_ISA (pom.xml); without it this machine's training would be refused
    assertThat(System.getenv(Engines.ONEDNN_ISA)).isEqualTo("AVX");
    Engines.requireReliableGradients();
    assertThat(Engines.inferenceWarning()).isEmpty();
  }
}
