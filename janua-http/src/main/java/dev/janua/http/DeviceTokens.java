package dev.janua.http;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How an HTTP host carries the device token of the per-account signin throttle ({@code
 * AuthEngine.signin(email, password, client, deviceToken)}): the browser keeps it in an HttpOnly
 * cookie {@value #COOKIE} scoped to {@value #COOKIE_PATH} ({@code SameSite=Lax}, {@code Secure}
 * over TLS), so scripts never read it; other clients may send it in the {@value #HEADER} header
 * instead (read from the {@code device_token} field of the signin response). The header wins when
 * both are present.
 */
public final class DeviceTokens {
  /** The cookie that keeps the device token. */
  public static final String COOKIE = "janua_device";
  /** The request header a non-browser client sends the device token in. */
  public static final String HEADER = "X-Janua-Device";
  /** The cookie's path: the auth routes only. */
  public static final String COOKIE_PATH = "/api/v1/auth";

  private static final int MAX_LENGTH = 128;

  private DeviceTokens() {}

  /**
   * The presented device token: the header's when set, else the cookie's; {@code null} when
   * neither is, or when the value is too long to be one (the engine ignores any other bad value).
   *
   * @param header the {@value #HEADER} header, or null
   * @param cookie the value of the {@value #COOKIE} cookie, or null
   */
  public static @Nullable String presented(@Nullable String header, @Nullable String cookie) {
    String v = header != null && !header.isBlank() ? header.strip() : cookie;
    return v == null || v.isEmpty() || v.length() > MAX_LENGTH ? null : v;
  }

  /**
   * The {@code Set-Cookie} value that stores a device token.
   *
   * @param token  the device token (base64url characters only, as the engine makes them)
   * @param maxAge its lifetime ({@code DEVICE_TOKEN_DAYS})
   * @param secure whether the request came over TLS (then the cookie is {@code Secure})
   * @throws IllegalArgumentException when the token holds a character a cookie value may not
   */
  public static String setCookie(String token, Duration maxAge, boolean secure) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
          || c == '_')) {
        throw new IllegalArgumentException("a device token is base64url text");
      }
    }
    return COOKIE + "=" + token + "; Path=" + COOKIE_PATH + "; Max-Age=" + maxAge.toSeconds()
        + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
  }
}
