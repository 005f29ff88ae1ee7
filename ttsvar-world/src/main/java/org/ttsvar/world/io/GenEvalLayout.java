package org.ttsvar.world.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ttsvar.world.PromptSpec;

/**
 * GenEval's output layout, the interchange format of every image folder in ttsvar:
 * {@code ROOT/00000/metadata.jsonl} (the prompt's metadata, one line) and
 * {@code ROOT/00000/samples/0000.png}, … .
 */
public final class GenEvalLayout {
  public static final String METADATA = "metadata.jsonl";
  public static final String SAMPLES = "samples";
  private static final Pattern PROMPT_DIR = Pattern.compile("\\d+");
  private static final Pattern SAMPLE = Pattern.compile("\\d+\\.png");

  private GenEvalLayout() {}

  /** One prompt's folder: its index, path, metadata and sample images (sorted by name). */
  public record PromptFolder(int index, Path dir, PromptSpec spec, List<Path> samples) {}

  public static Path promptDir(Path root, int index) {
    return root.resolve(String.format("%05d", index));
  }

  public static Path samplePath(Path promptDir, int sample) {
    return promptDir.resolve(SAMPLES).resolve(String.format("%04d.png", sample));
  }

  /** Writes {@code ROOT/nnnnn/metadata.jsonl} (atomically) and creates the samples folder. */
  public static Path writePrompt(Path root, int index, PromptSpec spec) throws IOException {
    Path dir = promptDir(root, index);
    Files.createDirectories(dir.resolve(SAMPLES));
    AtomicFiles.write(dir.resolve(METADATA), (MetadataJson.toJson(spec) + "\n").getBytes(StandardCharsets.UTF_8));
    return dir;
  }

  /** The numbered prompt folders directly under {@code root}, sorted by index (none if root is empty). */
  public static List<Path> promptDirs(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(p -> Files.isDirectory(p) && PROMPT_DIR.matcher(p.getFileName().toString()).matches())
          .sorted((a, b) -> Integer.compare(Integer.parseInt(a.getFileName().toString()), Integer.parseInt(b.getFileName().toString())))
          .toList();
    }
  }

  /**
   * Reads every prompt folder under {@code root}.
   *
   * @throws MetadataException when root is not a folder or holds no prompt folders
   * @throws MetadataException when a metadata file is missing or malformed (naming it)
   */
  public static List<PromptFolder> scan(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new MetadataException(root + (Files.exists(root) ? ": not a folder" : ": no such folder") + "; expected GenEval layout ROOT/00000/metadata.jsonl, ROOT/00000/samples/0000.png");
    }
    List<Path> dirs = promptDirs(root);
    if (dirs.isEmpty()) {
      throw new MetadataException(root + ": holds no prompt folders (00000, 00001, …); make one with 'ttsvar render' or 'ttsvar sample'");
    }
    List<PromptFolder> out = new ArrayList<>();
    for (Path dir : dirs) {
      out.add(readFolder(dir));
    }
    return out;
  }

  public static PromptFolder readFolder(Path dir) throws IOException {
    Path meta = dir.resolve(METADATA);
    if (!Files.isRegularFile(meta)) {
      throw new MetadataException(meta + ": missing; every prompt folder needs its metadata.jsonl");
    }
    List<String> lines = Files.readAllLines(meta, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    if (lines.size() != 1) {
      throw new MetadataException(meta + ": expected exactly one JSON line, found " + lines.size());
    }
    PromptSpec spec = MetadataJson.parse(lines.get(0), meta.toString());
    List<Path> samples = new ArrayList<>();
    Path sdir = dir.resolve(SAMPLES);
    if (Files.isDirectory(sdir)) {
      try (Stream<Path> s = Files.list(sdir)) {
        s.filter(p -> SAMPLE.matcher(p.getFileName().toString()).matches()).sorted().forEach(samples::add);
      }
    }
    return new PromptFolder(Integer.parseInt(dir.getFileName().toString()), dir, spec, List.copyOf(samples));
  }
}
