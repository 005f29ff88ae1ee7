package org.ttsvar.world;

/**
 * Text a user gave, made safe to echo in a message: control characters (escape bytes, NUL, line
 * breaks) are shown escaped ({@code \e}, {@code \u0000}, {@code \n}) so that they cannot drive the
 * terminal, and a long text is cut to its first characters with the total length said.
 */
public final class Messages {
  /** The default length of echoed user text. */
  public static final int MAX = 120;

  private Messages() {}

  /** {@code text} escaped and cut to {@link #MAX} characters. */
  public static String quote(String text) {
    return quote(text, MAX);
  }

  /** {@code text} escaped and cut to {@code max} characters (then "… (N characters)"). */
  public static String quote(String text, int max) {
    if (text == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (shown >= max) {
        sb.append("… (").append(text.codePointCount(0, text.length())).append(" characters)");
        break;
      }
      if (cp == '\n') {
        sb.append("\\n");
      } else if (cp == '\t') {
        sb.append("\\t");
      } else if (cp == '\r') {
        sb.append("\\r");
      } else if (cp == 0x1b) {
        sb.append("\\e");
      } else if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT || Character.getType(cp) == Character.SURROGATE) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
      shown++;
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  /**
   * A whole message made safe for a terminal: control characters other than line breaks and tabs
   * (escape sequences, NUL, bidirectional overrides) are shown escaped; nothing is cut.
   */
  public static String terminalSafe(String message) {
    if (message == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(message.length());
    for (int i = 0; i < message.length(); ) {
      int cp = message.codePointAt(i);
      if (cp == '\n' || cp == '\t') {
        sb.appendCodePoint(cp);
      } else if (cp == 0x1b) {
        sb.append("\\e");
      } else if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT || Character.getType(cp) == Character.SURROGATE) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return sb.toString();
  }
}
