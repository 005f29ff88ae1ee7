package org.ttsvar.bench.stats;

/** The diversity of a prompt's images: mean pairwise cosine distance of their embeddings (CLIP-Div in kind). */
public final class Diversity {
  private Diversity() {}

  /** Mean over pairs i &lt; j of 1 − cos(e_i, e_j); 0 for fewer than two embeddings. */
  public static double meanPairwiseCosineDistance(double[][] e) {
    if (e.length < 2) {
      return 0;
    }
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < e.length; i++) {
      for (int j = i + 1; j < e.length; j++) {
        sum += 1 - cosine(e[i], e[j]);
        pairs++;
      }
    }
    return sum / pairs;
  }

  static double cosine(double[] a, double[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? (na == nb ? 1 : 0) : dot / Math.sqrt(na * nb);
  }
}
