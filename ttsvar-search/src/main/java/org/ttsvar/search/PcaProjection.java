package org.ttsvar.search;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The paper's {@code pca} feature: centre an image's patch-feature matrix (patches × channels) over
 * the patches, take the first principal component and project every patch on it, giving one number
 * per patch (a spatial map). The reference leaves the component's sign arbitrary, so identical
 * layouts can land far apart; here the sign is fixed so that the projection's third moment is
 * positive (the minority of patches, typically the objects on a plain background, come out
 * positive), falling back to the sign of the largest-magnitude projection when the skew vanishes.
 */
public final class PcaProjection {
  private PcaProjection() {}

  public static double[] project(double[][] patches) {
    int p = patches.length;
    int c = patches[0].length;
    double[][] centred = new double[p][c];
    for (int j = 0; j < c; j++) {
      double mean = 0;
      for (double[] row : patches) {
        mean += row[j];
      }
      mean /= p;
      for (int i = 0; i < p; i++) {
        centred[i][j] = patches[i][j] - mean;
      }
    }
    RealMatrix m = new Array2DRowRealMatrix(centred, false);
    if (m.getFrobeniusNorm() == 0) {
      return new double[p]; // a featureless image: every patch projects to 0
    }
    return onAxis(centred, new SingularValueDecomposition(m).getV().getColumn(0));
  }

  /**
   * {@link #project} through the channels × channels covariance instead of the SVD of the patch
   * matrix: the same axis up to rounding (and up to the choice within a repeated top eigenvalue),
   * several times faster for many patches of few channels, which is what a code map is.
   */
  public static double[] projectByCovariance(double[][] patches) {
    int p = patches.length;
    int c = patches[0].length;
    double[] mean = new double[c];
    for (double[] row : patches) {
      for (int j = 0; j < c; j++) {
        mean[j] += row[j] / p;
      }
    }
    double[][] centred = new double[p][c];
    double[][] cov = new double[c][c];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < c; j++) {
        centred[i][j] = patches[i][j] - mean[j];
      }
      for (int a = 0; a < c; a++) {
        double x = centred[i][a];
        for (int b = a; b < c; b++) {
          cov[a][b] += x * centred[i][b];
        }
      }
    }
    double trace = 0;
    for (int a = 0; a < c; a++) {
      trace += cov[a][a];
      for (int b = 0; b < a; b++) {
        cov[a][b] = cov[b][a];
      }
    }
    if (trace == 0) {
      return new double[p]; // a featureless map: every patch projects to 0
    }
    EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
    double[] values = eig.getRealEigenvalues();
    int top = 0;
    for (int j = 1; j < values.length; j++) {
      if (values[j] > values[top]) {
        top = j;
      }
    }
    return onAxis(centred, eig.getEigenvector(top).toArray());
  }

  /** Each centred patch projected on the axis, sign-fixed. */
  private static double[] onAxis(double[][] centred, double[] axis) {
    double[] out = new double[centred.length];
    for (int i = 0; i < centred.length; i++) {
      double s = 0;
      for (int j = 0; j < axis.length; j++) {
        s += centred[i][j] * axis[j];
      }
      out[i] = s;
    }
    return fixSign(out);
  }

  /** Makes the third moment positive; if it is ~0, makes the largest-magnitude entry positive. */
  static double[] fixSign(double[] x) {
    double third = 0, scale = 0;
    int argmax = 0;
    for (int i = 0; i < x.length; i++) {
      third += x[i] * x[i] * x[i];
      scale += x[i] * x[i];
      if (Math.abs(x[i]) > Math.abs(x[argmax])) {
        argmax = i;
      }
    }
    double tolerance = 1e-9 * Math.pow(scale, 1.5) + 1e-300;
    boolean flip = Math.abs(third) > tolerance ? third < 0 : x[argmax] < 0;
    if (flip) {
      for (int i = 0; i < x.length; i++) {
        x[i] = -x[i];
      }
    }
    return x;
  }
}
