package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25, crash safety: {@code bench} and {@code train} run as processes of their own (one PyTorch
 * thread, as {@code bench --workers} runs them), killed with SIGKILL at a point drawn from seed 1,
 * resumed and killed again at points drawn from seeds 2 and 3, then resumed to the end. The
 * benchmark ends with the records and images of an uninterrupted run (timings aside), every prompt
 * once; the training with the uninterrupted run's weights, optimizer state and log (timings aside),
 * bit for bit.
 */
class KillAndResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long[] SEEDS = {1, 2, 3};
  private static final List<String> CONFIGS = List.of("raw-n1", "ttsvar-n2");
  private static final String[] BENCH = {"bench", "--suite", "quick", "--configs", String.join(",", CONFIGS), "--seeds", "0"};
  /** The six prompts of the quick suite × two configurations: one record each. */
  private static final int BENCH_RECORDS = 12;
  private static final int STEPS = 40;
  private static final int CHECKPOINT_EVERY = 4;
  private static final String[] TRAIN = {"train", "tokenizer", "--tiny", "--batch", "2", "--seed", "5", "--steps", Integer.toString(STEPS),
      "--checkpoint-every", Integer.toString(CHECKPOINT_EVERY)};

  @TempDir Path tmp;

  @Test
  void aBenchKilledAnywhereResumesToTheRecordsOfOneRun() throws Exception {
    Path ref = tmp.resolve("ref");
    ChildJvm.Result straight = ChildJvm.run(tmp, 300, List.of(), BenchWorkersKillTest.with(BENCH, "--out", ref.toString()));
    assertThat(straight.code()).as(straight.err()).isZero();
    Path out = tmp.resolve("killed");
    String[] resume = BenchWorkersKillTest.with(BENCH, "--out", out.toString(), "--resume");
    List<String> kills = new ArrayList<>();
    for (int i = 0; i < SEEDS.length; i++) { // the run, then each resume, killed: kill i within the i-th quarter of the records
      Random r = new Random(SEEDS[i]);
      int after = i * BENCH_RECORDS / 4 + r.nextInt(BENCH_RECORDS / 4);
      killAfter(i == 0 ? BenchWorkersKillTest.with(BENCH, "--out", out.toString()) : resume, tmp.resolve("bench-" + i + ".log"), () -> recordLines(out), after,
          r.nextInt(200));
      kills.add(after + " → " + recordLines(out));
    }
    ChildJvm.Result resumed = ChildJvm.run(tmp, 300, List.of(), resume);
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(records(out)).as("killed after records (wanted → written) %s", kills).isEqualTo(records(ref));
    assertThat(pngs(out)).isEqualTo(pngs(ref));
  }

  @Test
  void aTrainingKilledAnywhereResumesToTheWeightsOfOneRun() throws Exception {
    Path ref = tmp.resolve("ref");
    ChildJvm.Result straight = ChildJvm.run(tmp, 300, List.of(), BenchWorkersKillTest.with(TRAIN, "--out", ref.toString()));
    assertThat(straight.code()).as(straight.err()).isZero();
    Path out = tmp.resolve("killed");
    String[] resume = BenchWorkersKillTest.with(TRAIN, "--out", out.toString(), "--resume");
    int checkpoints = STEPS / CHECKPOINT_EVERY;
    List<String> kills = new ArrayList<>();
    for (int i = 0; i < SEEDS.length; i++) { // the run, then each resume, killed: kill i within the i-th quarter of the checkpoints
      Random r = new Random(SEEDS[i]);
      int step = (i * checkpoints / 4 + r.nextInt(checkpoints / 4)) * CHECKPOINT_EVERY;
      if (i == 0) { // a resume needs run.json: the first kill comes after it
        killAfter(BenchWorkersKillTest.with(TRAIN, "--out", out.toString()), tmp.resolve("train-0.log"),
            () -> Files.exists(out.resolve("run.json")) ? 1 + newestCheckpoint(out) : 0, 1 + step, r.nextInt(300));
      } else {
        killAfter(resume, tmp.resolve("train-" + i + ".log"), () -> newestCheckpoint(out), step, r.nextInt(300));
      }
      kills.add(step + " → " + newestCheckpoint(out));
    }
    ChildJvm.Result resumed = ChildJvm.run(tmp, 300, List.of(), resume);
    assertThat(resumed.code()).as(resumed.err()).isZero();
    Path last = Path.of("checkpoints", String.format("step-%08d", STEPS));
    for (String file : List.of("params.safetensors", "optimizer.safetensors")) {
      assertThat(Files.readAllBytes(out.resolve(last).resolve(file))).as("killed after checkpoints (wanted → written) %s: %s", kills, file)
          .isEqualTo(Files.readAllBytes(ref.resolve(last).resolve(file)));
    }
    assertThat(log(out)).as("the log of one run").isEqualTo(log(ref));
  }

  /**
   * Starts {@code args} in a JVM of its own and kills it with SIGKILL once {@code progress} reaches
   * {@code at}, {@code delayMillis} later; fails if it finished first.
   */
  private static void killAfter(String[] args, Path log, LongSupplier progress, long at, int delayMillis) throws Exception {
    Process p = ChildJvm.start(log, args);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (progress.getAsLong() < at) {
        assertThat(p.isAlive()).as("it ended before the kill point: " + Files.readString(log)).isTrue();
        assertThat(System.nanoTime()).as("it reached no kill point in three minutes").isLessThan(deadline);
        Thread.sleep(5);
      }
      Thread.sleep(delayMillis);
      assertThat(p.isAlive()).as("it ended before the kill point: " + Files.readString(log)).isTrue();
    } finally {
      p.destroyForcibly(); // SIGKILL
      p.waitFor();
    }
  }

  /** Each configuration's records in file order, with the measured times and memory taken out. */
  private static Map<String, List<JsonNode>> records(Path out) throws IOException {
    Map<String, List<JsonNode>> m = new TreeMap<>();
    for (String c : CONFIGS) {
      List<JsonNode> rs = new ArrayList<>();
      for (String line : Files.readAllLines(out.resolve(c).resolve("records.jsonl"))) {
        ObjectNode n = (ObjectNode) JSON.readTree(line);
        n.remove("peakRssBytes");
        n.get("images").forEach(i -> ((ObjectNode) i).remove("wallNanos"));
        rs.add(n);
      }
      m.put(c, rs);
    }
    return m;
  }

  /** Complete lines of every configuration's records (a kill may leave a torn one, not counted). */
  private static long recordLines(Path out) {
    long n = 0;
    for (String c : CONFIGS) {
      try {
        n += Files.readString(out.resolve(c).resolve("records.jsonl")).chars().filter(ch -> ch == '\n').count();
      } catch (IOException e) {
        // not there yet
      }
    }
    return n;
  }

  private static long newestCheckpoint(Path run) {
    try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
      return s.filter(p -> Files.exists(p.resolve("COMPLETE"))).mapToLong(p -> Long.parseLong(p.getFileName().toString().substring(5))).max().orElse(0);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Every image of a benchmark folder (relative path → bytes). */
  private static Map<String, List<Byte>> pngs(Path out) throws IOException {
    Map<String, List<Byte>> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(out)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".png")).sorted(Comparator.naturalOrder()).toList()) {
        byte[] b = Files.readAllBytes(p);
        List<Byte> l = new ArrayList<>(b.length);
        for (byte x : b) {
          l.add(x);
        }
        m.put(out.relativize(p).toString(), l);
      }
    }
    return m;
  }

  /** The training log's lines without the throughput (a measurement). */
  private static List<JsonNode> log(Path run) throws IOException {
    List<JsonNode> l = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("log.jsonl"))) {
      ObjectNode n = (ObjectNode) JSON.readTree(line);
      n.remove("samples_per_s");
      l.add(n);
    }
    return l;
  }
}
