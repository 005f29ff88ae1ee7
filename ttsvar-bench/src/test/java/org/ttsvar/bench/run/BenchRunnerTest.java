package org.ttsvar.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.bench.BenchConfig;
import org.ttsvar.bench.Manifest;
import org.ttsvar.bench.SceneWorldModels;
import org.ttsvar.bench.Suite;
import org.ttsvar.bench.report.Reports;
import org.ttsvar.bench.stats.Results;
import org.ttsvar.verifier.FolderEvaluator;
import org.ttsvar.verifier.Summary;
import org.ttsvar.world.PromptSets;
import org.ttsvar.world.PromptSpec;

class BenchRunnerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<PromptSpec> PROMPTS = PromptSets.miniGenEval();

  @TempDir Path tmp;

  /** Twelve prompts, two per task, two seeds; raw, Best-of-2 and TTS-VAR N=2. */
  private static Manifest manifest(String shard) {
    List<Integer> indices = new ArrayList<>();
    List<Integer> quick = Suite.QUICK.promptIndices(PROMPTS);
    for (int i : quick) {
      indices.add(i);
      indices.add(i + 1);
    }
    SceneWorldModels m = new SceneWorldModels();
    return new Manifest("quick", "minigeneval", indices, List.of(0L, 1L), m.describe(),
        Suite.QUICK.configs(m.searchDefaults(), SceneWorldModels.SCALES, m.defaultReward()), shard);
  }

  private static Results run(Manifest m, Path out, boolean resume, BenchRunner.Listener l) throws IOException {
    return new BenchRunner(new SceneWorldModels()).run(m, PROMPTS, out, resume, l);
  }

  private static final BenchRunner.Listener QUIET = (done, total) -> {};

  @Test
  void aRunWritesLayoutRecordsResultsAndReportsThatAgreeWithTheVerifier() throws Exception {
    Path out = tmp.resolve("a");
    Results r = run(manifest("0/1"), out, false, QUIET);
    assertThat(r.complete()).isTrue();
    assertThat(r.configs()).extracting(Results.ConfigResult::name).containsExactly("raw-n1", "bon-n2", "ttsvar-n2");
    for (Results.ConfigResult c : r.configs()) {
      assertThat(c.images()).isEqualTo(24);
      assertThat(c.tasks()).hasSize(6);
      // the folder is a GenEval layout: the verifier run over it agrees with the records
      Summary s = FolderEvaluator.standard(1).evaluate(out.resolve(c.name())).summary();
      assertThat(s.overall()).isCloseTo(c.overall(), org.assertj.core.data.Offset.offset(1e-12));
    }
    Results.ConfigResult raw = r.config("raw-n1"), bon = r.config("bon-n2"), tts = r.config("ttsvar-n2");
    assertThat(bon.flopsPerImage()).isGreaterThan(raw.flopsPerImage());
    assertThat(tts.decodesPerImage()).isGreaterThan(bon.decodesPerImage()); // it also decodes at its resampling scale
    assertThat(raw.rewardCallsPerImage()).isZero();
    assertThat(Files.readString(out.resolve(Reports.SUMMARY))).contains("| ttsvar-n2 |").contains("TTS-VAR beats Best-of-N at equal N");
    // each comparison comes with its paired bootstrap interval, computed from the records
    assertThat(r.claims().get(0).evidence()).contains("N=2: TTS-VAR").contains("[difference ").contains("95% CI");
    assertThat(r.comparisons()).singleElement().satisfies(c -> {
      assertThat(c.config()).isEqualTo("ttsvar-n2");
      assertThat(c.versus()).isEqualTo("bon-n2");
      assertThat(c.difference().mean()).isCloseTo(tts.overall() - bon.overall(), org.assertj.core.data.Offset.offset(1e-12));
    });
    assertThat(Files.readString(out.resolve(Reports.SUMMARY))).contains("| ttsvar-n2 | bon-n2 |");
    assertThat(Results.fromJson(Files.readString(out.resolve(Reports.RESULTS))).comparisons()).isEqualTo(r.comparisons());
    assertThat(Files.readString(out.resolve(Reports.HTML))).contains("data:image/png;base64,");
    assertThat(Results.fromJson(Files.readString(out.resolve(Reports.RESULTS))).configs()).hasSize(3);
  }

  @Test
  void aKilledRunResumesToTheSameResults() throws IOException {
    Path whole = tmp.resolve("whole"), cut = tmp.resolve("cut");
    run(manifest("0/1"), whole, false, QUIET);
    class Kill extends RuntimeException {}
    assertThatThrownBy(() -> run(manifest("0/1"), cut, false, (done, total) -> {
      if (done == 7) {
        throw new Kill();
      }
    })).isInstanceOf(Kill.class);
    // a kill in the middle of a write leaves a torn line
    Files.writeString(cut.resolve("bon-n2").resolve(RecordsFile.NAME), "{\"index\":", StandardOpenOption.APPEND);
    List<String> messages = new ArrayList<>();
    run(manifest("0/1"), cut, true, new BenchRunner.Listener() {
      @Override
      public void progress(long done, long total) {}

      @Override
      public void message(String m) {
        messages.add(m);
      }
    });
    assertThat(messages).anyMatch(m -> m.contains("unfinished last line"));
    assertSameResults(cut, whole);
    assertSameImages(cut, whole);
  }

  @Test
  void aResumeRedoesThePromptsWhoseImagesWereDeletedOrDamaged() throws IOException {
    Path whole = tmp.resolve("whole"), hurt = tmp.resolve("hurt");
    Results uninterrupted = run(manifest("0/1"), whole, false, QUIET);
    run(manifest("0/1"), hurt, false, QUIET);
    Path deleted = hurt.resolve("bon-n2").resolve("00003").resolve("samples").resolve("0001.png");
    Path truncated = hurt.resolve("ttsvar-n2").resolve("00007").resolve("samples").resolve("0000.png");
    Files.delete(deleted);
    byte[] png = Files.readAllBytes(truncated);
    Files.write(truncated, java.util.Arrays.copyOf(png, png.length / 2));
    List<String> messages = new ArrayList<>();
    Results resumed = run(manifest("0/1"), hurt, true, new BenchRunner.Listener() {
      @Override
      public void progress(long done, long total) {}

      @Override
      public void message(String m) {
        messages.add(m);
      }
    });
    assertThat(messages).anyMatch(m -> m.startsWith("bon-n2 prompt 3: image ") && m.contains("0001.png missing") && m.contains("redone"));
    assertThat(messages).anyMatch(m -> m.startsWith("ttsvar-n2 prompt 7: image ") && m.contains("0000.png damaged") && m.contains("redone"));
    assertThat(messages).noneMatch(m -> m.contains("raw-n1"));
    assertThat(resumed.complete()).isTrue();
    assertThat(resumed.configs()).extracting(Results.ConfigResult::overall).isEqualTo(uninterrupted.configs().stream().map(Results.ConfigResult::overall).toList());
    for (String config : List.of("raw-n1", "bon-n2", "ttsvar-n2")) {
      assertThat(withoutTimings(hurt.resolve(config).resolve(RecordsFile.NAME))).as(config).isEqualTo(withoutTimings(whole.resolve(config).resolve(RecordsFile.NAME)));
    }
    assertSameResults(hurt, whole);
    assertSameImages(hurt, whole);
  }

  /** The records file's lines, in order, without the measured fields (wall time, memory). */
  private static List<JsonNode> withoutTimings(Path records) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(records, StandardCharsets.UTF_8)) {
      ObjectNode r = (ObjectNode) JSON.readTree(line);
      r.remove("peakRssBytes");
      r.get("images").forEach(i -> ((ObjectNode) i).remove("wallNanos"));
      lines.add(r);
    }
    return lines;
  }

  @Test
  void twoShardsMergedEqualOneRun() throws IOException {
    Path whole = tmp.resolve("whole"), s0 = tmp.resolve("s0"), s1 = tmp.resolve("s1"), merged = tmp.resolve("merged");
    run(manifest("0/1"), whole, false, QUIET);
    Results r0 = run(manifest("0/2"), s0, false, QUIET);
    run(manifest("1/2"), s1, false, QUIET);
    assertThat(r0.configs().get(0).prompts()).isEqualTo(6);
    assertThatThrownBy(() -> Merge.merge(List.of(s0), tmp.resolve("m1"))).hasMessageContaining("shard 1/2 is missing");
    assertThatThrownBy(() -> Merge.merge(List.of(s0, s0), tmp.resolve("m2"))).hasMessageContaining("given twice");
    Merge.merge(List.of(s1, s0), merged);
    assertSameResults(merged, whole);
    assertSameImages(merged, whole);
  }

  @Test
  void consistencyIsMeasuredOnceAndPlottedInTheReport() throws IOException {
    Path out = tmp.resolve("c");
    Manifest small = new Manifest("quick", "minigeneval", List.of(0, 1, 2), List.of(0L), "scene-world test double",
        List.of(BenchConfig.of(org.ttsvar.search.Strategy.RAW, 1)), "0/1");
    new BenchRunner(new SceneWorldModels()).withConsistency(List.of(1, 2, 3, 4, 5)).run(small, PROMPTS, out, false, QUIET);
    assertThat(out.resolve("consistency.json")).isRegularFile();
    assertThat(Files.readString(out.resolve(Reports.HTML))).contains("alt=\"Consistency per scale\"");
  }

  @Test
  void refusesToMixRunsAndExplainsHow() throws IOException {
    Path out = tmp.resolve("x");
    Manifest small = new Manifest("quick", "minigeneval", List.of(0), List.of(0L), "scene-world test double",
        List.of(BenchConfig.of(org.ttsvar.search.Strategy.RAW, 1)), "0/1");
    run(small, out, false, QUIET);
    assertThatThrownBy(() -> run(small, out, false, QUIET)).hasMessageContaining("already holds a benchmark").hasMessageContaining("--resume");
    Manifest other = new Manifest("quick", "minigeneval", List.of(0), List.of(0L, 1L), "scene-world test double", small.configs(), "0/1");
    assertThatThrownBy(() -> run(other, out, true, QUIET)).hasMessageContaining("cannot resume").hasMessageContaining("seeds");
    Path notEmpty = Files.createDirectories(tmp.resolve("y"));
    Files.writeString(notEmpty.resolve("keep.txt"), "mine");
    assertThatThrownBy(() -> run(small, notEmpty, false, QUIET)).hasMessageContaining("not empty");
    assertThat(notEmpty.resolve("keep.txt")).hasContent("mine");
    assertThatThrownBy(() -> Shard.parse("2/2")).hasMessageContaining("0 ≤ i < n");
    assertThatThrownBy(() -> Shard.parse("half")).hasMessageContaining("i/n");
  }

  /** results.json equal except the measured (wall time, memory) fields. */
  private static void assertSameResults(Path a, Path b) throws IOException {
    assertThat(withoutMeasured(JSON.readTree(a.resolve(Reports.RESULTS).toFile()))).isEqualTo(withoutMeasured(JSON.readTree(b.resolve(Reports.RESULTS).toFile())));
  }

  private static JsonNode withoutMeasured(JsonNode n) {
    if (n instanceof ObjectNode o) {
      o.remove("measured");
      o.forEach(BenchRunnerTest::withoutMeasured);
    } else if (n.isArray()) {
      n.forEach(BenchRunnerTest::withoutMeasured);
    }
    return n;
  }

  private static void assertSameImages(Path a, Path b) throws IOException {
    List<Path> pngs;
    try (Stream<Path> s = Files.walk(b)) {
      pngs = s.filter(p -> p.toString().endsWith(".png") || p.getFileName().toString().equals("metadata.jsonl")).toList();
    }
    assertThat(pngs).hasSizeGreaterThan(50);
    for (Path p : pngs) {
      assertThat(Files.readAllBytes(a.resolve(b.relativize(p).toString()))).as(p.toString()).isEqualTo(Files.readAllBytes(p));
    }
    try (Stream<Path> s = Files.walk(a)) {
      assertThat(s.filter(p -> p.toString().endsWith(".png")).count()).isEqualTo(pngs.stream().filter(p -> p.toString().endsWith(".png")).count());
    }
    assertThat(new String(Files.readAllBytes(a.resolve(Manifest.NAME)), StandardCharsets.UTF_8)).isEqualTo(Files.readString(b.resolve(Manifest.NAME)));
  }
}
