package org.ttsvar.tensor.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Byte-level mutation of valid files for the jqwik fuzz properties (Jazzer mutates on its own): bit
 * flips, random bytes, truncations and length fields forged with values that break arithmetic.
 */
public final class ByteMutations {
  private static final long[] INTERESTING = {0, 1, 2, 7, 8, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffffL, 0x80000000L, 0xffffffffL, Long.MAX_VALUE, -1};

  private ByteMutations() {}

  /** One to three mutations of {@code in}: byte flips, a random byte, a truncation, or a forged little-endian integer. */
  public static byte[] mutate(byte[] in, SplittableRandom r) {
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

  /** The committed seed corpus of a Jazzer fuzz test: the files of its inputs folder, e.g. {@code SafeTensorsFuzzTest}'s for {@code anyBytesLoadOrAreRefused}, sorted by name. */
  public static List<byte[]> seeds(String fuzzTestClass, String method) {
    String res = "/org/ttsvar/tensor/fuzz/" + fuzzTestClass + "Inputs/" + method;
    try (Stream<Path> s = Files.list(Path.of(ByteMutations.class.getResource(res).toURI()))) {
      return s.sorted().map(p -> {
        try {
          return Files.readAllBytes(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
