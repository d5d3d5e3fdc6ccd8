package dev.janua.testing;

import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What core's own tests need of the test kit's {@code Fixtures} (janua-test depends on core, so
 * core's tests cannot use the kit).
 */
public final class Fixtures {
  private Fixtures() {}

  public static AuditEvent event(AuditEventType type, String userId, Instant now) {
    return new AuditEvent(UUID.randomUUID().toString(), type, userId, null, null, "203.0.113.7",
        "junit", Map.of("k", "v"), now);
  }
}
