package org.ttsvar.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ttsvar.bench.BenchConfig;
import org.ttsvar.bench.ImageRecord;
import org.ttsvar.bench.PromptRecord;
import org.ttsvar.search.Strategy;

class ResultsDiversityTest {
  static ImageRecord image(long seed) {
    return new ImageRecord(seed, true, "", 0.5, 1e9, 1, 1, 1024, 1_000_000);
  }

  @Test
  void oneImagePerPromptHasNoDiversityRatherThanZero() {
    BenchConfig bon = BenchConfig.of(Strategy.BON, 2);
    PromptRecord single = new PromptRecord(0, "single_object", "a photo of a circle", List.of(image(0)), 0.0, 1);
    assertThat(Results.summarize(bon, List.of(single)).diversity()).isNull();
  }

  @Test
  void diversityAveragesOnlyPromptsWithSeveralImages() {
    BenchConfig bon = BenchConfig.of(Strategy.BON, 2);
    PromptRecord a = new PromptRecord(0, "single_object", "a photo of a circle", List.of(image(0), image(1)), 0.2, 1);
    PromptRecord b = new PromptRecord(1, "single_object", "a photo of a ring", List.of(image(0), image(1)), 0.4, 1);
    PromptRecord lone = new PromptRecord(2, "single_object", "a photo of a star", List.of(image(0)), 0.0, 1);
    assertThat(Results.summarize(bon, List.of(a, b, lone)).diversity()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
  }
}
