package org.ttsvar.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.Well19937c;

/**
 * Clustering-based diversity selection: K-Means++ on the paths' features into k clusters, then from
 * each cluster the member nearest its centre (L2). No replacement, no reward.
 *
 * <p>Deterministic and documented, unlike the reference's unpinned scikit-learn: commons-math3's
 * K-Means++ seeded with {@code Well19937c(seed)}, at most {@value #MAX_ITERATIONS} iterations,
 * {@value #RESTARTS} restarts keeping the one with the smallest sum of within-cluster variances
 * (scikit-learn's classic n_init). A cluster left empty, or fewer distinct points than k, is
 * filled with the unchosen path farthest from the chosen ones (ties: lowest index).
 */
public final class Clustering {
  public static final int RESTARTS = 4;
  public static final int MAX_ITERATIONS = 300;

  private Clustering() {}

  /** The result: chosen rows (ascending), and each path's cluster (−1 when not clustered). */
  public record Selection(int[] rows, int[] clusterOf) {}

  public static Selection select(double[][] features, int k, long seed) {
    int n = features.length;
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("cannot keep " + k + " of " + n + " paths");
    }
    int[] clusterOf = new int[n];
    Arrays.fill(clusterOf, -1);
    if (k == n) {
      int[] all = new int[n];
      Arrays.setAll(all, i -> i);
      return new Selection(all, clusterOf);
    }
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      points.add(new Point(i, features[i]));
    }
    List<Integer> chosen = new ArrayList<>();
    if (distinct(features) > k) {
      KMeansPlusPlusClusterer<Point> kmeans = new KMeansPlusPlusClusterer<>(k, MAX_ITERATIONS, new EuclideanDistance(), new Well19937c(seed));
      List<CentroidCluster<Point>> clusters = new MultiKMeansPlusPlusClusterer<>(kmeans, RESTARTS).cluster(points);
      for (int c = 0; c < clusters.size(); c++) {
        CentroidCluster<Point> cluster = clusters.get(c);
        double[] centre = cluster.getCenter().getPoint();
        int best = -1;
        double bestDist = Double.POSITIVE_INFINITY;
        for (Point p : cluster.getPoints()) {
          clusterOf[p.index] = c;
          double d = squaredDistance(p.values, centre);
          if (d < bestDist || (d == bestDist && p.index < best)) {
            bestDist = d;
            best = p.index;
          }
        }
        if (best >= 0) {
          chosen.add(best);
        }
      }
    }
    while (chosen.size() < k) {
      chosen.add(farthestUnchosen(features, chosen));
    }
    int[] rows = chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    return new Selection(rows, clusterOf);
  }

  private static int farthestUnchosen(double[][] f, List<Integer> chosen) {
    int best = -1;
    double bestDist = -1;
    for (int i = 0; i < f.length; i++) {
      if (chosen.contains(i)) {
        continue;
      }
      double d = Double.POSITIVE_INFINITY;
      for (int c : chosen) {
        d = Math.min(d, squaredDistance(f[i], f[c]));
      }
      if (chosen.isEmpty()) {
        d = 0;
      }
      if (d > bestDist) {
        bestDist = d;
        best = i;
      }
    }
    return best;
  }

  private static long distinct(double[][] f) {
    return Arrays.stream(f).map(Arrays::toString).distinct().count();
  }

  static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }

  private static final class Point implements Clusterable {
    final int index;
    final double[] values;

    Point(int index, double[] values) {
      this.index = index;
      this.values = values;
    }

    @Override
    public double[] getPoint() {
      return values;
    }
  }
}
