package org.ttsvar.tensor.pth;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.ttsvar.tensor.fuzz.ByteMutations;
import org.ttsvar.tensor.fuzz.ReaderContract;

/**
 * Mutates the torch-written goldens (byte flips, truncations, forged length fields) and checks that
 * the reader either loads the file or refuses it with a {@link org.ttsvar.tensor.CorruptWeightsException} naming the file: never
 * another exception, an out-of-memory error or a hang. The first property mutates whole files
 * (zip structure, storages; the CRC of data.pkl catches most flips inside it), the second mutates
 * data.pkl alone and repacks it with a valid CRC, so the unpickler sees every mutation.
 */
class PthFuzzTest {
  private static final Path DIR = tempDir();
  private static final int TRIES = 2000;
  private static final Duration LIMIT = Duration.ofSeconds(20);

  @Property(tries = TRIES)
  void mutatedFilesLoadOrFailCleanly(@ForAll @IntRange(min = 0, max = 3) int which, @ForAll long seed) throws IOException {
    byte[] original = Files.readAllBytes(Goldens.path(Goldens.SAVED.get(which)));
    byte[] mutated = ByteMutations.mutate(original, new SplittableRandom(seed));
    Statistics.collect(outcome(mutated, "file"));
  }

  @Property(tries = TRIES)
  void mutatedPicklesLoadOrFailCleanly(@ForAll @IntRange(min = 0, max = 3) int which, @ForAll long seed) {
    Map<String, byte[]> entries = new LinkedHashMap<>(TestZip.read(Goldens.path(Goldens.SAVED.get(which))));
    String pkl = entries.keySet().stream().filter(n -> n.endsWith("/data.pkl")).findFirst().orElseThrow();
    entries.put(pkl, ByteMutations.mutate(entries.get(pkl), new SplittableRandom(seed)));
    Statistics.collect(outcome(TestZip.write(entries, false), "pickle"));
  }

  /** "loaded" or the kind of refusal ({@link ReaderContract#pth}); fails the property on anything else or on a hang. */
  private static String outcome(byte[] file, String kind) {
    Path f = DIR.resolve(kind + ".pth");
    return assertTimeoutPreemptively(LIMIT, () -> ReaderContract.pth(file, f));
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
