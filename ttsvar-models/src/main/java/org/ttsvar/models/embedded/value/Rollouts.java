package org.ttsvar.models.embedded.value;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.world.BadInputException;

/**
 * The value head's training data: the generator's own rollouts, one record per prompt, appended to
 * one file. A record holds the prompt, every path's accumulated code map after each scale and the
 * learned reward of each path's final image (the target). A torn last record (a run killed while
 * writing) is cut on {@link #openForAppend}, so collection resumes where it stopped.
 *
 * <pre>
 * record := prompt (modified UTF-8) · paths (int) · scales (int) · dims (int)
 *           · codes (paths × scales × dims floats) · rewards (paths floats)
 * </pre>
 */
public final class Rollouts {
  /** One prompt's rollouts: codes[path][scale] is the flattened code map after that scale. */
  public record PromptRollouts(String prompt, float[][][] codes, float[] rewards) {
    public int paths() {
      return rewards.length;
    }

    public int scales() {
      return codes[0].length;
    }
  }

  private Rollouts() {}

  /** Every complete record of the file, in order (a torn tail is ignored). */
  public static List<PromptRollouts> read(Path file) throws IOException {
    List<PromptRollouts> out = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
      while (true) {
        PromptRollouts r = readRecord(in, file);
        if (r == null) {
          return out;
        }
        out.add(r);
      }
    }
  }

  /** Byte length of the complete records at the start of the file. */
  static long completeLength(Path file) throws IOException {
    long length = 0;
    try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
      while (true) {
        PromptRollouts r = readRecord(in, file);
        if (r == null) {
          return length;
        }
        length += recordBytes(r);
      }
    }
  }

  /** Opens the file for appending after its last complete record (cutting a torn one), creating it if absent. */
  public static Writer openForAppend(Path file) throws IOException {
    if (Files.exists(file)) {
      long keep = completeLength(file);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(keep);
      }
    }
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    return new Writer(ch);
  }

  /** Appends records; each {@link #append} is forced to disk before it returns. */
  public static final class Writer implements AutoCloseable {
    private final FileChannel channel;

    private Writer(FileChannel channel) {
      this.channel = channel;
    }

    public void append(PromptRollouts r) throws IOException {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream((int) recordBytes(r));
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        write(out, r);
      }
      channel.write(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
      channel.force(false);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  private static void write(OutputStream sink, PromptRollouts r) throws IOException {
    DataOutputStream out = (DataOutputStream) sink;
    out.writeUTF(r.prompt());
    int dims = r.codes()[0][0].length;
    out.writeInt(r.paths());
    out.writeInt(r.scales());
    out.writeInt(dims);
    for (float[][] path : r.codes()) {
      for (float[] scale : path) {
        if (scale.length != dims) {
          throw new IllegalArgumentException("code maps of one record must have one size");
        }
        for (float v : scale) {
          out.writeFloat(v);
        }
      }
    }
    for (float v : r.rewards()) {
      out.writeFloat(v);
    }
  }

  private static long recordBytes(PromptRollouts r) {
    long utf = 2 + r.prompt().getBytes(java.nio.charset.StandardCharsets.UTF_8).length; // the prompts are ASCII: modified UTF-8 = UTF-8
    return utf + 12 + 4L * r.paths() * r.scales() * r.codes()[0][0].length + 4L * r.paths();
  }

  private static PromptRollouts readRecord(DataInputStream in, Path file) throws IOException {
    String prompt;
    try {
      prompt = in.readUTF();
    } catch (EOFException e) {
      return null;
    }
    try {
      int paths = in.readInt(), scales = in.readInt(), dims = in.readInt();
      if (paths < 1 || scales < 1 || dims < 1 || (long) paths * scales * dims > 1 << 26) {
        throw new BadInputException(file + " is not a rollouts file (a record claims " + paths + " paths × " + scales + " scales × " + dims + " codes); collect it again");
      }
      float[][][] codes = new float[paths][scales][dims];
      for (float[][] path : codes) {
        for (float[] scale : path) {
          for (int j = 0; j < dims; j++) {
            scale[j] = in.readFloat();
          }
        }
      }
      float[] rewards = new float[paths];
      for (int i = 0; i < paths; i++) {
        rewards[i] = in.readFloat();
      }
      return new PromptRollouts(prompt, codes, rewards);
    } catch (EOFException e) {
      return null; // a torn last record
    }
  }
}
