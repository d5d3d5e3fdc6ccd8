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
  private final ForwardedHeader forwardedHeader;
  private final int ipv6Prefix;
  private final RateLimitStore store;
  private final Clock clock;
  private final MetricsRecorder metrics;
  private final Map<RateLimitCategory, String> keyPrefixes = new EnumMap<>(RateLimitCategory.class);
  private final Map<RateLimitCategory, RateLimitRule> rules = new EnumMap<>(RateLimitCategory.class);

  RateLimiter(JanuaConfig config, RateLimitStore store, Clock clock, MetricsRecorder metrics) {
    this.enabled = config.rateLimitEnabled();
    this.whitelist = config.rateLimitWhitelist().stream().map(Cidr::parse).toList();
    this.trustedProxies = config.trustedProxies().stream().map(Cidr::parse).toList();
    this.forwardedHeader = config.forwardedHeader();
    this.ipv6Prefix = config.rateLimitIpv6Prefix();
    this.store = store;
    this.clock = clock;
    this.metrics = metrics;
    for (RateLimitCategory c : RateLimitCategory.values()) {
      keyPrefixes.put(c, c.code() + ":");
      rules.put(c, config.rateLimitRule(c));
    }
  }

  /**
   * Decides one request of a client and counts it when admitted. An IPv4 client is counted by its
   * address (/32), an IPv6 client by its network of {@link JanuaConfig#rateLimitIpv6Prefix()} bits
   * (/64 by default: one site holds a whole /64, so each of its addresses must not buy a fresh
   * budget); anything that is not an IP literal, and {@code null}, under the one key {@code
   * unknown}, never whitelisted.
   *
   * @param category the endpoint category
   * @param clientIp the client IP literal (see {@link #resolveClientIp}), or {@code null}
   */
  public RateLimitDecision check(RateLimitCategory category, @Nullable String clientIp) {
    return decide(category, clientIp, Mode.ACQUIRE);
  }

  /** How {@link #decide} treats the request. */
  private enum Mode {
    /** Decide, count when admitted, record the decision's metric. */
    ACQUIRE,
    /** Decide without counting, record the decision's metric. */
    PEEK,
    /** Count an attempt already decided by a peek (when there is room): no metric again. */
    CHARGE
  }

  /**
   * Counts a failed attempt that {@link #peekOrThrow} admitted, when there is still room, and
   * answers the numbers after it (for the failure's headers).
   */
  RateLimitDecision charge(RateLimitCategory category, @Nullable String clientIp) {
    RateLimitDecision d = decide(category, clientIp, Mode.CHARGE);
    // Full meanwhile (concurrent failures): the attempt was admitted all the same, nothing left.
    return d.allowed() ? d : new RateLimitDecision(d.category(), true, d.limit(), 0,
        d.resetEpochSeconds(), 0);
  }

  /**
   * Like {@link #checkOrThrow} but counts nothing: signin checks its budget this way before the
   * attempt, and counts it with {@link #check} only when it failed, so that successful signins do
   * not consume the per-IP authentication budget.
   *
   * @throws RateLimitedException when the client is over a limit
   */
  RateLimitDecision peekOrThrow(RateLimitCategory category, @Nullable String clientIp) {
    RateLimitDecision d = decide(category, clientIp, Mode.PEEK);
    if (!d.allowed()) {
      throw new RateLimitedException(d);
    }
    return d;
  }

  /**
   * Like {@link #peekOrThrow} for calls made by a signed-in user rather than judged by address
   * (second-factor calls on a principal): the budget is the user's own, so one user's wrong codes
   * never spend another's. Whitelisting does not apply.
   *
   * @param subject a digest naming the account, never an email or id in clear
   * @throws RateLimitedException when the account is over a limit
   */
  RateLimitDecision peekSubjectOrThrow(RateLimitCategory category, String subject) {
    RateLimitDecision d = decideSubject(category, subject, Mode.PEEK);
    if (!d.allowed()) {
      throw new RateLimitedException(d);
    }
    return d;
  }

  /** Counts a failed attempt that {@link #peekSubjectOrThrow} admitted (see {@link #charge}). */
  RateLimitDecision chargeSubject(RateLimitCategory category, String subject) {
    RateLimitDecision d = decideSubject(category, subject, Mode.CHARGE);
    return d.allowed() ? d : new RateLimitDecision(d.category(), true, d.limit(), 0,
        d.resetEpochSeconds(), 0);
  }

  private RateLimitDecision decideSubject(RateLimitCategory category, String subject, Mode mode) {
    if (!enabled) {
      return RateLimitDecision.unlimited(category);
    }
    String key = keyPrefixes.get(category) + "subject:" + subject;
    RateLimitDecision d = mode == Mode.PEEK
        ? store.peek(key, category, rules.get(category), clock.instant())
        : store.acquire(key, category, rules.get(category), clock.instant());
    if (mode != Mode.CHARGE) {
      metrics.rateLimitDecision(category, d.allowed());
    }
    return d;
  }

  private RateLimitDecision decide(RateLimitCategory category, @Nullable String clientIp,
      Mode mode) {
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
      if (bytes != null && bytes.length == 16) {
        client = Cidr.of(bytes, ipv6Prefix).canonical();
      }
    }
    if (bytes != null && matches(whitelist, bytes)) {
      return RateLimitDecision.unlimited(category);
    }
    String key = keyPrefixes.get(category) + client;
    RateLimitDecision d = mode == Mode.PEEK
        ? store.peek(key, category, rules.get(category), clock.instant())
        : store.acquire(key, category, rules.get(category), clock.instant());
    if (mode != Mode.CHARGE) {
      metrics.rateLimitDecision(category, d.allowed());
    }
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
   * The client's IP address from the direct peer and one line of the forwarding header; see {@link
   * #resolveClientIp(String, List)}, to which a host that can read every line should pass them all.
   */
  public @Nullable String resolveClientIp(@Nullable String remoteAddress,
      @Nullable String forwardedHeaderLine) {
    return resolveClientIp(remoteAddress,
        forwardedHeaderLine == null ? List.of() : List.of(forwardedHeaderLine));
  }

  /** The header a trusted proxy names the hops in ({@link JanuaConfig#forwardedHeader()}). */
  public ForwardedHeader forwardedHeader() {
    return forwardedHeader;
  }

  /**
   * The client's IP address. The forwarding header ({@link #forwardedHeader()}: {@code
   * X-Forwarded-For}, or {@code Forwarded}'s {@code for=} parameters) is believed only when the
   * direct peer is a trusted proxy. All its lines are read as one list, in order (RFC 9110 list
   * semantics; empty elements are ignored); walking from the right, the first entry that is not a
   * trusted proxy is the client, and when every entry is a trusted proxy the left-most one is.
   * A malformed entry (not an IP literal, or an RFC 7239 obfuscated or {@code unknown} node) met on
   * the walk ends it with an unknown client: {@code null}, which {@link #check} counts under the
   * one shared key {@code unknown} and never whitelists. The walk never skips such an entry to
   * reach an address further left, nor falls back to the trusted proxy's own (perhaps whitelisted)
   * address. No DNS lookup is ever made.
   *
   * @param remoteAddress        the direct peer's address (the socket's)
   * @param forwardedHeaderLines every line of the forwarding header, in order (empty for none)
   * @return an IP literal; {@code remoteAddress} as given when it is not one (so {@code null} for a
   *     {@code null} {@code remoteAddress}); {@code null} for a malformed forwarded hop
   */
  public @Nullable String resolveClientIp(@Nullable String remoteAddress,
      List<String> forwardedHeaderLines) {
    InetAddress peer = IpAddresses.parseLiteral(remoteAddress);
    if (peer == null || !matches(trustedProxies, peer)) {
      return peer == null ? remoteAddress : peer.getHostAddress();
    }
    List<String> hops = ForwardedHops.parse(forwardedHeader, forwardedHeaderLines);
    InetAddress client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = IpAddresses.parseLiteral(hops.get(i));
      if (hop == null) {
        return null;
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
