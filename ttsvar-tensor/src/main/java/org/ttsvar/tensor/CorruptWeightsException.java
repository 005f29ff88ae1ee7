package org.ttsvar.tensor;

import java.io.IOException;

/** A weight file that is truncated, malformed or does not match the model; the message names the file and the fix. */
public class CorruptWeightsException extends IOException {
  private static final long serialVersionUID = 1L;

  public CorruptWeightsException(String message) {
    super(message);
  }
}
