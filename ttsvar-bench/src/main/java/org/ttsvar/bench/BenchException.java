package org.ttsvar.bench;

/** A benchmark that cannot run as asked (bad arguments, a folder from another run); the message says how to fix it. */
public class BenchException extends org.ttsvar.world.BadInputException {
  public BenchException(String message) {
    super(message);
  }
}
