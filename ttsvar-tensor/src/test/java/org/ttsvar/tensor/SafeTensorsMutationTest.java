package org.ttsvar.tensor;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import org.ttsvar.tensor.fuzz.ByteMutations;
import org.ttsvar.tensor.fuzz.ReaderContract;

/**
 * The safetensors reader's share of the fuzzing that runs in every build (a few seconds; Jazzer's
 * coverage-guided run is the longer one, docs/fuzzing.md). Each case must hold {@link ReaderContract}:
 * load consistently, or be refused with a {@link CorruptWeightsException} naming the file; never
 * another exception, an out-of-memory error or a hang.
 *
 * <p>The first property mutates the bytes of the committed seed corpus (the Jazzer test's inputs, {@code fuzz/SafeTensorsFuzzTestInputs}); the second
 * forges headers that parse, from the values that break arithmetic and the format's rules (huge and
 * negative sizes, shapes whose product wraps, non-integers, wrong dtypes, overlapping or missing
 * ranges, odd metadata), so that the checks after the JSON parser see every kind of lie.
 */
class SafeTensorsMutationTest {
  private static final Path DIR = tempDir();
  private static final List<byte[]> SEEDS = ByteMutations.seeds("SafeTensorsFuzzTest", "anyBytesLoadOrAreRefused");
  private static final Duration LIMIT = Duration.ofSeconds(20);
  private static final String[] NUMBERS = {"0", "1", "2", "3", "4", "8", "-1", "4294967296", "9223372036854775807", "-9223372036854775808",
      "18446744073709551616", "2305843009213693952", "1.5", "1e3", "\"4\"", "null", "true", "[]"};
  private static final String[] DTYPES = {"F32", "F16", "BF16", "F64", "I64", "I32", "I16", "I8", "U8", "BOOL", "F8_E4M3", "f32", "", "null"};

  @Property(tries = 2000)
  void mutatedSeedsLoadOrAreRefused(@ForAll @IntRange(min = 0, max = 4) int which, @ForAll long seed) {
    byte[] file = ByteMutations.mutate(SEEDS.get(which), new SplittableRandom(seed));
    Statistics.collect(check(file));
  }

  @Property(tries = 2000)
  void forgedHeadersLoadOrAreRefused(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder h = new StringBuilder("{");
    if (r.nextInt(4) == 0) {
      h.append(r.nextBoolean() ? "\"__metadata__\":{\"k\":\"v\"}," : "\"__metadata__\":" + pick(r, NUMBERS) + ",");
    }
    int tensors = r.nextInt(4);
    long at = 0;
    for (int t = 0; t < tensors; t++) {
      String dtype = pick(r, DTYPES);
      StringBuilder shape = new StringBuilder("[");
      int dims = r.nextInt(4);
      long numel = 1;
      for (int d = 0; d < dims; d++) {
        String dim = r.nextInt(3) == 0 ? pick(r, NUMBERS) : Integer.toString(1 + r.nextInt(3));
        shape.append(d > 0 ? "," : "").append(dim);
        numel = dim.matches("[0-9]{1,3}") ? numel * Long.parseLong(dim) : numel;
      }
      shape.append("]");
      long honest = at + numel * 4; // right for F32 and plain dimensions; forged otherwise
      String begin = r.nextInt(4) == 0 ? pick(r, NUMBERS) : Long.toString(at);
      String end = r.nextInt(4) == 0 ? pick(r, NUMBERS) : Long.toString(honest);
      String name = r.nextInt(8) == 0 && t > 0 ? "t0" : "t" + t; // now and then a name twice
      h.append(t > 0 ? "," : "").append('"').append(name).append("\":{\"dtype\":\"").append(dtype).append("\",\"shape\":").append(shape)
          .append(",\"data_offsets\":[").append(begin).append(',').append(end).append("]}");
      at = honest;
    }
    h.append("}");
    byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
    int data = (int) Math.min(Math.max(0, at + r.nextInt(9) - 4), 4096);
    long declared = r.nextInt(10) == 0 ? Long.parseLong(pick(r, new String[] {"0", "-1", "9223372036854775807", "4294967296"})) : header.length;
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + data).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(declared).put(header);
    Statistics.collect(check(b.array()));
  }

  private static String pick(SplittableRandom r, String[] from) {
    return from[r.nextInt(from.length)];
  }

  private static String check(byte[] file) {
    return assertTimeoutPreemptively(LIMIT, () -> ReaderContract.safetensors(file, DIR.resolve("fuzz.safetensors")));
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("safetensors-mutation");
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
