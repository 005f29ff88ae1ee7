package org.ttsvar.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.bench.ImageRecord;
import org.ttsvar.bench.PromptRecord;

class RecordsFileTest {
  @TempDir Path tmp;

  static PromptRecord record(int index) {
    return new PromptRecord(index, "single_object", "a photo of a circle",
        List.of(new ImageRecord(0, true, "", 0.5, 1e9, 1, 1, 1024, 1_000_000)), 0.0, 1 << 20);
  }

  @Test
  void readingLeavesALineInFlightAloneAndOnlyTheResumingOwnerCutsIt() throws IOException {
    Path file = tmp.resolve(RecordsFile.NAME);
    RecordsFile.append(file, record(0));
    RecordsFile.append(file, record(2));
    // another process is half-way through appending prompt 4
    Files.writeString(file, "{\"index\":4,\"tag\":", StandardOpenOption.APPEND);
    byte[] before = Files.readAllBytes(file);

    assertThat(RecordsFile.read(file).keySet()).containsExactly(0, 2);
    assertThat(Files.readAllBytes(file)).as("a reader (worker progress, merge) never changes the file").isEqualTo(before);

    List<String> messages = new ArrayList<>();
    assertThat(RecordsFile.readAndRepair(file, messages::add).keySet()).containsExactly(0, 2);
    assertThat(messages).singleElement().asString().contains("unfinished last line");
    RecordsFile.append(file, record(4));
    assertThat(RecordsFile.read(file).keySet()).containsExactly(0, 2, 4);
  }
}
