package org.ttsvar.search;

/** An invalid search configuration; names the argument at fault (e.g. {@code --bs-sis}) and the rule. */
public class ScheduleException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String argument;

  public ScheduleException(String argument, String problem) {
    super(argument + ": " + problem);
    this.argument = argument;
  }

  public String argument() {
    return argument;
  }
}
