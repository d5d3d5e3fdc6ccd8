package dev.janua;

import org.jspecify.annotations.Nullable;

/**
 * Every engine operation, with the rate-limit category that admits it (when it has a caller's
 * address) and the name its outcome is counted under. The {@link Runner} gives each the same
 * treatment.
 */
enum Operation {
  SIGNUP("signup", RateLimitCategory.AUTHENTICATION),
  SIGNIN("signin", RateLimitCategory.AUTHENTICATION),
  REFRESH("refresh", RateLimitCategory.TOKEN_REFRESH),
  CHANGE_PASSWORD("change_password", RateLimitCategory.AUTHENTICATION),
  SIGNOUT("signout", null),
  SESSIONS("sessions", null),
  USERS("users", null),
  ORGANIZATIONS("organizations", null),
  INVITATIONS("invitations", null),
  KEYS("keys", null),
  INTROSPECT("introspect", RateLimitCategory.TOKEN_INTROSPECTION),
  REVOKE("revoke", RateLimitCategory.TOKEN_INTROSPECTION);

  private final String metricName;
  private final @Nullable RateLimitCategory category;

  Operation(String metricName, @Nullable RateLimitCategory category) {
    this.metricName = metricName;
    this.category = category;
  }

  /** The name its outcomes are counted under. */
  String metricName() {
    return metricName;
  }

  /** The category that admits it, or {@code null} when the host limits it itself. */
  @Nullable RateLimitCategory category() {
    return category;
  }
}
