package org.ttsvar.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A command's error stream (picocli's {@link PrintWriter}) as the {@link PrintStream} that library
 * code prints its notes to (a training run's resume and warm-start lines), so that they go where the
 * command's other lines go: the terminal, or a test's captured output. Bytes are passed on as whole
 * lines (a newline byte never occurs inside a UTF-8 character), and what is left at a flush.
 */
final class LinesToWriter extends OutputStream {
  private final PrintWriter out;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  private LinesToWriter(PrintWriter out) {
    this.out = out;
  }

  /** {@code out} as a UTF-8 print stream that flushes at every line. */
  static PrintStream printStream(PrintWriter out) {
    return new PrintStream(new LinesToWriter(out), true, StandardCharsets.UTF_8);
  }

  @Override
  public void write(int b) {
    line.write(b);
    if (b == '\n') {
      flush();
    }
  }

  @Override
  public void flush() {
    if (line.size() > 0) {
      out.write(line.toString(StandardCharsets.UTF_8));
      line.reset();
    }
    out.flush();
  }

  @Override
  public void close() {
    flush();
  }
}
