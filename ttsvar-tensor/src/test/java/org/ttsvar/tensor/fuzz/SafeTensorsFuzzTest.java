package org.ttsvar.tensor.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Jazzer on the safetensors reader: any bytes load consistently or are refused with a
 * {@link org.ttsvar.tensor.CorruptWeightsException} naming the file ({@link ReaderContract}). A plain
 * {@code mvn verify} runs the committed inputs (the seed corpus and every crash found, under
 * {@code src/test/resources/org/ttsvar/tensor/fuzz/SafeTensorsFuzzTestInputs/}); with
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes, coverage-guided, for {@code maxDuration} (docs/fuzzing.md).
 */
class SafeTensorsFuzzTest {
  private static Path dir;

  @BeforeAll
  static void scratch() throws IOException {
    dir = Files.createTempDirectory("safetensors-fuzz");
  }

  @FuzzTest(maxDuration = "10s")
  void anyBytesLoadOrAreRefused(byte[] file) {
    ReaderContract.safetensors(file, dir.resolve("fuzz.safetensors"));
  }

  @AfterAll
  static void cleanUp() throws IOException {
    Files.deleteIfExists(dir.resolve("fuzz.safetensors"));
    Files.deleteIfExists(dir);
  }
}
