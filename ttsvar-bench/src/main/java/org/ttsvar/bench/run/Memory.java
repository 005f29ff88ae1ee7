package org.ttsvar.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident memory (Linux {@code VmHWM}), with a reset so each prompt's peak is
 * its own. Elsewhere both are no-ops and the peak reads 0 ("unknown").
 */
final class Memory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private Memory() {}

  /** Resets the peak to the current resident size (writing 5 to clear_refs, Linux ≥ 4.0). */
  static void resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // not Linux, or not allowed: the peak is then the process's peak so far
    }
  }

  /** Peak resident bytes since the last reset, or 0 when unknown. */
  static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
