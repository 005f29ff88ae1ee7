package org.ttsvar.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ttsvar.search.SearchResult;
import org.ttsvar.search.trace.SearchPage;
import org.ttsvar.search.trace.TraceJson;

/**
 * The files of the most recent searches, as {@code generate} writes them ({@code image.png},
 * {@code survivors/}, {@code scales/}, {@code trace.json}, {@code search.html}), one folder per run.
 * Only the newest {@code keep} are kept, so a long-running server's disk use stays flat.
 */
final class RunStore {
  private static final Pattern RUN_ID = Pattern.compile("r[0-9]{1,12}");
  private static final Pattern FILE = Pattern.compile("image\\.png|trace\\.json|search\\.html|(survivors|scales)/[0-9_]{1,12}\\.png");

  /** A stored run: its id and folder. */
  record Run(String id, Path folder) {}

  private final Path root;
  private final int keep;
  private final Deque<String> kept = new ArrayDeque<>();

  RunStore(Path root, int keep) throws IOException {
    if (keep < 1) {
      throw new IllegalArgumentException("keep " + keep);
    }
    this.root = Files.createDirectories(root);
    this.keep = keep;
  }

  Path root() {
    return root;
  }

  /** Writes a finished search's files; the oldest run beyond the newest {@code keep} is deleted. */
  synchronized Run save(String id, SearchResult r, ServedModel model) throws IOException {
    Path dir = root.resolve(id);
    TraceJson.write(dir, r, model.sides(), model.setup());
    SearchPage.write(dir.resolve("search.html"), r, model.sides(), model.setup());
    kept.addLast(id);
    while (kept.size() > keep) {
      deleteTree(root.resolve(kept.removeFirst()));
    }
    return new Run(id, dir);
  }

  /** The file {@code name} of run {@code id}, or null when there is no such run or file (only the names a run writes are served). */
  synchronized Path file(String id, String name) {
    if (!RUN_ID.matcher(id).matches() || !FILE.matcher(name).matches() || !kept.contains(id)) {
      return null;
    }
    Path f = root.resolve(id).resolve(name);
    return Files.isRegularFile(f) ? f : null;
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
