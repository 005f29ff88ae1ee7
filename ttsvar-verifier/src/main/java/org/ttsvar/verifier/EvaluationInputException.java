package org.ttsvar.verifier;

/**
 * A folder that cannot be evaluated as it is: missing, not in GenEval's layout, with missing or
 * unreadable images. The message says what is wrong, where, and how to fix it: bad input, so the
 * command line exits with status 2.
 */
public class EvaluationInputException extends org.ttsvar.world.BadInputException {
  private static final long serialVersionUID = 1L;

  public EvaluationInputException(String message) {
    super(message);
  }
}
