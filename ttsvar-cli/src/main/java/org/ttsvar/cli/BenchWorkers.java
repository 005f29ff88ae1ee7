package org.ttsvar.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.ttsvar.bench.BenchConfig;
import org.ttsvar.bench.BenchException;
import org.ttsvar.bench.Manifest;
import org.ttsvar.bench.report.Reports;
import org.ttsvar.bench.run.Merge;
import org.ttsvar.bench.run.RecordsFile;
import org.ttsvar.bench.run.Shard;
import org.ttsvar.bench.stats.Results;
import org.ttsvar.bench.studies.Consistency;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.io.FolderLock;

/**
 * Runs one benchmark as W child processes, each with one PyTorch thread and the prompts of shard
 * i/W, then merges them into the output folder. On a 2-core machine the models' small operations keep
 * two single-threaded processes busier than one process with two threads.
 *
 * <p>Layout: {@code OUT/parts/i/} is worker i's shard folder, {@code OUT/parts/i.log} its output; everything
 * else in {@code OUT} is the merge of the parts, rebuilt after every (resumed) run.
 *
 * <p>The caller holds {@code OUT}'s {@link FolderLock}, each worker its part's. A worker stops when
 * this process is gone ({@link ParentWatch}), a SIGKILL included; SIGTERM and Ctrl-C stop the workers
 * from a shutdown hook.
 */
final class BenchWorkers {
  static final String PARTS = "parts";
  private static final String MERGING = ".merging";

  private final int workers;
  private final List<String> benchArgs;

  /** @param benchArgs the arguments of {@code ttsvar bench} that define the benchmark, without --out, --shard, --resume, --json, --workers */
  BenchWorkers(int workers, List<String> benchArgs) {
    if (workers < 1) {
      throw new BadInputException("--workers must be ≥ 1, got " + workers);
    }
    this.workers = workers;
    this.benchArgs = List.copyOf(benchArgs);
  }

  Results run(Path out, boolean resume, PrintWriter err) throws IOException, InterruptedException {
    Path parts = out.resolve(PARTS);
    if (!resume && !isEmpty(out)) {
      throw new BenchException(out + " is not empty; pass --resume to complete the benchmark in it, or choose an empty --out");
    }
    if (resume && Files.isDirectory(parts)) {
      try (Stream<Path> s = Files.list(parts)) {
        long found = s.filter(Files::isDirectory).count();
        if (found == 0) {
          found = workers;
        }
        if (found != workers) {
          throw new BenchException(out + " was run with --workers " + found + "; resume it with --workers " + found);
        }
      }
    }
    Files.createDirectories(parts);
    for (int i = 0; i < workers; i++) {
      requireNoWorkerLeft(parts.resolve(Integer.toString(i)));
    }
    List<Process> children = new java.util.concurrent.CopyOnWriteArrayList<>(); // read by the shutdown hook's thread
    Thread killer = new Thread(() -> children.forEach(Process::destroy));
    Runtime.getRuntime().addShutdownHook(killer);
    try {
      List<Path> dirs = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        Path dir = parts.resolve(Integer.toString(i));
        dirs.add(dir);
        children.add(start(dir, new Shard(i, workers), err));
      }
      watch(children, dirs, err);
      for (int i = 0; i < workers; i++) {
        int code = children.get(i).exitValue();
        if (code != 0) {
          throw new BenchException("worker " + i + " failed (exit " + code + "; see " + log(dirs.get(i))
              + "); the others' results are kept: rerun the same command with --resume");
        }
      }
      return merge(out, dirs);
    } finally {
      children.forEach(Process::destroy);
      Runtime.getRuntime().removeShutdownHook(killer);
    }
  }

  private Process start(Path dir, Shard shard, PrintWriter err) throws IOException {
    boolean started = Files.exists(dir.resolve(Manifest.NAME));
    Files.createDirectories(dir.getParent());
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx" + Math.max(1024, Runtime.getRuntime().maxMemory() / (1 << 20) / workers) + "m");
    for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
      String k = e.getKey().toString();
      if ((k.startsWith("ttsvar.") || k.startsWith("ai.djl.")) && !k.endsWith("_threads") && !k.equals(ParentWatch.PROPERTY)) {
        cmd.add("-D" + k + "=" + e.getValue());
      }
    }
    cmd.add("-Dai.djl.pytorch.num_threads=1");
    cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
    cmd.add("-D" + ParentWatch.PROPERTY + "=" + ProcessHandle.current().pid()); // a worker stops when this process is gone, even killed
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench"));
    cmd.addAll(benchArgs);
    cmd.addAll(List.of("--shard", shard.toString(), "--out", dir.toAbsolutePath().toString()));
    if (started) {
      cmd.add("--resume");
    }
    err.println("bench: worker " + shard + (started ? " resumes " : " starts ") + dir + " (log: " + log(dir) + ")");
    err.flush();
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log(dir).toFile())).start();
  }

  /** Worker i's output goes to {@code OUT/parts/i.log}, beside its folder (a bench folder must hold only the benchmark). */
  private static Path log(Path dir) {
    return dir.resolveSibling(dir.getFileName() + ".log");
  }

  /** Shows the combined progress (records written by all workers) until every worker has exited. */
  private static void watch(List<Process> children, List<Path> dirs, PrintWriter err) throws InterruptedException, IOException {
    try (ProgressBar bar = Progress.bar("bench (" + children.size() + " workers)", 1)) {
      while (children.stream().anyMatch(Process::isAlive)) {
        Thread.sleep(1000);
        long done = 0, total = 0;
        for (Path d : dirs) {
          if (Files.exists(d.resolve(Manifest.NAME))) {
            Manifest m = Manifest.read(d);
            Shard s = m.parsedShard();
            long prompts = java.util.stream.IntStream.range(0, m.promptIndices().size()).filter(s::has).count();
            total += prompts * m.configs().size();
            for (BenchConfig c : m.configs()) {
              done += RecordsFile.read(d.resolve(c.name()).resolve(RecordsFile.NAME)).size();
            }
          }
        }
        if (total > 0) {
          bar.maxHint(total);
          bar.stepTo(done);
        }
      }
    }
  }

  /** Replaces everything in {@code out} but the parts (and a consistency measurement) by their merge. */
  private static Results merge(Path out, List<Path> dirs) throws IOException {
    Path tmp = out.resolve(MERGING);
    deleteTree(tmp);
    Results r = Merge.merge(dirs, tmp);
    try (Stream<Path> s = Files.list(out)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        // consistency per scale is measured once, on the whole prompt set, after the parts; keep it
        if (!name.equals(PARTS) && !name.equals(MERGING) && !name.equals(Consistency.JSON) && !name.equals(Consistency.PNG) && !FolderLock.isLockFile(p)) {
          deleteTree(p);
        }
      }
    }
    try (Stream<Path> s = Files.list(tmp)) {
      for (Path p : s.toList()) {
        Files.move(p, out.resolve(p.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
      }
    }
    Files.delete(tmp);
    if (Files.exists(out.resolve(Consistency.PNG))) {
      Reports.write(out, r); // the merged report, with the consistency plot
    }
    return r;
  }

  /** Whether {@code dir} holds nothing but its lock (the caller holds it); a missing folder is empty. */
  private static boolean isEmpty(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.allMatch(FolderLock::isLockFile);
    }
  }

  /**
   * Refuses to start while a worker of an earlier run still holds its part (a killed parent's
   * workers stop within a fraction of a second, but a resume can be quicker); the message names it.
   */
  private static void requireNoWorkerLeft(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (FolderLock probe = FolderLock.acquire(dir, "ttsvar bench (checking for workers left)")) {
        // free: the worker this run starts takes it
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
