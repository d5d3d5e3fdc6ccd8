package dev.janua;

import java.util.Locale;

/**
 * The endpoint categories of the performance guide, each with its default per-minute and
 * per-hour limit per client IP. {@link #DEFAULT} takes {@code RATE_LIMIT_PER_MINUTE} and
 * {@code RATE_LIMIT_PER_HOUR}.
 */
public enum RateLimitCategory {
  /** Signup and signin: 10/min, 100/h, against brute force. */
  AUTHENTICATION(10, 100),
  /** Password reset: 5/min, 20/h, against enumeration. */
  PASSWORD_RESET(5, 20),
  /** Token refresh: 30/min, 300/h. */
  TOKEN_REFRESH(30, 300),
  /** Ordinary API use: 60/min, 1000/h. */
  USER_OPERATIONS(60, 1000),
  /** Admin tools: 120/min, 2000/h. */
  ADMIN_OPERATIONS(120, 2000),
  /** Webhooks: 1000/min, 10000/h. */
  WEBHOOKS(1000, 10000),
  /**
   * Token introspection and revocation by registered resource servers: 1000/min, 30000/h (Janua's
   * own). A resource server that introspects every request needs more: whitelist its address or
   * raise {@code RATE_LIMIT_TOKEN_INTROSPECTION}.
   */
  TOKEN_INTROSPECTION(1000, 30000),
  /**
   * Requests authenticated by an API token, counted per token (not per IP) by {@link
   * AuthEngine#authenticate}: 600/min, 20000/h (Janua's own); {@code RATE_LIMIT_API_TOKEN}
   * overrides it.
   */
  API_TOKEN(600, 20000),
  /** Everything else: {@code RATE_LIMIT_PER_MINUTE} / {@code RATE_LIMIT_PER_HOUR} (60/1000). */
  DEFAULT(60, 1000);

  private final RateLimitRule defaultRule;

  RateLimitCategory(int perMinute, int perHour) {
    this.defaultRule = new RateLimitRule(perMinute, perHour);
  }

  /** The guide's limits for this category. */
  public RateLimitRule defaultRule() {
    return defaultRule;
  }

  /** The stable lower-case code, e.g. {@code "token_refresh"}; used in keys and metric tags. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
