package org.ttsvar.tensor.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.tensor.pth.PthFile;
import org.ttsvar.tensor.pth.PthTensor;

/**
 * What a weight reader owes any bytes it is given: it reads every tensor, each with as many values
 * as its shape says, or it refuses the file with a {@link CorruptWeightsException} whose message
 * names the file. Anything else (another exception, an error, an allocation the file does not pay
 * for) escapes and fails the fuzz test that called it.
 */
public final class ReaderContract {
  private ReaderContract() {}

  /** Checks the safetensors reader on {@code bytes} (written to {@code file}); returns "loaded" or "refused: REASON". */
  public static String safetensors(byte[] bytes, Path file) {
    write(file, bytes);
    try (SafeTensors st = SafeTensors.open(file)) {
      for (SafeTensors.Entry e : st.entries().values()) {
        TensorData t = st.read(e.name());
        requireConsistent(e.name(), t, bytes.length);
      }
      return "loaded";
    } catch (CorruptWeightsException e) {
      return refused(e, file);
    } catch (IOException e) {
      throw new AssertionError("an IOException other than CorruptWeightsException: " + e, e);
    }
  }

  /** Checks the {@code .pth} reader on {@code bytes} (written to {@code file}); returns "loaded" or "refused: REASON". */
  public static String pth(byte[] bytes, Path file) {
    write(file, bytes);
    try (PthFile p = PthFile.open(file)) {
      for (PthTensor t : p.entries().values()) {
        requireConsistent(t.name(), p.read(t.name()), bytes.length);
        if (t.integral()) {
          if (p.readLongs(t.name()).length != t.numel()) {
            throw new AssertionError(t.name() + ": readLongs gave another count than numel " + t.numel());
          }
        }
      }
      return "loaded";
    } catch (CorruptWeightsException e) {
      return refused(e, file);
    } catch (IOException e) {
      throw new AssertionError("an IOException other than CorruptWeightsException: " + e, e);
    }
  }

  private static void requireConsistent(String name, TensorData t, long fileBytes) {
    long n = 1;
    for (long d : t.shape()) {
      n = Math.multiplyExact(n, d); // an overflow here is a finding: the reader accepted an impossible shape
    }
    if (n != t.values().length) {
      throw new AssertionError(name + ": shape holds " + n + " values, the reader gave " + t.values().length);
    }
    if (t.values().length > fileBytes) { // every value costs at least one stored byte (broadcast views aside, none here)
      throw new AssertionError(name + ": " + t.values().length + " values from a file of " + fileBytes + " bytes");
    }
  }

  private static String refused(CorruptWeightsException e, Path file) {
    String m = e.getMessage();
    if (m == null || !m.contains(file.getFileName().toString())) {
      throw new AssertionError("a refusal that does not name the file: " + m, e);
    }
    return "refused: " + reason(m.substring(m.indexOf(file.getFileName().toString()) + file.getFileName().toString().length()));
  }

  /** The kind of refusal, for the run's statistics. */
  private static String reason(String m) {
    for (String k : new String[] {"header length", "not valid JSON", "twice", "overlap", "hole", "after the last", "outside", "dtype", "bytes for", "negative",
        "malformed", "Python global", "CRC", "pickle", "zip", "too short", "storage"}) {
      if (m.contains(k)) {
        return k;
      }
    }
    return "other";
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
