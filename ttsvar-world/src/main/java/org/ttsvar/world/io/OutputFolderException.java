package org.ttsvar.world.io;

/** An output folder that cannot be used as asked (it holds other results, or a resume does not match). */
public class OutputFolderException extends org.ttsvar.world.BadInputException {
  private static final long serialVersionUID = 1L;

  public OutputFolderException(String message) {
    super(message);
  }
}
