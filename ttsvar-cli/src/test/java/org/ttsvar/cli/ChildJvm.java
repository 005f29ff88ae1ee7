package org.ttsvar.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * ttsvar's command line in a JVM of its own, for the tests that kill it or starve it of memory: the
 * test's class path, its {@code ttsvar.*} and DJL settings, one PyTorch thread.
 */
final class ChildJvm {
  /** A finished run: exit code, both streams, and how long it took. */
  record Result(int code, String out, String err, double seconds) {}

  private ChildJvm() {}

  static List<String> command(List<String> jvmArgs, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
      String k = e.getKey().toString();
      if ((k.startsWith("ttsvar.") || k.startsWith("ai.djl.")) && !k.endsWith("_threads")) {
        cmd.add("-D" + k + "=" + e.getValue());
      }
    }
    cmd.addAll(List.of("-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1", "-Djava.awt.headless=true"));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Starts the command line with {@code args}; its output (both streams) goes to {@code log}. */
  static Process start(Path log, String... args) throws IOException {
    return new ProcessBuilder(command(List.of(), args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Runs the command line to its end (killed after {@code limitSeconds}); standard output and error apart. */
  static Result run(Path scratch, int limitSeconds, List<String> jvmArgs, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(scratch, "out", ".txt");
    Path err = Files.createTempFile(scratch, "err", ".txt");
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(command(jvmArgs, args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), secs);
  }
}
