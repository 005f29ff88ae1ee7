package org.ttsvar.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ttsvar.bench.ImageRecord;
import org.ttsvar.bench.PromptRecord;
import org.ttsvar.bench.run.RecordsFile;
import org.ttsvar.cli.Main;

/** Runs of the Spark job and of the single-process command line in this JVM, and what the tests compare of their folders. */
record Runs(int code, String out, String err) {
  /** The Spark job with master {@code master} (local[N] or local[N,maxFailures]; null: none). */
  static Runs spark(String master, String... args) {
    if (master == null) {
      System.clearProperty("spark.master");
    } else {
      System.setProperty("spark.master", master);
    }
    System.setProperty("spark.ui.enabled", "false");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SparkMain.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Runs(code, out.toString(), err.toString());
  }

  /** {@code ttsvar ARGS}, as the launcher runs it. */
  static Runs single(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Runs(code, out.toString(), err.toString());
  }

  Runs succeeded() {
    assertThat(code).as(err).isZero();
    return this;
  }

  static String[] with(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** A configuration's records by prompt, with what is measured rather than computed (wall time, memory) zeroed. */
  static TreeMap<Integer, PromptRecord> records(Path configDir) throws IOException {
    TreeMap<Integer, PromptRecord> out = new TreeMap<>();
    for (PromptRecord r : RecordsFile.read(configDir.resolve(RecordsFile.NAME)).values()) {
      List<ImageRecord> images = r.images().stream()
          .map(i -> new ImageRecord(i.seed(), i.correct(), i.reason(), i.reward(), i.flops(), i.decodes(), i.rewardCalls(), i.stateBytes(), 0))
          .toList();
      out.put(r.index(), new PromptRecord(r.index(), r.tag(), r.prompt(), images, r.diversity(), 0));
    }
    return out;
  }

  /** The lines of a records file (to count them: a record merged twice would be two lines). */
  static List<String> recordLines(Path configDir) throws IOException {
    return Files.readAllLines(configDir.resolve(RecordsFile.NAME));
  }

  /** Every file under {@code root} but those under {@code parts/}, by relative path. */
  static List<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).filter(p -> !p.startsWith(PartFolders.PARTS + "/")).sorted().toList();
    }
  }
}
