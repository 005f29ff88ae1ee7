package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    Path file = TestPrompts.twoPerTask(tmp.resolve("prompts.jsonl"));
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
