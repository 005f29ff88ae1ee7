package org.ttsvar.models.infinity;

import java.util.List;
import java.util.Map;

/**
 * Infinity's scale schedules ({@code infinity/utils/dynamic_resolution.py}): for each aspect ratio h/w the
 * 13 latent grids of the 1M schedule; 0.06M, 0.25M, 0.60M and 1M take the first 7, 10, 12 and 13. 2-D RoPE
 * positions are placed on the ratio's 1M grid (its last entry), whatever the schedule.
 */
public final class Schedules {
  /** A schedule: the (h, w) of each scale and the grid RoPE positions are scaled to. */
  public record Schedule(List<int[]> scales, int ropeHeight, int ropeWidth) {
    public int tokens() {
      return scales.stream().mapToInt(s -> s[0] * s[1]).sum();
    }

    public int[] last() {
      return scales.get(scales.size() - 1);
    }
  }

  private static final Map<Double, int[][]> RATIO_TO_HW = Map.of(
      1.000, new int[][] {{1, 1}, {2, 2}, {4, 4}, {6, 6}, {8, 8}, {12, 12}, {16, 16}, {20, 20}, {24, 24}, {32, 32}, {40, 40}, {48, 48}, {64, 64}},
      1.250, new int[][] {{1, 1}, {2, 2}, {3, 3}, {5, 4}, {10, 8}, {15, 12}, {20, 16}, {25, 20}, {30, 24}, {35, 28}, {45, 36}, {55, 44}, {70, 56}},
      1.333, new int[][] {{1, 1}, {2, 2}, {4, 3}, {8, 6}, {12, 9}, {16, 12}, {20, 15}, {24, 18}, {28, 21}, {36, 27}, {48, 36}, {60, 45}, {72, 54}},
      1.500, new int[][] {{1, 1}, {2, 2}, {3, 2}, {6, 4}, {9, 6}, {15, 10}, {21, 14}, {27, 18}, {33, 22}, {39, 26}, {48, 32}, {63, 42}, {78, 52}},
      1.750, new int[][] {{1, 1}, {2, 2}, {3, 3}, {7, 4}, {11, 6}, {14, 8}, {21, 12}, {28, 16}, {35, 20}, {42, 24}, {56, 32}, {70, 40}, {84, 48}},
      2.000, new int[][] {{1, 1}, {2, 2}, {4, 2}, {6, 3}, {10, 5}, {16, 8}, {22, 11}, {30, 15}, {38, 19}, {46, 23}, {60, 30}, {74, 37}, {90, 45}},
      2.500, new int[][] {{1, 1}, {2, 2}, {5, 2}, {10, 4}, {15, 6}, {20, 8}, {25, 10}, {30, 12}, {40, 16}, {50, 20}, {65, 26}, {80, 32}, {100, 40}},
      3.000, new int[][] {{1, 1}, {2, 2}, {6, 2}, {9, 3}, {15, 5}, {21, 7}, {27, 9}, {36, 12}, {45, 15}, {54, 18}, {72, 24}, {90, 30}, {111, 37}});

  private static final Map<String, Integer> PN_SCALES = Map.of("0.06M", 7, "0.25M", 10, "0.60M", 12, "1M", 13);

  private Schedules() {}

  /**
   * The schedule for {@code pn} ("0.06M", "0.25M", "0.60M", "1M") and h/w {@code ratio}: one of the
   * reference's ratios 1, 1.25, 1.333, 1.5, 1.75, 2, 2.5, 3 or their inverses as the reference writes them
   * ({@code int(1/r·1000)/1000}: 0.8, 0.75, 0.666, 0.571, 0.5, 0.4, 0.333).
   */
  public static Schedule of(String pn, double ratio) {
    Integer n = PN_SCALES.get(pn);
    if (n == null) {
      throw new IllegalArgumentException("unknown pn '" + pn + "'; known: " + PN_SCALES.keySet());
    }
    for (Map.Entry<Double, int[][]> e : RATIO_TO_HW.entrySet()) {
      boolean direct = Math.abs(e.getKey() - ratio) < 1e-9;
      boolean inverse = !direct && Math.abs(Math.floor(1000 / e.getKey()) / 1000 - ratio) < 1e-9;
      if (direct || inverse) {
        int[][] hw = e.getValue();
        List<int[]> scales = java.util.Arrays.stream(hw, 0, n).map(s -> inverse ? new int[] {s[1], s[0]} : s.clone()).toList();
        int[] top = hw[hw.length - 1];
        return new Schedule(scales, inverse ? top[1] : top[0], inverse ? top[0] : top[1]);
      }
    }
    throw new IllegalArgumentException("no schedule for h/w " + ratio + "; known: 1, 1.25, 1.333, 1.5, 1.75, 2, 2.5, 3 and their inverses"
        + " 0.8, 0.75, 0.666, 0.571, 0.5, 0.4, 0.333");
  }
}
