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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ttsvar generate --model infinity} on the tiny random Infinity in the official file layout, conditioned
 * on a golden's text features or on the tiny T5 encoder: raw sampling writes the usual outputs, deterministically, and replays from the
 * trace alone; what is missing or not available yet is refused with exit 2, naming the file or the reason.
 */
class InfinityGenerateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROMPT = "a corgi wearing a red scarf, studio photo";
  private static final Path TEXT = ParityCommandTest.RESOURCES.resolve("golden_r1_006M.safetensors");

  @TempDir static Path weights;
  @TempDir Path tmp;

  @BeforeAll
  static void officialFolder() throws IOException {
    ParityCommandTest.officialDir(weights);
  }

  private static List<String> args(String... more) {
    List<String> a = new ArrayList<>(List.of("generate", PROMPT, "--model", "infinity", "--weights", weights.toString(), "--text-features", TEXT.toString()));
    a.addAll(List.of(more));
    return a;
  }

  @Test
  void rawWritesTheImageSameSeedSameBytesAndTheReplayReproducesIt() throws IOException {
    Path out = tmp.resolve("a");
    Cli r = Cli.run(args("--strategy", "raw", "--seed", "5", "--json", "--out", out.toString()).toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.lastLine());
    assertThat(j.get("strategy").asText()).isEqualTo("raw");
    assertThat(JSON.convertValue(j.get("executed_batches"), int[].class)).containsExactly(1, 1, 1, 1, 1, 1, 1);
    assertThat(r.err()).contains("scale 7/7 (16×16)");
    assertThat(out.resolve("image.png")).isRegularFile();
    assertThat(out.resolve("survivors")).isDirectory();
    assertThat(Files.readString(out.resolve("search.html"))).contains("<html");
    JsonNode setup = JSON.readTree(out.resolve("trace.json").toFile()).get("setup");
    assertThat(setup.get("model").asText()).isEqualTo("infinity");
    assertThat(setup.get("infinity.pn").asText()).isEqualTo("0.06M");
    assertThat(setup.get("infinity.cfg").asDouble()).isEqualTo(3.0);
    assertThat(setup.get("infinity.tau").asDouble()).isEqualTo(0.5);
    assertThat(setup.get("infinity.top_p").asDouble()).isEqualTo(0.97);
    assertThat(setup.get("reward").asText()).startsWith("none");
    assertThat(setup.get("infinity.threads").asInt()).isEqualTo(InfinityOptions.threads());
    assertThat(InfinityOptions.threadsNote(JSON.readTree("{\"setup\":{\"infinity.threads\":\"999\"}}"))).contains("TTSVAR_THREADS=999");

    Cli again = Cli.run(args("--strategy", "raw", "--seed", "5", "--out", tmp.resolve("b").toString()).toArray(String[]::new));
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(Files.readAllBytes(tmp.resolve("b").resolve("image.png"))).isEqualTo(Files.readAllBytes(out.resolve("image.png")));

    // the trace alone says which model, files, schedule and sampling: no flags needed
    Cli replay = Cli.run("generate", "--replay", out.resolve("trace.json").toString());
    assertThat(replay.code()).as(replay.err()).isZero();
    assertThat(replay.err()).contains("identical to the recorded survivor");
    assertThat(Files.readAllBytes(out.resolve("replay-00.png"))).isEqualTo(Files.readAllBytes(out.resolve("image.png")));
    // the replay refuses to change what decides the bits
    Cli changed = Cli.run("generate", "--replay", out.resolve("trace.json").toString(), "--cfg", "4");
    assertThat(changed.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(changed.err()).contains("uses the trace's schedule and sampling");
  }

  @Test
  void missingWeightsAndMissingTextFeaturesExitTwoNamingTheFile(@TempDir Path empty) {
    Cli noWeights = Cli.run("generate", PROMPT, "--model", "infinity", "--weights", empty.toString(), "--text-features", TEXT.toString(), "--strategy", "raw",
        "--out", tmp.resolve("x").toString());
    assertThat(noWeights.code()).as(noWeights.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(noWeights.err()).contains(empty.resolve("infinity_2b_reg.pth").toString()).contains("FoundationVision/Infinity");

    Cli noEncoder = Cli.run("generate", PROMPT, "--model", "infinity", "--weights", weights.toString(), "--strategy", "raw");
    assertThat(noEncoder.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(noEncoder.err()).contains(weights.resolve("flan-t5-xl").toString()).contains("google/flan-t5-xl").contains("--text-features");
    Cli noFolder = Cli.run("generate", PROMPT, "--model", "infinity", "--model-file", weights.resolve("infinity_2b_reg.pth").toString(), "--vae-file",
        weights.resolve("infinity_vae_d32reg.pth").toString(), "--strategy", "raw");
    assertThat(noFolder.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(noFolder.err()).contains("--text-encoder").contains("--text-features").contains("Flan-T5-XL");

    Path absent = empty.resolve("corgi.safetensors");
    Cli missingText = Cli.run("generate", PROMPT, "--model", "infinity", "--weights", weights.toString(), "--text-features", absent.toString(), "--strategy", "raw",
        "--out", tmp.resolve("y").toString());
    assertThat(missingText.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(missingText.err()).contains(absent.toString()).contains("text.features");
    assertThat(tmp.resolve("x")).doesNotExist();
    assertThat(tmp.resolve("y")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bon", "is", "ttsvar"})
  void strategiesThatNeedARewardAreRefusedWithoutImageRewardsFiles(String strategy) {
    Cli r = Cli.run(args("--strategy", strategy, "--n", "2", "--out", tmp.resolve("z").toString()).toArray(String[]::new));
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("ir (ImageReward)").contains(weights.resolve("ImageReward.pt").toString()).contains("THUDM/ImageReward")
        .contains("bert-base-uncased/tokenizer.json").contains("google-bert/bert-base-uncased").contains("--strategy raw");
    assertThat(tmp.resolve("z")).doesNotExist();
  }

  @Test
  void bestOfNRunsOnImageRewardWhenItsFilesAreThere() throws IOException {
    Path dir = ParityCommandTest.officialDir(Files.createDirectories(tmp.resolve("w")));
    Path ir = ParityCommandTest.RESOURCES.resolveSibling("imagereward");
    Files.copy(ir.resolve("tiny_imagereward.pt"), dir.resolve("ImageReward.pt"));
    Files.createDirectories(dir.resolve("bert-base-uncased"));
    Files.copy(ir.resolve("tiny_tokenizer.json"), dir.resolve("bert-base-uncased/tokenizer.json"));
    Path out = tmp.resolve("bon");
    Cli r = Cli.run("generate", PROMPT, "--model", "infinity", "--weights", dir.toString(), "--text-features", TEXT.toString(), "--strategy", "bon", "--n", "2",
        "--json", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode setup = JSON.readTree(out.resolve("trace.json").toFile()).get("setup");
    assertThat(setup.get("reward").asText()).isEqualTo("ir");
    assertThat(setup.get("infinity.imagereward").asText()).isEqualTo(dir.resolve("ImageReward.pt").toAbsolutePath().toString());
    assertThat(JSON.readTree(r.lastLine()).get("strategy").asText()).isEqualTo("bon");
    assertThat(out.resolve("image.png")).isRegularFile();
  }

  /** A weights folder with all four networks' tiny files under the official names (the text encoder as the hub's folder). */
  private Path allFour() throws IOException {
    Path dir = ParityCommandTest.officialDir(Files.createDirectories(tmp.resolve("w")));
    Path ir = ParityCommandTest.RESOURCES.resolveSibling("imagereward");
    Files.copy(ir.resolve("tiny_imagereward.pt"), dir.resolve("ImageReward.pt"));
    Files.createDirectories(dir.resolve("bert-base-uncased"));
    Files.copy(ir.resolve("tiny_tokenizer.json"), dir.resolve("bert-base-uncased/tokenizer.json"));
    Files.copy(ParityCommandTest.RESOURCES.resolveSibling("dinov2").resolve("tiny_dinov2_reg4.pth"), dir.resolve("dinov2_vitl14_reg4_pretrain.pth"));
    Path t5 = Files.createDirectories(dir.resolve("flan-t5-xl"));
    try (var files = Files.list(ParityCommandTest.RESOURCES.resolveSibling("t5").resolve("tiny-flan-t5"))) {
      for (Path f : files.toList()) {
        Files.copy(f, t5.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  @Test
  void ttsvarRunsAllFourNetworksThroughClusteringResamplingAndTheFinalChoiceAndReplaysByteForByte() throws IOException {
    Path dir = allFour();
    Path out = tmp.resolve("ttsvar");
    // the prompt encoded by the tiny T5 (8 tokens: the tiny Infinity takes at most 16); the smallest schedule that clusters (scale 2: 3 → 2), resamples (scale 4) and chooses at the end
    Cli r = Cli.run("generate", "a photo of a cat", "--model", "infinity", "--weights", dir.toString(), "--strategy", "ttsvar", "--n", "1",
        "--batch-schedule", "3,3,2,2,2,2,2", "--cluster-scales", "2", "--resample-scales", "4", "--seed", "3", "--json", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode trace = JSON.readTree(out.resolve("trace.json").toFile());
    JsonNode setup = trace.get("setup");
    assertThat(setup.get("reward").asText()).isEqualTo("ir");
    assertThat(setup.get("extractor").asText()).isEqualTo("pca");
    assertThat(setup.get("infinity.text_encoder").asText()).isEqualTo(dir.resolve("flan-t5-xl").toAbsolutePath().toString());
    assertThat(setup.has("infinity.text_features")).isFalse();
    assertThat(setup.get("text").asText()).startsWith("T5 encoder");
    List<String> decisions = new ArrayList<>();
    trace.get("steps").forEach(s -> decisions.add(s.get("decision").asText()));
    assertThat(decisions).contains("cluster", "resample").endsWith("final");
    JsonNode steps = trace.get("steps");
    JsonNode cluster = steps.get(decisions.indexOf("cluster"));
    assertThat(cluster.get("cluster_of")).hasSize(3); // 3 paths, each with its DINOv2-PCA cluster
    assertThat(cluster.get("features")).hasSize(3);
    assertThat(steps.get(decisions.indexOf("resample")).get("weights")).hasSize(2); // ImageReward potentials → probabilities
    JsonNode last = steps.get(steps.size() - 1);
    assertThat(last.get("rewards")).hasSize(2); // the final choice among 2 paths, by ImageReward
    assertThat(trace.get("survivors")).isNotEmpty();
    assertThat(out.resolve("image.png")).isRegularFile();

    Cli replay = Cli.run("generate", "--replay", out.resolve("trace.json").toString());
    assertThat(replay.code()).as(replay.err()).isZero();
    assertThat(replay.err()).contains("identical to the recorded survivor");
    assertThat(Files.readAllBytes(out.resolve("replay-00.png"))).isEqualTo(Files.readAllBytes(out.resolve("image.png")));
  }

  @Test
  void flagsOfTheOtherModelAndUnknownSchedulesAreRefused() {
    Cli infinityFlagsOnEmbedded = Cli.run("generate", "a photo of a circle", "--weights", weights.toString());
    assertThat(infinityFlagsOnEmbedded.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(infinityFlagsOnEmbedded.err()).contains("--weights").contains("--model infinity");
    Cli embeddedFlagsOnInfinity = Cli.run(args("--strategy", "raw", "--var", "weights/var").toArray(String[]::new));
    assertThat(embeddedFlagsOnInfinity.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(embeddedFlagsOnInfinity.err()).contains("--var");
    Cli pn = Cli.run(args("--strategy", "raw", "--pn", "0.1M").toArray(String[]::new));
    assertThat(pn.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(pn.err()).contains("--pn 0.1M").contains("0.06M");
    Cli ratio = Cli.run(args("--strategy", "raw", "--h-div-w", "1.1").toArray(String[]::new));
    assertThat(ratio.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(ratio.err()).contains("1.333");
    Cli family = Cli.run("generate", PROMPT, "--model", "sdxl");
    assertThat(family.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(family.err()).contains("embedded, infinity");
  }
}
