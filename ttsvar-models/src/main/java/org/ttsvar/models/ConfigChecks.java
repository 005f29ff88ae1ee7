package org.ttsvar.models;

import java.util.List;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.MemoryBudget;

/**
 * Checks shared by the config records' compact constructors, run before anything is allocated: every
 * size within a range (no integer overflow downstream), lists present, and the parameters' memory
 * (parameters × 4 bytes, float32) within the {@link MemoryBudget}. Errors are bad input;
 * {@link ModelFiles} prefixes the file's name.
 */
public final class ConfigChecks {
  private ConfigChecks() {}

  /** {@code value} in [min, max], else an error naming the field. */
  public static int range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new BadInputException(field + " must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  /** A list that is present (a missing field reads as null), copied, each entry in [min, max]. */
  public static List<Integer> sizes(String field, List<Integer> values, int min, int max) {
    List<Integer> l = present(field, values);
    for (Integer v : l) {
      if (v == null || v < min || v > max) {
        throw new BadInputException(field + " entries must be in [" + min + ", " + max + "], got " + l);
      }
    }
    return List.copyOf(l);
  }

  /** A list field that is present (not missing nor null) and has no null entries, copied. */
  public static <T> List<T> present(String field, List<T> values) {
    if (values == null) {
      throw new BadInputException(field + " is missing");
    }
    for (T v : values) { // List.of(...).contains(null) would throw
      if (v == null) {
        throw new BadInputException(field + " has a null entry");
      }
    }
    return List.copyOf(values);
  }

  /** Refuses a model whose parameters (float32) would not fit the memory budget. */
  public static void parameters(String model, double parameters) {
    String m = MemoryBudget.exceeded(4 * parameters, "a " + model + " of about " + String.format(java.util.Locale.ROOT, "%.3g", parameters) + " parameters (× 4 bytes)");
    if (m != null) {
      throw new BadInputException(m);
    }
  }
}
