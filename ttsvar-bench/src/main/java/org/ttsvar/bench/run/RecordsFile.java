package org.ttsvar.bench.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.ttsvar.bench.BenchException;
import org.ttsvar.bench.BenchJson;
import org.ttsvar.bench.PromptRecord;
import org.ttsvar.world.io.AtomicFiles;

/**
 * The append-only {@code records.jsonl} of one configuration. Each line is written and forced to
 * disk in one call, so a kill leaves at most a torn last line, which {@link #read} drops (the
 * prompt is then run again): an interrupted benchmark loses at most the prompt in flight.
 */
public final class RecordsFile {
  public static final String NAME = "records.jsonl";

  private RecordsFile() {}

  public static void append(Path file, PromptRecord record) throws IOException {
    byte[] line = (BenchJson.LINES.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(false);
    }
  }

  /**
   * Replaces the file's content by {@code records}, one line each in the given order, atomically (a
   * kill leaves the old file or the new one). For the one process that resumes the file: dropping
   * the records of prompts it must redo, putting redone records back in prompt order.
   */
  public static void rewrite(Path file, Collection<PromptRecord> records) throws IOException {
    StringBuilder text = new StringBuilder();
    for (PromptRecord r : records) {
      text.append(BenchJson.LINES.writeValueAsString(r)).append('\n');
    }
    AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The records of a file by prompt index, leaving the file as it is: an unfinished last line is
   * skipped. Safe while another process appends (progress of workers, merging).
   */
  public static TreeMap<Integer, PromptRecord> read(Path file) throws IOException {
    return read(file, false, m -> {});
  }

  /**
   * The records of a file by prompt index, for the one process that resumes appending to it: a torn
   * last line (a kill mid-write) is reported to {@code torn} and cut off, so later appends start on
   * a clean line. Never call this on a file another process may be writing: its line in flight
   * would look torn and be cut.
   */
  public static TreeMap<Integer, PromptRecord> readAndRepair(Path file, Consumer<String> torn) throws IOException {
    return read(file, true, torn);
  }

  private static TreeMap<Integer, PromptRecord> read(Path file, boolean repair, Consumer<String> torn) throws IOException {
    TreeMap<Integer, PromptRecord> out = new TreeMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(text.lines().toList());
    long keepBytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (!text.isEmpty() && !text.endsWith("\n")) {
      String last = lines.remove(lines.size() - 1);
      if (repair) {
        torn.accept(file + ": dropped an unfinished last line (" + last.length() + " characters); that prompt runs again");
      }
      keepBytes -= last.getBytes(StandardCharsets.UTF_8).length;
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        PromptRecord r = BenchJson.LINES.readValue(line, PromptRecord.class);
        out.put(r.index(), r);
      } catch (JsonProcessingException e) {
        throw new BenchException(file + " line " + (i + 1) + " is not a benchmark record (" + e.getOriginalMessage()
            + "); the file was edited or damaged: delete that line to rerun its prompt");
      }
    }
    if (repair && keepBytes < Files.size(file)) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(keepBytes);
        ch.force(false);
      }
    }
    return out;
  }
}
