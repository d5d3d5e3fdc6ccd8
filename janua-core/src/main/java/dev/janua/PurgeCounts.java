package dev.janua;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many rows one retention purge deleted, per kind (see {@code RetentionStore#purge}). Each
 * count is rows this purge deleted itself: when several instances purge at once, their counts add
 * up to the rows that went, none counted twice.
 *
 * @param refreshTokens refresh tokens, spent or not, expired past the grace period, and those
 *                      deleted together with their purged session
 * @param sessions      sessions revoked or expired past the grace period
 * @param accountTokens one-time account tokens (password reset, email verification, email change)
 *                      expired past the grace period, used or not
 * @param invitations   invitations expired past the grace period, accepted, revoked or never used
 * @param apiTokens     API tokens expired or revoked past the grace period
 * @param auditEvents   audit events older than the audit retention
 */
public record PurgeCounts(long refreshTokens, long sessions, long accountTokens, long invitations,
    long apiTokens, long auditEvents) {
  /** Nothing deleted. */
  public static final PurgeCounts NONE = new PurgeCounts(0, 0, 0, 0, 0, 0);

  /** @throws IllegalArgumentException when a count is negative */
  public PurgeCounts {
    if (refreshTokens < 0 || sessions < 0 || accountTokens < 0 || invitations < 0
        || apiTokens < 0 || auditEvents < 0) {
      throw new IllegalArgumentException("purge counts must not be negative");
    }
  }

  /** The sum of both, kind by kind. */
  public PurgeCounts plus(PurgeCounts o) {
    return new PurgeCounts(refreshTokens + o.refreshTokens, sessions + o.sessions,
        accountTokens + o.accountTokens, invitations + o.invitations, apiTokens + o.apiTokens,
        auditEvents + o.auditEvents);
  }

  /** Every row deleted, all kinds together. */
  public long total() {
    return refreshTokens + sessions + accountTokens + invitations + apiTokens + auditEvents;
  }

  /**
   * The counts by kind code, in a fixed order: {@code refresh_tokens}, {@code sessions}, {@code
   * account_tokens}, {@code invitations}, {@code api_tokens}, {@code audit_events} (the {@code
   * kind} tag of {@code janua_retention_purged_total}).
   */
  public Map<String, Long> byKind() {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("refresh_tokens", refreshTokens);
    out.put("sessions", sessions);
    out.put("account_tokens", accountTokens);
    out.put("invitations", invitations);
    out.put("api_tokens", apiTokens);
    out.put("audit_events", auditEvents);
    return out;
  }
}
