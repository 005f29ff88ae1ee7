package org.ttsvar.models.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ttsvar.world.io.AtomicFiles;

/**
 * The folder of one training run: {@code run.json} (what is being trained, with which settings),
 * {@code log.jsonl} (one line per log interval), and {@code checkpoints/step-NNNNNNNN/} folders with
 * the parameters and the optimizer state. A checkpoint folder is complete when its
 * {@code COMPLETE} marker exists (written last), so a crash mid-save leaves the previous checkpoint
 * as the one to resume from. The two newest complete checkpoints are kept.
 */
public final class RunFolder {
  public static final String RUN = "run.json";
  public static final String LOG = "log.jsonl";
  private static final String MARKER = "COMPLETE";
  private final Path root;

  public RunFolder(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path runFile() {
    return root.resolve(RUN);
  }

  public boolean exists() {
    return Files.exists(runFile());
  }

  public Path checkpointDir(long step) {
    return root.resolve("checkpoints").resolve(String.format("step-%08d", step));
  }

  /** The newest complete checkpoint, if any. */
  public Optional<Path> latestCheckpoint() throws IOException {
    Path dir = root.resolve("checkpoints");
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(RunFolder::isComplete).max(Comparator.comparing(p -> p.getFileName().toString()));
    }
  }

  /** Whether a checkpoint folder was written to the end (its marker exists). */
  public static boolean isComplete(Path checkpoint) {
    return Files.exists(checkpoint.resolve(MARKER));
  }

  public static long stepOf(Path checkpoint) {
    return Long.parseLong(checkpoint.getFileName().toString().substring("step-".length()));
  }

  /** Marks a checkpoint complete and removes all but the two newest complete ones. */
  public void commitCheckpoint(Path checkpoint) throws IOException {
    AtomicFiles.write(checkpoint.resolve(MARKER), new byte[0]);
    try (Stream<Path> s = Files.list(checkpoint.getParent())) {
      List<Path> all = s.sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
      int kept = 0;
      for (Path p : all) {
        if (isComplete(p) && kept < 2) {
          kept++;
        } else if (!p.equals(checkpoint)) {
          deleteTree(p);
        }
      }
    }
  }

  public void appendLog(String jsonLine) throws IOException {
    Files.createDirectories(root);
    Files.writeString(root.resolve(LOG), jsonLine + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /**
   * Cuts the log back to a checkpoint at {@code step}, for a resume from it: the lines of the steps
   * after it, which the resumed run logs again, and a line a kill left half-written are dropped,
   * so that a resumed run's log reads as one run's.
   */
  public void cutLogAfter(long step) throws IOException {
    Path log = root.resolve(LOG);
    if (!Files.exists(log)) {
      return;
    }
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    StringBuilder kept = new StringBuilder();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      com.fasterxml.jackson.databind.JsonNode n;
      try {
        n = json.readTree(line);
      } catch (IOException e) {
        continue; // torn by a kill
      }
      if (n == null || !n.has("step")) {
        continue;
      }
      // a logged line's step counts the steps done; a skipped step's is its index (that step not done)
      long s = n.get("step").asLong();
      if (n.has("skipped") ? s < step : s <= step) {
        kept.append(line).append('\n');
      }
    }
    AtomicFiles.write(log, kept.toString().getBytes(StandardCharsets.UTF_8));
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
