package org.ttsvar.bench.studies;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.bench.BenchJson;
import org.ttsvar.bench.SceneWorldModels;
import org.ttsvar.world.PromptSets;

class ConsistencyTest {
  @TempDir Path tmp;

  @Test
  void measuresAgreementPerScaleAndWritesThePlot() throws Exception {
    SceneWorldModels m = new SceneWorldModels();
    Consistency.Result r = Consistency.measure(m.generator(), m.reward("ir"), PromptSets.miniGenEval().subList(0, 12), 8, 0, done -> {});
    assertThat(r.batches()).isEqualTo(12);
    assertThat(r.agreement()).hasSize(SceneWorldModels.SCALES);
    assertThat(r.agreement().get(SceneWorldModels.SCALES - 1)).isEqualTo(1.0);
    assertThat(r.chance()).isEqualTo(1.0 / 8);
    Consistency.write(r, List.of(1, 2, 3, 4, 5), tmp);
    assertThat(tmp.resolve("consistency.png")).isRegularFile();
    assertThat(BenchJson.RESULTS.readTree(tmp.resolve("consistency.json").toFile()).get("agreement")).hasSize(5);
  }
}
