package org.ttsvar.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartFoldersTest {
  @TempDir Path tmp;

  @Test
  void aPromptsPartIsItsFirstMarkedAttemptInNameOrder() throws Exception {
    PartFolders parts = new PartFolders(HadoopFolder.open(tmp.resolve("out").toString(), new Configuration()));
    assertThat(parts.published(0)).isEmpty();

    parts.publish(0, "app-7", part("seven"), () -> {});
    parts.publish(0, "app-3", part("three"), () -> {});
    // an attempt killed during its upload (its job failed, its scratch folder went away): not marked
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parts.publish(0, "app-0", part("zero"), () -> {
      throw new IllegalStateException("killed");
    })).hasMessage("killed");
    Files.createDirectories(tmp.resolve("out/parts/00000/app-1")); // an attempt that died while uploading: no marker
    assertThat(parts.published(0)).contains("00000/app-3");
    assertThat(tmp.resolve("out/parts/00000/app-0/" + PartFolders.DONE)).doesNotExist();
    assertThat(parts.published(1)).isEmpty();

    assertThat(tmp.resolve("out/parts/00000/app-3/records.jsonl")).hasContent("three");
    try (var s = Files.walk(tmp.resolve("out"))) {
      assertThat(s.map(Path::toString).filter(p -> p.endsWith(".crc")).toList()).as("no checksum side files").isEmpty();
    }
  }

  private Path part(String content) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("local-" + content));
    Files.writeString(dir.resolve("records.jsonl"), content);
    return dir;
  }
}
