package dev.janua;

import dev.janua.internal.Cidr;
import dev.janua.internal.IpAddresses;
import dev.janua.spi.MetricsRecorder;
import dev.janua.spi.RateLimitStore;
import java.net.InetAddress;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Per-client-IP rate limits by category, over a {@link RateLimitStore} (local or shared). Get it
 * from {@link AuthEngine#rateLimiter()}; the engine itself applies {@link
 * RateLimitCategory#AUTHENTICATION} to signup and signin and {@link RateLimitCategory#TOKEN_REFRESH}
 * to refresh. Whitelisted addresses are never limited.
 */
public final class RateLimiter {
  private static final String UNKNOWN = "unknown";

  private final boolean enabled;
  // Parsed once: the configuration keeps the ranges as text.
  private final List<Cidr> whitelist;
  private final List<Cidr> trustedProxies;
  private final RateLimitStore store;
  private final Clock clock;
  private final MetricsRecorder metrics;
  private final Map<RateLimitCategory, String> keyPrefixes = new EnumMap<>(RateLimitCategory.class);
  private final Map<RateLimitCategory, RateLimitRule> rules = new EnumMap<>(RateLimitCategory.class);

  RateLimiter(JanuaConfig config, RateLimitStore store, Clock clock, MetricsRecorder metrics) {
    this.enabled = config.rateLimitEnabled();
    this.whitelist = config.rateLimitWhitelist().stream().map(Cidr::parse).toList();
    this.trustedProxies = config.trustedProxies().stream().map(Cidr::parse).toList();
    this.store = store;
    this.clock = clock;
    this.metrics = metrics;
    for (RateLimitCategory c : RateLimitCategory.values()) {
      keyPrefixes.put(c, c.code() + ":");
      rules.put(c, config.rateLimitRule(c));
    }
  }

  /**
   * Decides one request of a client and counts it when admitted.
   *
   * @param category the endpoint category
   * @param clientIp the client IP literal (see {@link #resolveClientIp}), or {@code null}
   */
  public RateLimitDecision check(RateLimitCategory category, @Nullable String clientIp) {
    if (!enabled) {
      return RateLimitDecision.unlimited(category);
    }
    // The common case, a canonical IPv4 literal, is parsed by hand and keyed as given.
    byte @Nullable [] bytes = IpAddresses.parseIpv4(clientIp);
    String client = clientIp;
    if (bytes == null) {
      InetAddress address = IpAddresses.parseLiteral(clientIp);
      bytes = address == null ? null : address.getAddress();
      client = address == null ? UNKNOWN : address.getHostAddress();
    }
    if (bytes != null && matches(whitelist, bytes)) {
      return RateLimitDecision.unlimited(category);
    }
    RateLimitDecision d = store.acquire(keyPrefixes.get(category) + client, category,
        rules.get(category), clock.instant());
    metrics.rateLimitDecision(category, d.allowed());
    return d;
  }

  /**
   * Decides one request counted against a key that is not an address (an API token's id): no
   * whitelist applies.
   *
   * @throws RateLimitedException when the key is over a limit
   */
  RateLimitDecision checkKeyOrThrow(RateLimitCategory category, String key) {
    if (!enabled) {
      return RateLimitDecision.unlimited(category);
    }
    RateLimitDecision d = store.acquire(keyPrefixes.get(category) + key, category,
        rules.get(category), clock.instant());
    metrics.rateLimitDecision(category, d.allowed());
    if (!d.allowed()) {
      throw new RateLimitedException(d);
    }
    return d;
  }

  /**
   * Like {@link #check}, but refuses with an exception.
   *
   * @throws RateLimitedException when the client is over a limit
   */
  public RateLimitDecision checkOrThrow(RateLimitCategory category, @Nullable String clientIp) {
    RateLimitDecision d = check(category, clientIp);
    if (!d.allowed()) {
      throw new RateLimitedException(d);
    }
    return d;
  }

  /**
   * Decides one request about an account rather than from a client (password reset and
   * verification mails per address), and counts it when admitted. Whitelisting does not apply.
   *
   * @param subject a digest naming the account, never an email or id in clear
   * @throws RateLimitedException when the account is over a limit
   */
  RateLimitDecision checkSubjectOrThrow(RateLimitCategory category, String subject) {
    if (!enabled) {
      return RateLimitDecision.unlimited(category);
    }
    RateLimitDecision d = store.acquire(keyPrefixes.get(category) + "subject:" + subject, category,
        rules.get(category), clock.instant());
    metrics.rateLimitDecision(category, d.allowed());
    if (!d.allowed()) {
      throw new RateLimitedException(d);
    }
    return d;
  }

  /**
   * The client's IP address. {@code X-Forwarded-For} is believed only when the direct peer is a
   * trusted proxy; then the right-most address that is not a trusted proxy is the client. A
   * malformed entry ends the walk: the last trusted hop before it is taken, since nothing to its
   * left can be believed. No DNS lookup is ever made.
   *
   * @param remoteAddress the direct peer's address (the socket's)
   * @param xForwardedFor the {@code X-Forwarded-For} header, or {@code null}
   * @return an IP literal, or {@code remoteAddress} as given when it is not one (so {@code null}
   *     only for a {@code null} {@code remoteAddress})
   */
  public @Nullable String resolveClientIp(@Nullable String remoteAddress,
      @Nullable String xForwardedFor) {
    InetAddress peer = IpAddresses.parseLiteral(remoteAddress);
    if (peer == null || xForwardedFor == null || xForwardedFor.isBlank()
        || !matches(trustedProxies, peer)) {
      return peer == null ? remoteAddress : peer.getHostAddress();
    }
    InetAddress client = peer;
    String[] hops = xForwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      InetAddress hop = IpAddresses.parseLiteral(hops[i]);
      if (hop == null) {
        break;
      }
      client = hop;
      if (!matches(trustedProxies, hop)) {
        break;
      }
    }
    return client.getHostAddress();
  }

  /** Whether the address is exempt from limits. */
  public boolean isWhitelisted(@Nullable String clientIp) {
    InetAddress address = IpAddresses.parseLiteral(clientIp);
    return address != null && matches(whitelist, address);
  }

  private static boolean matches(List<Cidr> ranges, InetAddress address) {
    return matches(ranges, address.getAddress());
  }

  private static boolean matches(List<Cidr> ranges, byte[] address) {
    for (int i = 0; i < ranges.size(); i++) {
      if (ranges.get(i).contains(address)) {
        return true;
      }
    }
    return false;
  }
}
