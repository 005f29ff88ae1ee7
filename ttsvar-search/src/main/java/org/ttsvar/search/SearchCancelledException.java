package org.ttsvar.search;

/**
 * A search stopped between scales because its caller asked ({@link SearchEngine.Cancellation}). Not
 * bad input and not a bug: the caller decided, and knows why.
 */
public final class SearchCancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int scalesDone;

  public SearchCancelledException(int scalesDone, int scales) {
    super("search cancelled after " + scalesDone + " of " + scales + " scales");
    this.scalesDone = scalesDone;
  }

  /** Scales the search finished before it stopped. */
  public int scalesDone() {
    return scalesDone;
  }
}
