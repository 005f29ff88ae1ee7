package org.ttsvar.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ClusteringAndPcaTest {
  /** Three tight, well separated groups: 0–3 near (0,0), 4–6 near (10,0), 7–9 near (0,10). */
  static double[][] groups() {
    return new double[][] {
      {0.1, 0.0}, {-0.2, 0.1}, {0.0, -0.1}, {0.4, 0.3}, {10.0, 0.1}, {10.2, -0.1}, {9.5, 0.0}, {0.0, 10.0}, {0.1, 10.3}, {-0.1, 9.9}
    };
  }

  @Test
  void keepsTheMemberNearestEachCentre() {
    double[][] f = groups();
    Clustering.Selection s = Clustering.select(f, 3, 7);
    // centres: group means; nearest members computed by hand
    int[][] members = {{0, 1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    int[] expected = new int[3];
    for (int g = 0; g < 3; g++) {
      double[] centre = new double[2];
      for (int m : members[g]) {
        centre[0] += f[m][0] / members[g].length;
        centre[1] += f[m][1] / members[g].length;
      }
      int best = members[g][0];
      for (int m : members[g]) {
        if (Clustering.squaredDistance(f[m], centre) < Clustering.squaredDistance(f[best], centre)) {
          best = m;
        }
      }
      expected[g] = best;
    }
    Arrays.sort(expected);
    assertThat(s.rows()).containsExactly(expected);
    assertThat(s.clusterOf()[0]).isEqualTo(s.clusterOf()[3]).isNotEqualTo(s.clusterOf()[4]);
  }

  @Property(tries = 30)
  void clusteringIsDeterministicAndWithoutReplacement(@ForAll @IntRange(min = 2, max = 16) int n, @ForAll @IntRange(min = 1, max = 16) int k, @ForAll long seed) {
    int keep = Math.min(k, n);
    SplittableRandom r = new SplittableRandom(seed);
    double[][] f = new double[n][3];
    for (double[] row : f) {
      for (int j = 0; j < 3; j++) {
        row[j] = r.nextInt(4); // coarse values: duplicates happen
      }
    }
    Clustering.Selection a = Clustering.select(f, keep, 11);
    Clustering.Selection b = Clustering.select(f, keep, 11);
    assertThat(a.rows()).containsExactly(b.rows()).hasSize(keep).doesNotHaveDuplicates().isSorted();
    assertThat(a.clusterOf()).containsExactly(b.clusterOf());
  }

  @Test
  void identicalPointsStillGiveDistinctRows() {
    double[][] f = new double[6][4];
    assertThat(Clustering.select(f, 3, 1).rows()).containsExactly(0, 1, 2);
  }

  static double[][] patchMap(long seed, int patches, int channels) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] m = new double[patches][channels];
    for (double[] row : m) {
      for (int j = 0; j < channels; j++) {
        row[j] = r.nextDouble() * 2 - 1;
      }
    }
    return m;
  }

  @Property(tries = 30)
  void pcaFeatureIgnoresTheSignOfTheFeatureMap(@ForAll long seed) {
    double[][] m = patchMap(seed, 16, 6);
    double[][] neg = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      neg[i] = Arrays.stream(m[i]).map(x -> -x).toArray();
    }
    assertThat(PcaProjection.project(neg)).containsExactly(PcaProjection.project(m), within(1e-9));
  }

  @Test
  void identicalImagesGiveIdenticalFeaturesAndTheMinorityComesOutPositive() {
    double[][] m = patchMap(3, 16, 6);
    assertThat(PcaProjection.project(m)).containsExactly(PcaProjection.project(m));
    // background patches all alike, two "object" patches far away: objects project positive
    double[][] scene = new double[16][3];
    scene[5] = new double[] {4, -3, 2};
    scene[9] = new double[] {4, -3, 2};
    double[] p = PcaProjection.project(scene);
    assertThat(p[5]).isPositive().isEqualTo(p[9]);
    assertThat(p[0]).isNegative();
    assertThat(PcaProjection.project(new double[8][3])).containsOnly(0.0);
  }
}
