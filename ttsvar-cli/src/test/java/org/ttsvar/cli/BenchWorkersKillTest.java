package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25, finding 10: a {@code bench --workers} killed with SIGKILL leaves no worker running, and
 * while a run lasts its folder is its own: a second bench, render or sample into it exits 2 naming
 * the folder and the process.
 */
class BenchWorkersKillTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CONFIGS = List.of("raw-n1", "ttsvar-n2");

  @TempDir Path tmp;

  @Test
  void aKilledParentsWorkersStopAndNoSecondRunSharesTheFolder() throws Exception {
    Path out = tmp.resolve("w");
    String[] args = {"bench", "--suite", "quick", "--configs", String.join(",", CONFIGS), "--seeds", "0,1", "--workers", "2", "--out", out.toString()};
    Process parent = ChildJvm.start(tmp.resolve("parent.log"), args);
    try {
      String holder = "in use by process " + parent.pid() + " (ttsvar bench --suite quick";
      awaitLock(parent, out); // the parent takes the folder first, then starts its workers

      Cli resume = Cli.run(with(args, "--resume"));
      assertThat(resume.code()).as(resume.err()).isEqualTo(2);
      assertThat(resume.err()).contains(out.toString()).contains(holder);
      Cli render = Cli.run("render", "--prompt", "a photo of a red circle", "--out", out.toString(), "--resume");
      assertThat(render.code()).as(render.err()).isEqualTo(2);
      assertThat(render.err()).contains(out.toString()).contains(holder);
      Cli sample = Cli.run("sample", "--prompt", "a photo of a red circle", "--images-per-prompt", "1", "--out", out.toString());
      assertThat(sample.code()).as(sample.err()).isEqualTo(2);
      assertThat(sample.err()).contains(out.toString()).contains(holder);

      List<ProcessHandle> workers = awaitWorkers(parent, out);
      assertThat(workers).allMatch(ProcessHandle::isAlive);
      parent.destroyForcibly(); // SIGKILL: no shutdown hook runs, the workers are on their own
      assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
      long t0 = System.nanoTime();
      for (ProcessHandle w : workers) {
        w.onExit().get(60, TimeUnit.SECONDS);
      }
      assertThat((System.nanoTime() - t0) / 1e9).as("seconds until the orphaned workers stopped").isLessThan(30);
      for (int i = 0; i < 2; i++) {
        assertThat(Files.readString(out.resolve("parts/" + i + ".log"))).contains("has ended; stopping");
      }
    } finally {
      parent.destroyForcibly();
    }

    Cli done = Cli.run(with(args, "--resume"));
    assertThat(done.code()).as(done.err()).isZero();
    for (String c : CONFIGS) { // every prompt once, each with its two seeds
      List<Integer> indices = new ArrayList<>();
      for (String line : Files.readAllLines(out.resolve(c).resolve("records.jsonl"))) {
        var r = JSON.readTree(line);
        indices.add(r.get("index").asInt());
        assertThat(r.get("images")).hasSize(2);
      }
      assertThat(indices).as(c).containsExactly(0, 1, 2, 3, 4, 5);
    }
  }

  /** Waits until the parent holds {@code out}: it makes {@code out/parts} once it has taken the folder. */
  private static void awaitLock(Process parent, Path out) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(out.resolve("parts"))) {
        return;
      }
      assertThat(parent.isAlive()).as("the benchmark ended before it took its folder").isTrue();
      Thread.sleep(20);
    }
    throw new AssertionError("the benchmark did not take its folder within two minutes");
  }

  /** The parent's two workers, once each has taken its part (its manifest is written under the part's lock). */
  private static List<ProcessHandle> awaitWorkers(Process parent, Path out) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      List<ProcessHandle> kids = parent.toHandle().children().filter(ProcessHandle::isAlive).toList();
      if (kids.size() == 2 && Files.exists(out.resolve("parts/0/bench.json")) && Files.exists(out.resolve("parts/1/bench.json"))) {
        return kids;
      }
      assertThat(parent.isAlive()).as("the benchmark ended before its workers were seen").isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("the workers did not start within two minutes");
  }

  static String[] with(String[] args, String... more) {
    String[] a = Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, a, args.length, more.length);
    return a;
  }
}
