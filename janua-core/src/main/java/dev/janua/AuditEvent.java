package dev.janua;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One security-relevant event, recorded through the store in the same transaction as the change
 * it describes.
 *
 * @param id             stable identifier (a UUID string)
 * @param type           what happened
 * @param userId         the user it concerns, or {@code null} (a failed signin for an unknown email)
 * @param sessionId      the session it concerns, or {@code null}
 * @param organizationId the organization it concerns, or {@code null}
 * @param ipAddress      the client IP address, or {@code null}
 * @param userAgent      the client user agent, or {@code null}
 * @param details        small string facts (never a password or token)
 * @param createdAt      when it happened
 */
public record AuditEvent(
    String id,
    AuditEventType type,
    @Nullable String userId,
    @Nullable String sessionId,
    @Nullable String organizationId,
    @Nullable String ipAddress,
    @Nullable String userAgent,
    Map<String, String> details,
    Instant createdAt) {

  public AuditEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    details = details == null ? Map.of() : Map.copyOf(details);
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** This event with its user and session filled in (a store does this for refresh events). */
  public AuditEvent withSubject(String newUserId, String newSessionId) {
    return new AuditEvent(id, type, newUserId, newSessionId, organizationId, ipAddress, userAgent,
        details, createdAt);
  }
}
