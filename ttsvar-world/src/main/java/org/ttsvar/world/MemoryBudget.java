package org.ttsvar.world;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The memory a command may plan to use, checked against an estimate <em>before</em> the work starts
 * (paths × state bytes per path, parameters × 4 bytes, images × pixels), so that no input drives the
 * JVM into an {@code OutOfMemoryError} or a multi-GB climb.
 *
 * <p>The budget is the system property {@value #PROPERTY} (bytes, or a number with a {@code k},
 * {@code m}, {@code g} or {@code t} suffix, e.g. {@code -Dttsvar.memoryBudget=64g}; the launcher
 * passes {@code JAVA_OPTS}); by default the larger of the JVM's maximum heap and half the machine's
 * physical memory, since the model's tensors live outside the Java heap.
 */
public final class MemoryBudget {
  public static final String PROPERTY = "ttsvar.memoryBudget";

  private MemoryBudget() {}

  /** The budget in bytes. */
  public static long bytes() {
    String p = System.getProperty(PROPERTY);
    if (p != null && !p.isBlank()) {
      return parse(p);
    }
    long heap = Runtime.getRuntime().maxMemory();
    long physical = 0;
    try {
      if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
        physical = os.getTotalMemorySize();
      }
    } catch (RuntimeException | LinkageError e) {
      physical = 0;
    }
    return Math.max(heap, physical / 2);
  }

  /** Parses a size: bytes, or a number with a k, m, g or t suffix (powers of 1024). */
  public static long parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.endsWith("b")) {
      s = s.substring(0, s.length() - 1);
    }
    double unit = 1;
    if (!s.isEmpty() && "kmgt".indexOf(s.charAt(s.length() - 1)) >= 0) {
      unit = Math.pow(1024, "kmgt".indexOf(s.charAt(s.length() - 1)) + 1);
      s = s.substring(0, s.length() - 1);
    }
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (!(v * unit >= 1) || v * unit > Long.MAX_VALUE) {
      throw new BadInputException("-D" + PROPERTY + "=" + text + " is not a memory size; give bytes or a number with k, m, g or t, e.g. 16g");
    }
    return (long) (v * unit);
  }

  /**
   * Null if {@code bytesNeeded} fits the budget, else the sentence that says so: {@code what} (e.g.
   * "1000000 paths of 2.9 MB each"), the estimate, the budget and how to raise it.
   */
  public static String exceeded(double bytesNeeded, String what) {
    long budget = bytes();
    if (bytesNeeded <= budget) {
      return null;
    }
    return what + " needs about " + format(bytesNeeded) + " of memory, beyond the memory budget of " + format(budget)
        + "; ask for less, or raise the budget with -D" + PROPERTY + "=SIZE (e.g. JAVA_OPTS=\"-D" + PROPERTY + "=64g\")";
  }

  /** Throws a {@link BadInputException} with {@link #exceeded}'s sentence when the estimate is beyond the budget. */
  public static void check(double bytesNeeded, String what) {
    String m = exceeded(bytesNeeded, what);
    if (m != null) {
      throw new BadInputException(m);
    }
  }

  /** Bytes in words: "512 B", "3.2 MB", "4.1 GB", "2.0e+06 TB". */
  public static String format(double bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    int u = 0;
    while (bytes >= 1024 && u < units.length - 1) {
      bytes /= 1024;
      u++;
    }
    return (bytes >= 1e6 ? String.format(Locale.ROOT, "%.1e", bytes) : u == 0 ? String.format(Locale.ROOT, "%.0f", bytes) : String.format(Locale.ROOT, "%.1f", bytes)) + " " + units[u];
  }
}
