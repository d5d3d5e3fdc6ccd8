package dev.janua;

import java.util.Locale;

/**
 * Which request header names the hops between the client and a trusted proxy ({@code
 * FORWARDED_HEADER}, default {@link #X_FORWARDED_FOR}). Only one is read: a proxy that writes
 * the other cannot be fooled by a client sending it.
 */
public enum ForwardedHeader {
  /** {@code X-Forwarded-For: client, proxy1, proxy2} (the de-facto standard). */
  X_FORWARDED_FOR("X-Forwarded-For"),
  /** The standard {@code Forwarded: for=client, for="[2001:db8::1]:443"} of RFC 7239. */
  FORWARDED("Forwarded");

  private final String headerName;

  ForwardedHeader(String headerName) {
    this.headerName = headerName;
  }

  /** The HTTP header name, e.g. {@code X-Forwarded-For}. */
  public String headerName() {
    return headerName;
  }

  /**
   * Parses {@code x-forwarded-for} or {@code forwarded} (any case).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static ForwardedHeader parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "x-forwarded-for" -> X_FORWARDED_FOR;
      case "forwarded" -> FORWARDED;
      default -> throw new IllegalArgumentException(
          "expected x-forwarded-for or forwarded, got '" + text + "'");
    };
  }
}
