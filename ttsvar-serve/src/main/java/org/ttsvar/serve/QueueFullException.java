package org.ttsvar.serve;

/** The queue is full: the API answers 429 with a Retry-After estimated from recent searches. */
final class QueueFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int retryAfterSeconds;

  QueueFullException(int capacity, int retryAfterSeconds) {
    super("the queue is full (" + capacity + " searches waiting besides the one running); retry in about " + retryAfterSeconds + " s");
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
