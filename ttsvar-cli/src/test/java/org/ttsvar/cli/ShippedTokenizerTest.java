package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.world.PromptSets;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Task;
import org.ttsvar.world.io.MetadataJson;

/**
 * The shipped tokenizer end to end: ground truth of two prompts per task is encoded and decoded by
 * {@code ttsvar reconstruct} (the embedded weights), and the verifier still recognises it. The full
 * measurement (0.971 over the whole prompt set) is in weights/tokenizer/MODEL_CARD.md; this guards
 * against shipping broken or mismatched weights.
 */
class ShippedTokenizerTest {
  @TempDir Path tmp;

  @Test
  void reconstructionsOfGroundTruthStayRecognisable() throws IOException {
    Map<Task, List<PromptSpec>> perTask = new EnumMap<>(Task.class);
    for (PromptSpec s : PromptSets.miniGenEval()) {
      List<PromptSpec> l = perTask.computeIfAbsent(s.task(), t -> new ArrayList<>());
      if (l.size() < 2) {
        l.add(s);
      }
    }
    List<PromptSpec> prompts = perTask.values().stream().flatMap(List::stream).toList();
    Path file = tmp.resolve("prompts.jsonl");
    MetadataJson.writeLines(prompts, file);
    Path gt = tmp.resolve("gt");
    Path rec = tmp.resolve("rec");
    assertThat(Cli.run("render", "--prompts", file.toString(), "--out", gt.toString(), "--images-per-prompt", "1").code()).isZero();

    Cli r = Cli.run("reconstruct", "--in", gt.toString(), "--out", rec.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Matcher psnr = Pattern.compile("PSNR ([0-9.]+) dB").matcher(r.out() + r.err());
    assertThat(psnr.find()).as(r.out()).isTrue();
    assertThat(Double.parseDouble(psnr.group(1))).isGreaterThan(32.0);

    Cli e = Cli.run("eval", rec.toString(), "--json");
    assertThat(e.code()).as(e.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(e.lastLine());
    assertThat(summary.get("images").asInt()).isEqualTo(12);
    assertThat(summary.get("overall").asDouble()).isGreaterThanOrEqualTo(0.9);
  }
}
