package dev.janua.examples;

import dev.janua.ForwardedHeader;
import dev.janua.JanuaConfig;
import dev.janua.JanuaException;
import dev.janua.TokenPair;
import dev.janua.internal.Cidr;
import dev.janua.internal.IpAddresses;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How the example's web page holds a session: in cookies the service sets, never in script.
 *
 * <p>A request asks for cookies with {@value #CLIENT_HEADER}{@code : }{@value #BROWSER} on the
 * routes that issue tokens (signup, signin, refresh, and later MFA completion and passkey
 * sign-in). The answer then sets
 *
 * <ul>
 *   <li>{@value #ACCESS_COOKIE}: the access token, {@code HttpOnly}, {@code Path=/}, as long as the
 *       token lives;
 *   <li>{@value #REFRESH_COOKIE}: the refresh token, {@code HttpOnly}, sent only to {@value
 *       #REFRESH_PATH}, as long as {@code REFRESH_TOKEN_TTL_DAYS};
 *   <li>{@value #CSRF_COOKIE}: a random token the page's script reads and echoes in the {@value
 *       #CSRF_HEADER} header (double submit), not {@code HttpOnly};
 * </ul>
 *
 * <p>all {@code SameSite=Lax}, and {@code Secure} when the request came over TLS, directly or as
 * a trusted proxy ({@code TRUSTED_PROXIES}) says in {@code X-Forwarded-Proto} (or {@code
 * Forwarded: proto=} with {@code FORWARDED_HEADER=forwarded}). The body carries the user and the
 * access token's lifetime but no token. Without the header every route answers as before: tokens
 * in the JSON body, cookies ignored unless no {@code Authorization} header is sent.
 *
 * <p>A request authenticated by the access cookie that changes state ({@code POST}, {@code PUT},
 * {@code PATCH}, {@code DELETE}) must carry {@value #CSRF_HEADER} equal to the {@value
 * #CSRF_COOKIE} cookie (compared in constant time), else it is refused with 403 {@value
 * #CSRF_CODE}. A bearer-authenticated request needs no such header: another site cannot make a
 * browser send an {@code Authorization} header.
 */
final class BrowserSessions {
  /** The request header with which the page asks for cookies instead of tokens in the body. */
  static final String CLIENT_HEADER = "X-Janua-Client";
  /** The value of {@link #CLIENT_HEADER} that asks for cookies. */
  static final String BROWSER = "browser";
  /** The cookie holding the access token. */
  static final String ACCESS_COOKIE = "janua_access";
  /** The cookie holding the refresh token. */
  static final String REFRESH_COOKIE = "janua_refresh";
  /** The script-readable cookie of the double-submit CSRF token. */
  static final String CSRF_COOKIE = "janua_csrf";
  /** The header that echoes {@link #CSRF_COOKIE}. */
  static final String CSRF_HEADER = "X-CSRF-Token";
  /** The only path the refresh cookie is sent to. */
  static final String REFRESH_PATH = "/api/v1/auth/refresh";
  /** The error code of a refused CSRF check. */
  static final String CSRF_CODE = "invalid_csrf_token";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final int MAX_COOKIE_LENGTH = 4096;

  private final JanuaConfig config;
  private final List<Cidr> trustedProxies;
  private final SecureRandom random = new SecureRandom();

  BrowserSessions(JanuaConfig config) {
    this.config = config;
    this.trustedProxies = config.trustedProxies().stream().map(Cidr::parse).toList();
  }

  /** Whether the request asks for cookies ({@value #CLIENT_HEADER}{@code : browser}). */
  static boolean wantsCookies(Context ctx) {
    String v = ctx.header(CLIENT_HEADER);
    return v != null && v.strip().equalsIgnoreCase(BROWSER);
  }

  /** The access token of the cookie, or null when there is none (or it cannot be one). */
  @Nullable String accessToken(Context ctx) {
    return cookie(ctx, ACCESS_COOKIE);
  }

  /** The refresh token of the cookie, or null. */
  @Nullable String refreshToken(Context ctx) {
    return cookie(ctx, REFRESH_COOKIE);
  }

  private static @Nullable String cookie(Context ctx, String name) {
    String v = ctx.cookie(name);
    return v == null || v.isEmpty() || v.length() > MAX_COOKIE_LENGTH ? null : v;
  }

  /**
   * Refuses a state-changing request whose {@value #CSRF_HEADER} is missing or differs from the
   * {@value #CSRF_COOKIE} cookie; lets safe methods through.
   *
   * @throws JanuaException {@value #CSRF_CODE}, 403
   */
  void requireCsrf(Context ctx) {
    if (SAFE_METHODS.contains(ctx.req().getMethod().toUpperCase(Locale.ROOT))) {
      return;
    }
    String cookie = cookie(ctx, CSRF_COOKIE);
    String header = ctx.header(CSRF_HEADER);
    if (cookie == null || header == null || !MessageDigest.isEqual(
        cookie.getBytes(StandardCharsets.UTF_8), header.strip().getBytes(StandardCharsets.UTF_8))) {
      throw new JanuaException(CSRF_CODE, 403, "A request authenticated by the session cookie"
          + " that changes state needs the " + CSRF_HEADER + " header with the value of the "
          + CSRF_COOKIE + " cookie");
    }
  }

  /** Sets the three cookies of a new or refreshed session; a new CSRF token each time. */
  void issue(Context ctx, TokenPair tokens) {
    boolean secure = secure(ctx);
    byte[] csrf = new byte[32];
    random.nextBytes(csrf);
    Duration sessionLife = config.refreshTokenTtl();
    add(ctx, ACCESS_COOKIE, tokens.accessToken(), "/", tokens.expiresIn(), true, secure);
    add(ctx, REFRESH_COOKIE, tokens.refreshToken(), REFRESH_PATH, sessionLife.toSeconds(), true,
        secure);
    add(ctx, CSRF_COOKIE, Base64.getUrlEncoder().withoutPadding().encodeToString(csrf), "/",
        sessionLife.toSeconds(), false, secure);
  }

  /** Expires the three cookies (sign-out). */
  void clear(Context ctx) {
    boolean secure = secure(ctx);
    add(ctx, ACCESS_COOKIE, "", "/", 0, true, secure);
    add(ctx, REFRESH_COOKIE, "", REFRESH_PATH, 0, true, secure);
    add(ctx, CSRF_COOKIE, "", "/", 0, false, secure);
  }

  private static void add(Context ctx, String name, String value, String path, long maxAge,
      boolean httpOnly, boolean secure) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      // The engine's tokens are base64url, JWTs add dots: nothing that needs quoting in a cookie.
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
          || c == '_' || c == '.')) {
        throw new IllegalStateException("a token holds a character a cookie value may not");
      }
    }
    ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=" + path + "; Max-Age="
        + maxAge + (httpOnly ? "; HttpOnly" : "") + "; SameSite=Lax" + (secure ? "; Secure" : ""));
  }

  /**
   * Whether the client reached the service over TLS: the connection is TLS, or the direct peer is
   * a trusted proxy that says the client's scheme was {@code https}.
   */
  boolean secure(Context ctx) {
    if (ctx.req().isSecure()) {
      return true;
    }
    InetAddress peer = IpAddresses.parseLiteral(ctx.req().getRemoteAddr());
    if (peer == null || trustedProxies.stream().noneMatch(c -> c.contains(peer))) {
      return false;
    }
    String proto = config.forwardedHeader() == ForwardedHeader.FORWARDED
        ? forwardedProto(ctx.header("Forwarded"))
        : firstElement(ctx.header("X-Forwarded-Proto"));
    return "https".equalsIgnoreCase(proto);
  }

  /** The first element of a comma-separated list (the hop nearest the client), stripped. */
  private static @Nullable String firstElement(@Nullable String list) {
    if (list == null) {
      return null;
    }
    int comma = list.indexOf(',');
    return (comma < 0 ? list : list.substring(0, comma)).strip();
  }

  /** The {@code proto} parameter of the first element of an RFC 7239 {@code Forwarded} header. */
  static @Nullable String forwardedProto(@Nullable String header) {
    String first = firstElement(header);
    if (first == null) {
      return null;
    }
    for (String pair : first.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase("proto")) {
        String v = pair.substring(eq + 1).strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
            ? v.substring(1, v.length() - 1) : v;
      }
    }
    return null;
  }
}
