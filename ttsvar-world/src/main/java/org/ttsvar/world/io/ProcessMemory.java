package org.ttsvar.world.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory as Linux reports it ({@code /proc/self/status}): now ({@code VmRSS}) and at its
 * peak ({@code VmHWM}), which {@link #resetPeak} brings back to now so that a stretch of work has a peak of its own.
 * Elsewhere the figures read 0 ("unknown") and the reset does nothing.
 */
public final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ProcessMemory() {}

  /** Resident bytes now, or 0 when unknown. */
  public static long residentBytes() {
    return field("VmRSS:");
  }

  /** Peak resident bytes since the process started or the last {@link #resetPeak}, or 0 when unknown. */
  public static long peakResidentBytes() {
    return field("VmHWM:");
  }

  /** Resets the peak to the current resident size (writing 5 to clear_refs, Linux ≥ 4.0). */
  public static void resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // not Linux, or not allowed: the peak is then the process's peak so far
    }
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException | SecurityException e) {
      return 0;
    }
    return 0;
  }
}
