package org.ttsvar.world;

/** A prompt outside the GenEval grammar of the shapes world. The message says what and how to fix it. */
public class PromptSyntaxException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public PromptSyntaxException(String message) {
    super(message);
  }
}
