package org.ttsvar.tensor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Provokes the use-after-free that DJL's Java-backed constants allow (ARCHITECTURE.md, "Engine"). */
final class FreedMemory {
  private FreedMemory() {}

  /** Collects garbage (freeing unreachable direct buffers) and refills small freed blocks with NaN. */
  static void collectAndOverwrite() throws InterruptedException {
    System.gc();
    Thread.sleep(20);
    List<ByteBuffer> filler = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      ByteBuffer b = ByteBuffer.allocateDirect(64);
      for (int j = 0; j < 16; j++) {
        b.putFloat(4 * j, Float.NaN);
      }
      filler.add(b);
    }
    if (filler.size() != 2000) {
      throw new AssertionError("filler lost");
    }
  }
}
