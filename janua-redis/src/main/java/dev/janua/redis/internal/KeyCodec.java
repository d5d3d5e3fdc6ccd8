package dev.janua.redis.internal;

import java.nio.charset.StandardCharsets;

/** Key encoding helpers: UTF-8 bytes and Redis glob escaping. */
public final class KeyCodec {
  private KeyCodec() {}

  /** The UTF-8 bytes of a string. */
  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Escapes the glob characters {@code * ? [ ] \} (and {@code ^ -}, harmless outside brackets but
   * escaped for safety) so that {@code text} matches itself in a SCAN MATCH pattern.
   */
  public static String escapeGlob(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^' || c == '-') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
