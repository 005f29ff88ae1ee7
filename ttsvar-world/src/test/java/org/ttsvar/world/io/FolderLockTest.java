package org.ttsvar.world.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 25, finding 10: one run per output folder, the lock freed however its holder ends. */
class FolderLockTest {
  @TempDir Path dir;

  @Test
  void aFolderIsHeldOnceAndFreedOnClose() throws IOException {
    Path out = dir.resolve("out");
    try (FolderLock lock = FolderLock.acquire(out, "ttsvar render")) {
      assertThat(out.resolve(FolderLock.FILE)).isRegularFile().isEmptyFile();
      assertThatThrownBy(() -> FolderLock.acquire(out, "ttsvar sample"))
          .isInstanceOf(OutputFolderException.class)
          .hasMessageContaining(out.toString())
          .hasMessageContaining("in use by process " + ProcessHandle.current().pid())
          .hasMessageContaining("ttsvar render")
          .hasMessageContaining("this process");
    }
    try (FolderLock again = FolderLock.acquire(out, "ttsvar sample")) {
      assertThat(again.folder()).isEqualTo(out);
    }
    if (Files.isReadable(Path.of("/proc/locks"))) { // the kernel says the file was ours: a finished folder holds only results
      assertThat(out.resolve(FolderLock.FILE)).doesNotExist();
    }
  }

  @Test
  void anotherProcessIsNamedAndItsDeathFreesTheFolder() throws Exception {
    Path out = dir.resolve("held");
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        FolderLockHolder.class.getName(), out.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(r.readLine()).isEqualTo("locked");
      assertThatThrownBy(() -> FolderLock.acquire(out, "ttsvar bench"))
          .isInstanceOf(OutputFolderException.class)
          .hasMessageContaining(out + " is in use by process " + holder.pid())
          .hasMessageContaining("(java)") // not ttsvar's command line: the program's name
          .hasMessageContaining("--resume");
      holder.destroyForcibly(); // SIGKILL: no code of the holder runs, the kernel drops its lock
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(out.resolve(FolderLock.FILE)).exists(); // the killed holder's file stays, unlocked
      try (FolderLock mine = FolderLock.acquire(out, "ttsvar bench")) {
        assertThat(mine.folder()).isEqualTo(out);
      }
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void aLockFileThatIsAFifoIsRefusedNotOpened() throws Exception {
    Path out = Files.createDirectories(dir.resolve("fifo"));
    AtomicFilesTest.fifo(out.resolve(FolderLock.FILE));
    assertThatThrownBy(() -> FolderLock.acquire(out, "ttsvar render"))
        .isInstanceOf(OutputFolderException.class)
        .hasMessageContaining("FIFO")
        .hasMessageContaining("not ttsvar's lock file");
  }

  @Test
  void aFileInPlaceOfTheFolderIsRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> FolderLock.acquire(file, "ttsvar render")).isInstanceOf(OutputFolderException.class).hasMessageContaining("not a folder");
  }
}
