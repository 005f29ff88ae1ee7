package org.ttsvar.cli;

/** Input the user can fix (an argument, a file, a folder); exits with status 2. */
public class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }
}
