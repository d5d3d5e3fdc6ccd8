package dev.janua;

import org.jspecify.annotations.Nullable;

/**
 * Every engine operation, with the rate-limit category that admits it (when it has a caller's
 * address) and the name its outcome is counted under. The {@link Runner} gives each the same
 * treatment.
 */
enum Operation {
  SIGNUP("signup", RateLimitCategory.AUTHENTICATION),
  // Only failed signins are counted against the per-IP budget (checked before, charged after).
  SIGNIN("signin", RateLimitCategory.AUTHENTICATION, true),
  REFRESH("refresh", RateLimitCategory.TOKEN_REFRESH),
  // Counted with the other organization calls; admitted like a refresh (it hands out a refresh token).
  SWITCH_ORGANIZATION("organizations", RateLimitCategory.TOKEN_REFRESH),
  CHANGE_PASSWORD("change_password", RateLimitCategory.AUTHENTICATION),
  SIGNOUT("signout", null),
  SESSIONS("sessions", null),
  USERS("users", null),
  ORGANIZATIONS("organizations", null),
  INVITATIONS("invitations", null),
  KEYS("keys", null),
  INTROSPECT("introspect", RateLimitCategory.TOKEN_INTROSPECTION),
  REVOKE("revoke", RateLimitCategory.TOKEN_INTROSPECTION),
  API_TOKENS("api_tokens", null),
  PASSWORD_RESET_REQUEST("password_reset_request", RateLimitCategory.PASSWORD_RESET),
  PASSWORD_RESET("password_reset", RateLimitCategory.PASSWORD_RESET),
  RESEND_VERIFICATION("resend_verification", RateLimitCategory.PASSWORD_RESET),
  VERIFY_EMAIL("verify_email", RateLimitCategory.USER_OPERATIONS),
  CHANGE_EMAIL("change_email", RateLimitCategory.AUTHENTICATION),
  DELETE_USER("delete_user", RateLimitCategory.AUTHENTICATION),
  // Second factors: only refused codes are counted against the per-IP authentication budget.
  MFA("mfa", RateLimitCategory.AUTHENTICATION, true),
  // Completing a sign-in with its second factor: a refused code counts like a wrong password.
  COMPLETE_MFA("complete_mfa", RateLimitCategory.AUTHENTICATION, true),
  // Passkey management by a signed-in user (options, register, list, rename, delete).
  PASSKEYS("passkeys", null),
  // Passwordless sign-in options: unauthenticated, each one stores a challenge.
  PASSKEY_OPTIONS("passkey_options", RateLimitCategory.USER_OPERATIONS),
  // Passwordless sign-in: like signin, only failures count against the authentication budget.
  PASSKEY_SIGNIN("passkey_signin", RateLimitCategory.AUTHENTICATION, true);

  private final String metricName;
  private final @Nullable RateLimitCategory category;
  private final boolean chargesFailuresOnly;

  Operation(String metricName, @Nullable RateLimitCategory category) {
    this(metricName, category, false);
  }

  Operation(String metricName, @Nullable RateLimitCategory category,
      boolean chargesFailuresOnly) {
    this.metricName = metricName;
    this.category = category;
    this.chargesFailuresOnly = chargesFailuresOnly;
  }

  /**
   * Whether only failures count against the category's budget: the budget is checked before the
   * call without counting, and a failure the caller caused (a 4xx) is counted after it.
   */
  boolean chargesFailuresOnly() {
    return chargesFailuresOnly;
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
