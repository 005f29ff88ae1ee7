package org.ttsvar.bench.run;

import org.ttsvar.bench.BenchException;

/** Part {@code index} of {@code count} of a benchmark: its prompt j belongs to shard j mod count. */
public record Shard(int index, int count) {
  public static final Shard ALL = new Shard(0, 1);

  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new BenchException("--shard must be i/n with 0 ≤ i < n, got " + index + "/" + count);
    }
  }

  /** Parses {@code i/n}. */
  public static Shard parse(String s) {
    String[] parts = s.trim().split("/");
    try {
      if (parts.length == 2) {
        return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new BenchException("--shard must be i/n (e.g. 0/2 and 1/2 for two machines), got '" + s + "'");
  }

  public boolean has(int promptIndex) {
    return promptIndex % count == index;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
