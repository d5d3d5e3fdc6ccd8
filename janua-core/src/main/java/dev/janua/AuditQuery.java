package dev.janua;

import org.jspecify.annotations.Nullable;

/**
 * Which audit events to list, newest first. {@code null} filters match everything.
 *
 * @param userId         only events about this user, or {@code null}
 * @param organizationId only events about this organization, or {@code null}
 * @param limit          at most this many events (1 to 1000)
 */
public record AuditQuery(@Nullable String userId, @Nullable String organizationId, int limit) {
  public AuditQuery {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be from 1 to 1000, got " + limit);
    }
  }

  /** The newest {@code limit} events about one user. */
  public static AuditQuery forUser(String userId, int limit) {
    return new AuditQuery(userId, null, limit);
  }

  /** The newest {@code limit} events about one organization. */
  public static AuditQuery forOrganization(String organizationId, int limit) {
    return new AuditQuery(null, organizationId, limit);
  }

  /** The newest {@code limit} events of all. */
  public static AuditQuery latest(int limit) {
    return new AuditQuery(null, null, limit);
  }
}
