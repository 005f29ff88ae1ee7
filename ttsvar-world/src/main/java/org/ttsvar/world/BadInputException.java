package org.ttsvar.world;

/**
 * Input the user can fix: an argument, a prompt, a file or folder they named. The message says what
 * is wrong and how to fix it. The command line maps this type (and only this type and its
 * subclasses) to exit status 2; every other exception is an internal failure (exit 1).
 */
public class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
