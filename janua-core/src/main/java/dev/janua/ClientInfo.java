package dev.janua;

import org.jspecify.annotations.Nullable;

/**
 * Who is calling: the resolved client IP address (see {@link RateLimiter#resolveClientIp}) and
 * the user agent. Both may be {@code null} when the host does not know them; a {@code null} IP
 * address is rate-limited under the key {@code "unknown"}.
 *
 * @param ipAddress the client IP address as a literal, or {@code null}
 * @param userAgent the User-Agent header, or {@code null}
 */
public record ClientInfo(@Nullable String ipAddress, @Nullable String userAgent) {
  private static final ClientInfo UNKNOWN = new ClientInfo(null, null);

  /** A client whose address and agent are not known. */
  public static ClientInfo unknown() {
    return UNKNOWN;
  }

  /** A client known by its IP address only. */
  public static ClientInfo of(@Nullable String ipAddress) {
    return new ClientInfo(ipAddress, null);
  }
}
