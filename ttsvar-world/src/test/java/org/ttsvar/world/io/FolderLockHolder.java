package org.ttsvar.world.io;

import java.nio.file.Path;

/** A process that holds a folder's lock until its standard input closes: {@link FolderLockTest}'s other process. */
final class FolderLockHolder {
  private FolderLockHolder() {}

  public static void main(String[] args) throws Exception {
    try (FolderLock lock = FolderLock.acquire(Path.of(args[0]), "the test's holder")) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() != -1) {
        // hold until the test closes our input or kills us
      }
    }
  }
}
