package dev.janua.cache;

import java.time.Duration;

/**
 * The kinds of data the cache holds, each with the guide's default time to live and the
 * environment variable that overrides it (a number of seconds; {@code 0} turns caching of that kind
 * off).
 */
public enum CacheDataType {
  /** User profiles (the user row, looked up by id or email): 5 minutes. */
  USER_PROFILE("CACHE_TTL_USER_SECONDS", Duration.ofMinutes(5)),
  /** Session validation (is this session live?): 1 minute. */
  SESSION("CACHE_TTL_SESSION_SECONDS", Duration.ofMinutes(1)),
  /** Organizations: 10 minutes. */
  ORGANIZATION("CACHE_TTL_ORGANIZATION_SECONDS", Duration.ofMinutes(10)),
  /** Settings and configuration: 30 minutes. */
  SETTINGS("CACHE_TTL_SETTINGS_SECONDS", Duration.ofMinutes(30)),
  /** SSO configuration: 30 minutes. */
  SSO_CONFIGURATION("CACHE_TTL_SSO_SECONDS", Duration.ofMinutes(30)),
  /** Permissions: memberships and custom roles: 5 minutes. */
  PERMISSIONS("CACHE_TTL_PERMISSIONS_SECONDS", Duration.ofMinutes(5)),
  /** The public JWKS document: 1 hour ({@code JWKS_CACHE_TTL} is accepted too). */
  JWKS("CACHE_TTL_JWKS_SECONDS", Duration.ofHours(1));

  private final String variable;
  private final Duration defaultTtl;

  CacheDataType(String variable, Duration defaultTtl) {
    this.variable = variable;
    this.defaultTtl = defaultTtl;
  }

  /** The environment variable that overrides this kind's time to live, in seconds. */
  public String variable() {
    return variable;
  }

  /** The guide's default time to live. */
  public Duration defaultTtl() {
    return defaultTtl;
  }

  /**
   * Whether revoking this data must reach every instance: sessions (and API tokens, cached under
   * {@link #SESSION}), users (credentials, enabled flag) and permissions (memberships, roles). While
   * the invalidation bus is lost these are read from the store of record, bypassing every cache
   * tier, and they stay out of the shared tier unless {@link CachePolicy#sensitiveInShared()}.
   */
  public boolean sensitive() {
    return this == USER_PROFILE || this == SESSION || this == PERMISSIONS;
  }
}
