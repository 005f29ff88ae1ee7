package org.ttsvar.serve;

/** The server is shutting down: the API answers 503. */
final class ShuttingDownException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ShuttingDownException() {
    super("the server is shutting down; send the request to another instance or once it is back");
  }
}
