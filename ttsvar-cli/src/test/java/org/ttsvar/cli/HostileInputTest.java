package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.models.embedded.tokenizer.TokenizerConfig;
import org.ttsvar.world.MemoryBudget;

/** Issue 25: hostile but fair input, each finding a regression test (exit 2, a clear message, nothing touched). */
class HostileInputTest {
  @TempDir Path tmp;
  @TempDir static Path models;

  @BeforeAll
  static void saveTinyModels() throws IOException {
    TinyModels.save(models);
  }


  /** A copy of the tiny VAR folder with one file replaced. */
  private Path varWith(String file, String content) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "var");
    try (var s = Files.list(models.resolve("var"))) {
      for (Path p : s.toList()) {
        Files.copy(p, dir.resolve(p.getFileName()));
      }
    }
    Files.writeString(dir.resolve(file), content);
    return dir;
  }

  private static String[] generate(Path var, String... more) {
    List<String> a = new ArrayList<>(List.of("generate", "a photo of a red circle", "--tokenizer", models.resolve("tokenizer").toString(), "--var",
        var.toString(), "--reward-type", "oracle"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /** Runs with the memory budget set to {@code budget}, timing the refusal. */
  private static Cli withBudget(String budget, Supplier<Cli> run) {
    String old = System.getProperty(MemoryBudget.PROPERTY);
    System.setProperty(MemoryBudget.PROPERTY, budget);
    long t0 = System.nanoTime();
    try {
      Cli r = run.get();
      assertThat((System.nanoTime() - t0) / 1e9).as("seconds to refuse").isLessThan(30);
      return r;
    } finally {
      if (old == null) {
        System.clearProperty(MemoryBudget.PROPERTY);
      } else {
        System.setProperty(MemoryBudget.PROPERTY, old);
      }
    }
  }

  static Path fifo(Path p) throws InterruptedException {
    try {
      Process pr = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
      assumeTrue(pr.waitFor() == 0, "mkfifo failed");
    } catch (IOException e) {
      assumeTrue(false, "no mkfifo: " + e.getMessage());
    }
    return p;
  }

  // finding 1
  @Test
  void promptsForceDoesNotReplaceAFifo() throws Exception {
    Path f = fifo(tmp.resolve("pipe"));
    Cli r = Cli.run("prompts", "--draws-per-task", "1", "--out", f.toString(), "--force");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("FIFO").contains("not a regular file");
    assertThat(Files.exists(f, LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void promptsForceWritesThroughASymlink() throws IOException {
    Path real = Files.writeString(tmp.resolve("real.jsonl"), "old\n");
    Path link = tmp.resolve("link.jsonl");
    try {
      Files.createSymbolicLink(link, real);
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "no symbolic links here");
    }
    Cli r = Cli.run("prompts", "--draws-per-task", "1", "--out", link.toString(), "--force");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).startsWith("{").contains("single_object");
  }

  @Test
  void promptsRefusesAFolderAsItsOutput() throws IOException {
    Path d = Files.createDirectory(tmp.resolve("d"));
    Cli r = Cli.run("prompts", "--draws-per-task", "1", "--out", d.toString(), "--force");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("a folder");
    assertThat(Files.isDirectory(d)).isTrue();
  }

  // finding 2
  @Test
  void generateWithAHugeNIsRefusedBeforeAnyWork() {
    for (String n : new String[] {"1000000", "100000000", "1000000000", "2147483647"}) {
      Path out = tmp.resolve("g" + n);
      Cli r = withBudget("1g", () -> Cli.run(generate(models.resolve("var"), "--n", n, "--out", out.toString())));
      assertThat(r.code()).as(n + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(n).contains("--n").doesNotContain("overflow").doesNotContain("OutOfMemory");
      assertThat(Files.exists(out)).isFalse();
    }
    Cli r = withBudget("1g", () -> Cli.run(generate(models.resolve("var"), "--n", "1000000", "--out", tmp.resolve("x").toString())));
    assertThat(r.err()).contains("memory budget of 1.0 GB").contains("-Dttsvar.memoryBudget=");
  }

  @Test
  void generateWithinTheBudgetStillRuns() {
    Cli r = withBudget("1g", () -> Cli.run(generate(models.resolve("var"), "--n", "2", "--out", tmp.resolve("ok").toString())));
    assertThat(r.code()).as(r.err()).isZero();
    Cli tight = withBudget("400k", () -> Cli.run(generate(models.resolve("var"), "--n", "2", "--out", tmp.resolve("tight").toString())));
    assertThat(tight.code()).as(tight.err()).isEqualTo(2);
    assertThat(tight.err()).contains("a batch of 8 paths").contains("memory budget of 400.0 KB");
  }

  @Test
  void promptsWithHugeDrawsIsRefusedAtOnce() {
    long t0 = System.nanoTime();
    Cli r = Cli.run("prompts", "--draws-per-task", "2000000000", "--out", tmp.resolve("p.jsonl").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--draws-per-task").contains("1000000");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
    assertThat(Files.exists(tmp.resolve("p.jsonl"))).isFalse();
  }

  @Test
  void renderWithHugeImagesPerPromptIsRefusedBeforeWritingAnything() {
    Path out = tmp.resolve("r");
    Cli r = Cli.run("render", "--images-per-prompt", "2000000000", "--out", out.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("images per prompt must be ≤ 10000");
    assertThat(Files.exists(out)).isFalse();
  }

  // findings 4 and 5
  @Test
  void brokenModelFolderFilesAreNamedAndExitTwo() throws IOException {
    String[][] cases = {
      {"config.json", "null", "JSON null"},
      {"config.json", "{}", "vocabulary is missing"},
      {"config.json", config("\"depth\" : 2", "\"depth\" : 1000000"), "depth must be in [1, 10000]"},
      {"config.json", config("\"depth\" : 2", "\"depth\" : 9000"), "memory budget"},
      {"config.json", config("\"width\" : 32", "\"width\" : 16384"), "memory budget"},
      {"config.json", config("\"width\" : 32", "\"width\" : 1000000000"), "width must be in"},
      {"sampling.json", "{\"cfg\": 3.0, \"temperature\": ", "invalid sampling config"},
      {"sampling.json", "[1, 2]", "invalid sampling config"},
      {"search.json", "{\"batchSchedule\":[100000000,2,2],\"clusterScales\":[1],\"resampleScales\":[0],\"potential\":\"value\",\"lambda\":10.0,\"extractor\":\"pca\"}", "batchSchedule entries must be in"},
      {"search.json", "not json", "invalid search defaults"},
    };
    for (String[] c : cases) {
      Path var = varWith(c[0], c[1]);
      Cli r = withBudget("256m", () -> Cli.run(generate(var, "--n", "1", "--out", tmp.resolve("o").toString())));
      assertThat(r.code()).as(c[0] + " " + c[1] + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(c[0] + " " + c[1]).contains(var.resolve(c[0]).toString()).contains(c[2]).doesNotContain("NullPointer");
    }
  }

  private static String config(String from, String to) throws IOException {
    String s = Files.readString(models.resolve("var").resolve("config.json"));
    assertThat(s).contains(from);
    return s.replace(from, to);
  }

  @Test
  void rewardWithoutCalibrationWarnsThatItsScoresAreRaw() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("reward-ir"));
    for (String f : new String[] {"config.json", "model.safetensors"}) {
      Files.copy(Path.of("..", "weights", "reward-ir", f), dir.resolve(f));
    }
    Path img = tmp.resolve("a.png");
    var spec = org.ttsvar.world.PromptSpec.parse("a photo of a red circle");
    org.ttsvar.world.io.ImageFiles.writePng(org.ttsvar.world.Renderer.render(new org.ttsvar.world.SceneSampler().sample(spec, 1)), img);
    Cli raw = Cli.run("reward", "--model", dir.toString(), "--prompt", "a photo of a red circle", img.toString());
    assertThat(raw.code()).as(raw.err()).isZero();
    assertThat(raw.err()).contains("WARNING").contains("no calibration.json").contains("RAW scores").contains("--calibrate");
    Cli calibrated = Cli.run("reward", "--prompt", "a photo of a red circle", img.toString());
    assertThat(calibrated.code()).as(calibrated.err()).isZero();
    assertThat(calibrated.err()).doesNotContain("WARNING");
  }

  // finding 6: a PNG declaring 16000×16000 is refused from its header, before decoding
  private static byte[] chunk(String type, byte[] data) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + data.length);
    b.putInt(data.length).put(type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).put(data);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b.array(), 4, 4 + data.length);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  static byte[] pngDeclaring(int w, int h) throws IOException {
    var out = new java.io.ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    out.write(chunk("IHDR", ihdr.array()));
    out.write(chunk("IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})); // an empty zlib stream
    out.write(chunk("IEND", new byte[0]));
    return out.toByteArray();
  }

  private Path geneval(String prompt, Map<Integer, org.ttsvar.world.RgbImage> samples, Map<Integer, byte[]> raw) throws IOException {
    Path root = tmp.resolve("geneval");
    Path dir = org.ttsvar.world.io.GenEvalLayout.writePrompt(root, 0, org.ttsvar.world.PromptSpec.parse(prompt));
    for (var e : samples.entrySet()) {
      org.ttsvar.world.io.ImageFiles.writePng(e.getValue(), org.ttsvar.world.io.GenEvalLayout.samplePath(dir, e.getKey()));
    }
    for (var e : raw.entrySet()) {
      Files.write(org.ttsvar.world.io.GenEvalLayout.samplePath(dir, e.getKey()), e.getValue());
    }
    return root;
  }

  @Test
  void aPngBombIsRefusedByEvalAndRewardFromItsHeader() throws IOException {
    byte[] bomb = pngDeclaring(16000, 16000);
    Path root = geneval("a photo of a red circle", Map.of(), Map.of(0, bomb));
    long t0 = System.nanoTime();
    Cli eval = Cli.run("eval", root.toString());
    assertThat(eval.code()).as(eval.err()).isEqualTo(2);
    assertThat(eval.err()).contains("16000×16000").contains("megapixels");
    Cli reward = Cli.run("reward", "--prompt", "a photo of a red circle", tmp.resolve("geneval/00000/samples/0000.png").toString());
    assertThat(reward.code()).as(reward.err()).isEqualTo(2);
    assertThat(reward.err()).contains("16000×16000").contains("megapixels");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
  }

  // finding 7: degenerate but valid images are judged (no object found), as GenEval's detector would find nothing
  @Test
  void evalJudgesDegenerateImagesAsNoObjectFound() throws IOException {
    Map<Integer, org.ttsvar.world.RgbImage> s = Map.of(
        0, new org.ttsvar.world.RgbImage(1, 1, new byte[3]),
        1, new org.ttsvar.world.RgbImage(100000, 1, new byte[300000]),
        2, new org.ttsvar.world.RgbImage(1, 100000, new byte[300000]));
    Path root = geneval("a photo of a red circle", s, Map.of());
    Cli r = Cli.run("eval", root.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("out of bounds");
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.lastLine()).get("overall").asDouble()).isZero();
    assertThat(Files.readAllLines(root.resolve("results.jsonl"))).hasSize(3).allSatisfy(l -> assertThat(l).contains("\"correct\":false"));
  }

  // finding 11 (part): reward with a missing or truncated image is bad input
  @Test
  void rewardWithAMissingOrTruncatedImageExitsTwo() throws IOException {
    Cli missing = Cli.run("reward", "--prompt", "a photo of a red circle", tmp.resolve("nope.png").toString());
    assertThat(missing.code()).as(missing.err()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.png").contains("not found");
    Path img = tmp.resolve("a.png");
    org.ttsvar.world.io.ImageFiles.writePng(new org.ttsvar.world.RgbImage(64, 64, new byte[64 * 64 * 3]), img);
    byte[] all = Files.readAllBytes(img);
    Files.write(img, java.util.Arrays.copyOf(all, all.length - 20));
    Cli cut = Cli.run("reward", "--prompt", "a photo of a red circle", img.toString());
    assertThat(cut.code()).as(cut.err()).isEqualTo(2);
    assertThat(cut.err()).contains("truncated");
  }

  // finding 8
  @Test
  void extremeSamplingValuesAreRefusedNamingTheFlag() {
    String[][] cases = {{"--cfg", "1e308"}, {"--cfg", "-1e308"}, {"--cfg", "NaN"}, {"--tau", "1e-300"}, {"--tau", "1e300"}, {"--top-p", "1e-300"}, {"--top-p", "1.5"}};
    for (String[] c : cases) {
      Path out = tmp.resolve("s" + c[1]);
      Cli r = Cli.run(generate(models.resolve("var"), c[0], c[1], "--out", out.toString()));
      assertThat(r.code()).as(String.join(" ", c) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", c)).contains(c[0] + " must be in");
      assertThat(Files.exists(out)).isFalse();
    }
    Cli ok = Cli.run(generate(models.resolve("var"), "--cfg", "-2", "--tau", "0.5", "--top-p", "0.9", "--out", tmp.resolve("ok").toString()));
    assertThat(ok.code()).as(ok.err()).isZero();
  }

  @Test
  void extremeSamplingJsonIsRefusedNamingTheFile() throws IOException {
    Path var = varWith("sampling.json", "{\"cfg\": 1e308, \"temperature\": 1.0, \"topP\": 0.97}");
    Cli r = Cli.run(generate(var, "--out", tmp.resolve("o").toString()));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(var.resolve("sampling.json").toString()).contains("cfg (guidance) must be in");
  }

  // finding 11 (part): generate's --out is checked before the search
  @Test
  void generateChecksItsOutputFolderBeforeTheSearch() throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    Cli r = Cli.run(generate(models.resolve("var"), "--out", file.toString()));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("is a file, not a folder").doesNotContain("scale 1/");
    assertThat(file).hasContent("x");
    Path f = fifo(tmp.resolve("pipe"));
    Cli p = Cli.run(generate(models.resolve("var"), "--out", f.resolve("sub").toString()));
    assertThat(p.code()).as(p.err()).isEqualTo(2);
    assertThat(p.err()).contains("is not a folder").doesNotContain("scale 1/");
  }

  // finding 11 (rest)
  @Test
  void benchChecksItsOutputFolderBeforeAnyWork() throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    Cli r = Cli.run("bench", "--suite", "quick", "--limit", "1", "--out", file.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("is a file, not a folder");
    assertThat(file).hasContent("x");
    Path f = fifo(tmp.resolve("pipe"));
    Cli p = Cli.run("bench", "--suite", "quick", "--limit", "1", "--workers", "2", "--out", f.resolve("b").toString());
    assertThat(p.code()).as(p.err()).isEqualTo(2);
    assertThat(p.err()).contains("is not a folder");
  }

  @Test
  void aBinaryPromptFileIsRefusedNamingTheLine() throws IOException {
    Path good = tmp.resolve("good.jsonl");
    assertThat(Cli.run("prompts", "--draws-per-task", "1", "--out", good.toString()).code()).isZero();
    byte[] first = Files.readAllBytes(good);
    byte[] bin = java.util.Arrays.copyOf(first, first.length + 4);
    bin[first.length] = (byte) 0xff;
    bin[first.length + 1] = (byte) 0xfe;
    bin[first.length + 2] = 0;
    bin[first.length + 3] = '\n';
    Path f = Files.write(tmp.resolve("bin.jsonl"), bin);
    int lines = (int) java.nio.file.Files.readString(good).lines().count();
    Cli r = Cli.run("render", "--prompts", f.toString(), "--out", tmp.resolve("r").toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(f.toString()).contains("line " + (lines + 1)).contains("not UTF-8").doesNotContain("Input length");
    assertThat(tmp.resolve("r")).doesNotExist();
  }

  @Test
  void aPromptFileThatIsADeviceOrAFolderIsRefusedForWhatItIs() throws Exception {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero));
    long t0 = System.nanoTime();
    Cli r = Cli.run("render", "--prompts", zero.toString(), "--out", tmp.resolve("r").toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("/dev/zero is a character device, not a prompt file").doesNotContain("no such file");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
    Cli d = Cli.run("render", "--prompts", tmp.toString(), "--out", tmp.resolve("r").toString());
    assertThat(d.code()).as(d.err()).isEqualTo(2);
    assertThat(d.err()).contains("is a folder, not a prompt file");
    Cli p = Cli.run("render", "--prompts", fifo(tmp.resolve("pipe")).toString(), "--out", tmp.resolve("r").toString());
    assertThat(p.code()).as(p.err()).isEqualTo(2);
    assertThat(p.err()).contains("FIFO");
    assertThat(tmp.resolve("r")).doesNotExist();
  }

  @Test
  void reconstructFromAMissingFolderExitsTwo() {
    Cli r = Cli.run("reconstruct", "--in", tmp.resolve("nonexistent").toString(), "--out", tmp.resolve("o").toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("nonexistent: no such folder");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void aDamagedTraceIsRefusedBeforeTheReplay() throws IOException {
    Path run = tmp.resolve("run");
    Cli g = Cli.run(generate(models.resolve("var"), "--n", "2", "--out", run.toString()));
    assertThat(g.code()).as(g.err()).isZero();
    String trace = Files.readString(run.resolve("trace.json"));
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(trace);
    var survivor = (com.fasterxml.jackson.databind.node.ObjectNode) root.get("survivors").get(0);
    ((com.fasterxml.jackson.databind.node.ArrayNode) survivor.get("streams")).set(2, mapper.getNodeFactory().textNode("zz-not-hex"));
    Path bad = Files.writeString(run.resolve("bad-streams.json"), mapper.writeValueAsString(root));
    Cli r = Cli.run("generate", "--replay", bad.toString(), "--tokenizer", models.resolve("tokenizer").toString(), "--var", models.resolve("var").toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("survivor 0, scale 2").contains("zz-not-hex").contains("not a hexadecimal").doesNotContain("NumberFormat");

    root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(trace);
    for (String escape : new String[] {"../../etc/passwd", "/etc/passwd", "survivors/../../x.png"}) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("survivors").get(0)).put("image", escape);
      Path out = Files.writeString(run.resolve("escape.json"), mapper.writeValueAsString(root));
      Cli e = Cli.run("generate", "--replay", out.toString(), "--tokenizer", models.resolve("tokenizer").toString(), "--var", models.resolve("var").toString());
      assertThat(e.code()).as(escape + ": " + e.err()).isEqualTo(2);
      assertThat(e.err()).as(escape).contains("is outside the trace's folder");
      assertThat(run.resolve("replay-00.png")).as(escape).doesNotExist();
    }
    Cli ok = Cli.run("generate", "--replay", run.resolve("trace.json").toString(), "--tokenizer", models.resolve("tokenizer").toString(), "--var", models.resolve("var").toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.err()).contains("identical to the recorded survivor");
  }

  // finding 12
  @Test
  void contradictoryPromptMetadataIsRefusedNamingTheLine() throws IOException {
    String good = "{\"tag\": \"single_object\", \"include\": [{\"class\": \"heart\", \"count\": 1}], \"prompt\": \"a photo of a heart\"}";
    String[][] cases = {
      {"{\"tag\": \"single_object\", \"include\": [{\"class\": \"cross\", \"count\": 1}], \"prompt\": \"a photo of a heart\"}", "contradict"},
      {"{\"tag\": \"counting\", \"include\": [{\"class\": \"star\", \"count\": 3}], \"exclude\": [{\"class\": \"star\", \"count\": 4}], \"prompt\": \"a photo of two stars\"}", "contradict"},
      {"{\"tag\": \"counting\", \"include\": [{\"class\": \"star\", \"count\": 2}], \"prompt\": \"a photo of two stars\"}", "contradict"},
      {"{\"tag\": \"colors\", \"include\": [{\"class\": \"star\", \"count\": 1}], \"prompt\": \"a photo of a star\"}", "contradict"},
      {"{\"tag\": \"two_object\", \"include\": [{\"class\": \"star\", \"count\": 1, \"color\": \"red\"}, {\"class\": \"ring\", \"count\": 1}], \"prompt\": \"a photo of a star and a ring\"}", "contradict"},
      {"{\"tag\": \"single_object\", \"include\": [{\"class\": \"heart\", \"count\": 1}], \"prompt\": \"a photo of a heart\"} garbage", "text after the JSON object"},
      {good + good, "text after the JSON object"},
      {good + " {", "text after the JSON object"},
    };
    for (String[] c : cases) {
      Path f = Files.writeString(tmp.resolve("meta.jsonl"), good + "\n" + c[0] + "\n");
      Cli r = Cli.run("render", "--prompts", f.toString(), "--out", tmp.resolve("r").toString());
      assertThat(r.code()).as(c[0] + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(c[0]).contains(f + " line 2").contains(c[1]);
      assertThat(tmp.resolve("r")).doesNotExist();
    }
    Path ok = Files.writeString(tmp.resolve("ok.jsonl"), good + "  \n" + good.replace("a photo of a heart", "A Photo of  a HEART") + "\n");
    Cli r = Cli.run("render", "--prompts", ok.toString(), "--out", tmp.resolve("r").toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  // finding 13
  @Test
  void trainResumeWithoutARunIsRefused() {
    Path none = tmp.resolve("no-run");
    Cli r = Cli.run("train", "tokenizer", "--tiny", "--steps", "1", "--out", none.toString(), "--resume");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(none + " holds no training run").contains("drop --resume");
    assertThat(none).doesNotExist();
  }

  @Test
  void generateIntoAnEarlierRunsFolderLeavesNoStaleImages() throws IOException {
    Path run = tmp.resolve("run");
    assertThat(Cli.run(generate(models.resolve("var"), "--n", "2", "--out", run.toString())).code()).isZero();
    Files.write(run.resolve("survivors/97.png"), new byte[] {1});
    Files.write(run.resolve("scales/06_99.png"), new byte[] {1});
    Files.write(run.resolve("replay-05.png"), new byte[] {1});
    Files.writeString(run.resolve("notes.txt"), "mine");
    Files.writeString(run.resolve("survivors/mine.txt"), "mine");
    Cli again = Cli.run(generate(models.resolve("var"), "--n", "2", "--seed", "1", "--out", run.toString()));
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(run.resolve("survivors/97.png")).doesNotExist();
    assertThat(run.resolve("scales/06_99.png")).doesNotExist();
    assertThat(run.resolve("replay-05.png")).doesNotExist();
    assertThat(run.resolve("notes.txt")).hasContent("mine");
    assertThat(run.resolve("survivors/mine.txt")).hasContent("mine");
    var trace = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("trace.json").toFile());
    List<String> named = new ArrayList<>();
    trace.get("survivors").forEach(v -> named.add(v.get("image").asText()));
    trace.get("steps").forEach(st -> st.path("images").forEach(i -> named.add(i.asText())));
    List<String> onDisk = new ArrayList<>();
    for (String sub : new String[] {"survivors", "scales"}) {
      try (var l = Files.list(run.resolve(sub))) {
        l.filter(p -> p.toString().endsWith(".png")).forEach(p -> onDisk.add(sub + "/" + p.getFileName()));
      }
    }
    assertThat(onDisk).containsExactlyInAnyOrderElementsOf(named);
  }

  @Test
  void messagesCutALongPromptAndEscapeControlBytes() {
    String prompt = "a photo of a " + "x".repeat(10_000) + " \u001b[2J\u001b[31mred circle";
    Cli r = Cli.run("generate", prompt, "--out", tmp.resolve("o").toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).doesNotContain("\u001b").contains("unknown word").contains("characters)");
    assertThat(r.err().length()).isLessThan(2000);
    Cli flag = Cli.run("generate", "--\u001b[2J" + "y".repeat(10_000));
    assertThat(flag.code()).isEqualTo(2);
    assertThat(flag.err()).doesNotContain("\u001b").contains("\\e[2J");
    assertThat(flag.err().length()).isLessThan(3000);
    assertThat(org.ttsvar.world.Messages.quote("a\u0000b\u202ec\nd")).isEqualTo("a\\u0000b\\u202ec\\nd");
  }

  private Set<java.nio.file.attribute.PosixFilePermission> newFilePermissions() throws IOException {
    Path probe = Files.createFile(tmp.resolve("probe-" + System.nanoTime()));
    try {
      return Files.getPosixFilePermissions(probe);
    } finally {
      Files.delete(probe);
    }
  }

  @Test
  void outputsGetANewFilesPermissionsNotTemporaryOnes() throws IOException {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    var expected = newFilePermissions();
    Path p = tmp.resolve("p.jsonl");
    assertThat(Cli.run("prompts", "--draws-per-task", "1", "--out", p.toString()).code()).isZero();
    assertThat(Files.getPosixFilePermissions(p)).isEqualTo(expected);
    var mine = java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----");
    Files.setPosixFilePermissions(p, mine);
    assertThat(Cli.run("prompts", "--draws-per-task", "1", "--out", p.toString(), "--force").code()).isZero();
    assertThat(Files.getPosixFilePermissions(p)).as("an existing file keeps its mode").isEqualTo(mine);
    try (NDManager m = NDManager.newBaseManager()) {
      Path dir = tmp.resolve("tok");
      ModelFiles.save(dir, TokenizerConfig.TINY, new Tokenizer(TokenizerConfig.TINY, m, 1).params(), Map.of());
      assertThat(Files.getPosixFilePermissions(dir.resolve("model.safetensors"))).isEqualTo(expected);
      assertThat(Files.getPosixFilePermissions(dir.resolve("config.json"))).isEqualTo(expected);
    }
  }

  // finding 9
  @Test
  void renderResumeRedoesEmptyAndTruncatedImagesAndSaysSo() throws IOException {
    Path out = tmp.resolve("r");
    String[] args = {"render", "--limit", "2", "--images-per-prompt", "2", "--out", out.toString()};
    assertThat(Cli.run(args).code()).isZero();
    Path a = out.resolve("00000/samples/0001.png");
    Path b = out.resolve("00001/samples/0000.png");
    byte[] aBytes = Files.readAllBytes(a);
    byte[] bBytes = Files.readAllBytes(b);
    Files.write(a, java.util.Arrays.copyOf(aBytes, aBytes.length - 12)); // IEND lost
    Files.write(b, new byte[0]);
    List<String> resume = new ArrayList<>(List.of(args));
    resume.add("--resume");
    Cli r = Cli.run(resume.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("2/4 images intact").contains("2 damaged").contains(a.toString()).contains("2 to make");
    assertThat(Files.readAllBytes(a)).isEqualTo(aBytes);
    assertThat(Files.readAllBytes(b)).isEqualTo(bBytes);
    Cli again = Cli.run(resume.toArray(String[]::new));
    assertThat(again.err()).contains("4/4 images intact").doesNotContain("damaged");
  }
}
