package org.ttsvar.tensor;

/**
 * The machine cannot run this safely as it is set up (e.g. a CPU kernel known to compute wrong
 * gradients); the message names the setting that fixes it. Not a bug of ttsvar, nor bad input.
 */
public class UnsupportedEnvironmentException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public UnsupportedEnvironmentException(String message) {
    super(message);
  }
}
