package org.ttsvar.world.io;

/** Malformed or missing GenEval metadata; the message names the file, line and field. */
public class MetadataException extends org.ttsvar.world.BadInputException {
  private static final long serialVersionUID = 1L;

  public MetadataException(String message) {
    super(message);
  }
}
