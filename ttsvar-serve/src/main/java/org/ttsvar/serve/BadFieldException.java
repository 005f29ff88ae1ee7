package org.ttsvar.serve;

import org.ttsvar.world.BadInputException;

/** A request field the client can fix: the API answers 400 naming it (OpenAI's {@code param}). */
public final class BadFieldException extends BadInputException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public BadFieldException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
