package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 25: hostile but fair input, each finding a regression test (exit 2, a clear message, nothing touched). */
class HostileInputTest {
  @TempDir Path tmp;

  static Path fifo(Path p) throws InterruptedException {
    try {
      Process pr = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
      assumeTrue(pr.waitFor() == 0, "mkfifo failed");
    } catch (IOException e) {
      assumeTrue(false, "no mkfifo: " + e.getMessage());
    }
    return p;
  }

  // finding 1
  @Test
  void promptsForceDoesNotReplaceAFifo() throws Exception {
    Path f = fifo(tmp.resolve("pipe"));
    Cli r = Cli.run("prompts", "--draws-per-task", "1", "--out", f.toString(), "--force");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("FIFO").contains("not a regular file");
    assertThat(Files.exists(f, LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void promptsForceWritesThroughASymlink() throws IOException {
    Path real = Files.writeString(tmp.resolve("real.jsonl"), "old\n");
    Path link = tmp.resolve("link.jsonl");
    try {
      Files.createSymbolicLink(link, real);
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "no symbolic links here");
    }
    Cli r = Cli.run("prompts", "--draws-per-task", "1", "--out", link.toString(), "--force");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).startsWith("{").contains("single_object");
  }

  @Test
  void promptsRefusesAFolderAsItsOutput() throws IOException {
    Path d = Files.createDirectory(tmp.resolve("d"));
    Cli r = Cli.run("prompts", "--draws-per-task", "1", "--out", d.toString(), "--force");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("a folder");
    assertThat(Files.isDirectory(d)).isTrue();
  }
}
