package org.ttsvar.tensor.pth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.ttsvar.tensor.CorruptWeightsException;

/**
 * Mutates the torch-written goldens (byte flips, truncations, forged length fields) and checks that
 * the reader either loads the file or refuses it with a {@link CorruptWeightsException}: never
 * another exception, an out-of-memory error or a hang. The first property mutates whole files
 * (zip structure, storages; the CRC of data.pkl catches most flips inside it), the second mutates
 * data.pkl alone and repacks it with a valid CRC, so the unpickler sees every mutation.
 */
class PthFuzzTest {
  private static final Path DIR = tempDir();
  private static final int TRIES = 3000;
  private static final Duration LIMIT = Duration.ofSeconds(20);
  private static final long[] INTERESTING = {0, 1, 2, 7, 8, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffffL, 0x80000000L, 0xffffffffL, Long.MAX_VALUE, -1};

  @Property(tries = TRIES)
  void mutatedFilesLoadOrFailCleanly(@ForAll @IntRange(min = 0, max = 3) int which, @ForAll long seed) throws IOException {
    byte[] original = Files.readAllBytes(Goldens.path(Goldens.SAVED.get(which)));
    byte[] mutated = mutate(original, new SplittableRandom(seed));
    Statistics.collect(outcome(mutated, "file"));
  }

  @Property(tries = TRIES)
  void mutatedPicklesLoadOrFailCleanly(@ForAll @IntRange(min = 0, max = 3) int which, @ForAll long seed) {
    Map<String, byte[]> entries = new LinkedHashMap<>(TestZip.read(Goldens.path(Goldens.SAVED.get(which))));
    String pkl = entries.keySet().stream().filter(n -> n.endsWith("/data.pkl")).findFirst().orElseThrow();
    entries.put(pkl, mutate(entries.get(pkl), new SplittableRandom(seed)));
    Statistics.collect(outcome(TestZip.write(entries, false), "pickle"));
  }

  /** "loaded" or the first words of the refusal; fails the property on anything else. */
  private static String outcome(byte[] file, String kind) {
    Path f = DIR.resolve(kind + ".pth");
    try {
      Files.write(f, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return assertTimeoutPreemptively(LIMIT, () -> {
      try (PthFile p = PthFile.open(f)) {
        for (PthTensor t : p.entries().values()) {
          assertThat(p.read(t.name()).values()).hasSize((int) t.numel());
          if (t.integral()) {
            p.readLongs(t.name());
          }
        }
        return "loaded";
      } catch (CorruptWeightsException e) {
        return "refused: " + reason(e.getMessage());
      }
    });
  }

  private static String reason(String m) {
    if (m.contains("Python global")) {
      return "foreign global";
    }
    if (m.contains("CRC")) {
      return "CRC of data.pkl";
    }
    if (m.contains("not a torch state-dict pickle")) {
      return "malformed pickle";
    }
    if (m.contains("zip") || m.contains("too short")) {
      return "zip structure";
    }
    return "storages and views";
  }

  /** One to three mutations: byte flips, a truncation, or a forged little-endian length field. */
  static byte[] mutate(byte[] in, SplittableRandom r) {
    byte[] b = in.clone();
    int n = 1 + r.nextInt(3);
    for (int k = 0; k < n && b.length > 0; k++) {
      switch (r.nextInt(4)) {
        case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length));
        default -> {
          int width = new int[] {1, 2, 4, 8}[r.nextInt(4)];
          if (b.length < width) {
            break;
          }
          long v = r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : r.nextLong(b.length * 2L + 1);
          int at = r.nextInt(b.length - width + 1);
          for (int i = 0; i < width; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
          }
        }
      }
    }
    return b;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("pth-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterContainer
  static void cleanUp() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(DIR);
  }
}
