package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ttsvar generate} end to end on tiny random-weight models (3 scales: 1, 2, 4) saved as model
 * folders, searching with the oracle reward so that no reward weights are needed. Checks the JSON
 * against the schedule semantics, replay, and the bad-configuration errors.
 */
class GenerateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROMPT = "a photo of a yellow star and a black heart";

  @TempDir static Path models;
  @TempDir Path tmp;

  @BeforeAll
  static void saveTinyModels() throws IOException {
    TinyModels.save(models);
  }


  private static List<String> args(String... more) {
    List<String> a = new ArrayList<>(List.of("generate", PROMPT, "--tokenizer", models.resolve("tokenizer").toString(), "--var",
        models.resolve("var").toString(), "--reward-type", "oracle"));
    a.addAll(List.of(more));
    return a;
  }

  @Test
  void systematicResamplingWithAnEssThresholdIsRecordedAndReplays() throws IOException {
    Path out = tmp.resolve("ess");
    Cli r = Cli.run(args("--n", "2", "--seed", "7", "--resampling", "systematic", "--ess-threshold", "0.5", "--diversity-floor", "1", "--json", "--out", out.toString())
        .toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode trace = JSON.readTree(out.resolve("trace.json").toFile());
    assertThat(trace.get("resampling").asText()).isEqualTo("systematic");
    assertThat(trace.get("ess_threshold").asDouble()).isEqualTo(0.5);
    assertThat(trace.get("diversity_floor").asDouble()).isEqualTo(1.0);
    JsonNode resample = trace.get("steps").get(0); // scale 0 resamples 8 → 8
    assertThat(resample.get("decision").asText()).isEqualTo("resample");
    double ess = resample.get("ess").asDouble();
    assertThat(ess).isBetween(1.0, 8.0);
    assertThat(resample.get("resampled").asBoolean()).isEqualTo(ess < 0.5 * 8);
    assertThat(Files.readString(out.resolve("search.html"))).contains("systematic, resampling only below ESS 0.5·N, at least 1.0 of the drawn paths distinct");
    Cli replay = Cli.run("generate", "--replay", out.resolve("trace.json").toString(), "--tokenizer", models.resolve("tokenizer").toString(), "--var",
        models.resolve("var").toString());
    assertThat(replay.code()).as(replay.err()).isZero();
    assertThat(replay.err()).contains("identical");
  }

  @Test
  void theJsonShowsTheScheduleAndReplayReproducesTheImage() throws IOException {
    Path out = tmp.resolve("g");
    Cli r = Cli.run(args("--n", "2", "--seed", "7", "--json", "--out", out.toString()).toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.lastLine());
    assertThat(j.get("strategy").asText()).isEqualTo("ttsvar");
    assertThat(j.get("n").asInt()).isEqualTo(2);
    // bs = [4,2,2]×2: scale 0 runs 8 and resamples 8; scale 1 runs 8 and clusters to 4; scale 2 runs 4, the final choice
    assertThat(JSON.convertValue(j.get("executed_batches"), int[].class)).containsExactly(8, 8, 4);
    assertThat(j.get("decisions").get("0").asText()).isEqualTo("resample");
    assertThat(j.get("decisions").get("1").asText()).isEqualTo("cluster");
    assertThat(j.get("decisions").get("2").asText()).isEqualTo("final");
    assertThat(out.resolve("image.png")).isRegularFile();
    assertThat(out.resolve("trace.json")).isRegularFile();
    assertThat(Files.readString(out.resolve("search.html"))).contains("<html");
    assertThat(r.err()).contains("scale 2/3").contains("cluster");

    Cli again = Cli.run(args("--n", "2", "--seed", "7", "--json", "--out", tmp.resolve("h").toString()).toArray(String[]::new));
    assertThat(Files.readAllBytes(tmp.resolve("h").resolve("image.png"))).isEqualTo(Files.readAllBytes(out.resolve("image.png")));

    Cli replay = Cli.run("generate", "--replay", out.resolve("trace.json").toString(), "--path", "0", "--tokenizer", models.resolve("tokenizer").toString(),
        "--var", models.resolve("var").toString());
    assertThat(replay.code()).as(replay.err()).isZero();
    assertThat(replay.err()).contains("identical to the recorded survivor");
    assertThat(out.resolve("replay-00.png")).isRegularFile();

    // --out means a folder with and without --replay; a prompt beside --replay is refused, not ignored
    Path elsewhere = tmp.resolve("replays");
    Cli into = Cli.run("generate", "--replay", out.resolve("trace.json").toString(), "--out", elsewhere.toString(), "--tokenizer",
        models.resolve("tokenizer").toString(), "--var", models.resolve("var").toString());
    assertThat(into.code()).as(into.err()).isZero();
    assertThat(elsewhere.resolve("replay-00.png")).isRegularFile();
    Cli both = Cli.run("generate", PROMPT, "--replay", out.resolve("trace.json").toString());
    assertThat(both.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(both.err()).contains("drop the prompt");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--batch-schedule=4,2|--batch-schedule (--bs-sis)",
      "--bs-sis=4,2|--bs-sis",
      "--bs-sis=2,4,1|--bs-sis",
      "--extract-sis=5|--extract-sis",
      "--resample-sis=2|--resample-sis",
      "--cal-type=median|--cal-type",
      "--extract-type=sift|--extract-type",
      "--lam=-1|--lam",
      "--lambda=-1|--lambda",
      "--potential=median|--potential",
      "--strategy=beam|--strategy",
      "--reward-type=hps|--reward-type",
      "--scorer=oracle|--scorer",
      "--resampling=residual|--resampling",
      "--ess-threshold=0|--ess-threshold",
      "--ess-threshold=1.5|--ess-threshold",
      "--diversity-floor=0|--diversity-floor",
      "--narrow-above=1|--narrow-above"})
  void badConfigurationsExitTwoNamingTheArgument(String bad, String named) {
    Cli r = Cli.run(args(bad, "--out", tmp.resolve("x").toString()).toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains(named);
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  void speedReportsThroughputFlopsByScaleAndMemory() throws IOException {
    Cli r = Cli.run("speed", "--tokenizer", models.resolve("tokenizer").toString(), "--var", models.resolve("var").toString(), "--batches", "1,4",
        "--images", "4", "--rss-generations", "3", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.lastLine());
    assertThat(j.get("images_per_s")).hasSize(2);
    assertThat(j.get("images_per_s").get(1).get("images_per_s").asDouble()).isPositive();
    assertThat(j.get("flops_per_image_by_scale")).hasSize(3);
    // later scales attend to more tokens: FLOPs grow with the scale
    assertThat(j.get("flops_per_image_by_scale").get(2).get("flops").asDouble()).isGreaterThan(j.get("flops_per_image_by_scale").get(0).get("flops").asDouble());
    assertThat(j.get("rss_mb").size()).isGreaterThanOrEqualTo(2);
  }
}
