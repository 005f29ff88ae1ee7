package org.ttsvar.world.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 25, finding 1: a write renamed over its target must not replace a special file or a link. */
class AtomicFilesTest {
  @TempDir Path dir;

  /** Makes a FIFO with mkfifo; the test is skipped where the OS has none. */
  static Path fifo(Path p) throws InterruptedException {
    try {
      Process pr = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
      assumeTrue(pr.waitFor() == 0, "mkfifo failed");
    } catch (IOException e) {
      assumeTrue(false, "no mkfifo: " + e.getMessage());
    }
    assumeTrue(Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS));
    return p;
  }

  @Test
  void aFifoIsRefusedAndLeftAlone() throws Exception {
    Path f = fifo(dir.resolve("pipe"));
    assertThatThrownBy(() -> AtomicFiles.write(f, "x".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(OutputFolderException.class)
        .hasMessageContaining("pipe")
        .hasMessageContaining("FIFO")
        .hasMessageContaining("not a regular file");
    assertThat(Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Files.exists(f, LinkOption.NOFOLLOW_LINKS)).isTrue();
    try (var s = Files.list(dir)) {
      assertThat(s).containsExactly(f); // no temporary file left behind
    }
  }

  @Test
  void aFolderIsRefused() throws IOException {
    Path d = Files.createDirectory(dir.resolve("d"));
    assertThatThrownBy(() -> ImageFiles.writePng(new org.ttsvar.world.RgbImage(1, 1, new byte[3]), d))
        .isInstanceOf(OutputFolderException.class)
        .hasMessageContaining("a folder");
    assertThat(Files.isDirectory(d)).isTrue();
  }

  @Test
  void aLinkToARegularFileIsWrittenThroughAndStaysALink() throws IOException {
    Path real = Files.writeString(dir.resolve("real.txt"), "old");
    Path link = dir.resolve("link.txt");
    try {
      Files.createSymbolicLink(link, real.getFileName());
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "no symbolic links here");
    }
    AtomicFiles.write(link, "new".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(real).hasContent("new");
    assertThat(link).hasContent("new");
  }

  @Test
  void aDanglingLinkOrALinkToAFifoIsRefused() throws Exception {
    Path dangling = dir.resolve("dangling");
    try {
      Files.createSymbolicLink(dangling, dir.resolve("nowhere"));
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "no symbolic links here");
    }
    assertThatThrownBy(() -> AtomicFiles.write(dangling, new byte[1]))
        .isInstanceOf(OutputFolderException.class)
        .hasMessageContaining("does not exist");
    assertThat(Files.isSymbolicLink(dangling)).isTrue();
    assertThat(Files.exists(dir.resolve("nowhere"))).isFalse();

    Path f = fifo(dir.resolve("pipe"));
    Path toFifo = Files.createSymbolicLink(dir.resolve("to-pipe"), f);
    assertThatThrownBy(() -> AtomicFiles.write(toFifo, new byte[1]))
        .isInstanceOf(OutputFolderException.class)
        .hasMessageContaining("FIFO");
    assertThat(Files.isSymbolicLink(toFifo)).isTrue();
    assertThat(Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void aRegularFileIsReplacedAsBefore() throws IOException {
    Path f = Files.writeString(dir.resolve("f.txt"), "old");
    AtomicFiles.write(f, "new".getBytes(StandardCharsets.UTF_8));
    assertThat(f).hasContent("new");
    AtomicFiles.write(dir.resolve("sub/g.txt"), "g".getBytes(StandardCharsets.UTF_8));
    assertThat(dir.resolve("sub/g.txt")).hasContent("g");
  }
}
