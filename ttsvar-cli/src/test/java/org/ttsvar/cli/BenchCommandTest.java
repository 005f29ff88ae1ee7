package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
  @TempDir Path tmp;

  @Test
  void configsAndSeedsNarrowTheSuite() throws Exception {
    Path out = tmp.resolve("b");
    Cli r = Cli.run("bench", "--suite", "quick", "--prompt", "a photo of a red circle", "--configs", "raw-n1,bon-n2", "--seeds", "7", "--out", out.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode configs = new ObjectMapper().readTree(r.lastLine()).get("configs");
    assertThat(configs.fieldNames()).toIterable().containsExactly("raw-n1", "bon-n2");
    assertThat(configs.get("bon-n2").get("images").asInt()).isEqualTo(1); // one prompt, one seed
    assertThat(new ObjectMapper().readTree(out.resolve("bench.json").toFile()).get("seeds").toString()).isEqualTo("[7]");
  }

  @Test
  void anUnknownConfigurationOrBadSeedsAreBadInput() {
    Cli r = Cli.run("bench", "--suite", "quick", "--prompt", "a photo of a red circle", "--configs", "ttsvar-n3", "--out", tmp.resolve("c").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown configuration(s) [ttsvar-n3]").contains("raw-n1, bon-n2, ttsvar-n2");
    Cli s = Cli.run("bench", "--suite", "quick", "--prompt", "a photo of a red circle", "--seeds", "1,1", "--out", tmp.resolve("d").toString());
    assertThat(s.code()).isEqualTo(2);
    assertThat(s.err()).contains("--seeds must list distinct non-negative seeds");
  }
}
