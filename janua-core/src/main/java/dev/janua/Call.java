package dev.janua;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One running operation, as the {@link Runner} hands it to a feature service: its one instant
 * (truncated to what stores keep), its caller, the rate-limit decision that admitted it, and the
 * audit events it records.
 */
final class Call {
  private static final int USER_AGENT_MAX = 512;

  private final Instant now;
  private final ClientInfo client;
  private final @Nullable RateLimitDecision decision;

  Call(Instant now, ClientInfo client, @Nullable RateLimitDecision decision) {
    this.now = now;
    this.client = client;
    this.decision = decision;
  }

  Instant now() {
    return now;
  }

  ClientInfo client() {
    return client;
  }

  @Nullable RateLimitDecision decision() {
    return decision;
  }

  /** An audit event of this call, stamped with its instant and caller. */
  AuditEvent event(AuditEventType type, @Nullable String userId, @Nullable String sessionId,
      @Nullable String organizationId, Map<String, String> details) {
    return new AuditEvent(newId(), type, userId, sessionId, organizationId, client.ipAddress(),
        userAgent(client), details, now);
  }

  /** The caller's user agent as stored: at most 512 characters. */
  static @Nullable String userAgent(ClientInfo client) {
    String ua = client.userAgent();
    return ua == null || ua.length() <= USER_AGENT_MAX ? ua : ua.substring(0, USER_AGENT_MAX);
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }
}
