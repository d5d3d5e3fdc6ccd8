package dev.janua.testing;

import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import dev.janua.Membership;
import dev.janua.MembershipStatus;
import dev.janua.Organization;
import dev.janua.Session;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.StoredUser;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Builders of valid, unique domain values for store and engine tests. */
public final class Fixtures {
  /** A well-formed bcrypt hash; stores keep it as an opaque string. */
  public static final String HASH = "$2a$04$2TqE3GxoVYd0S9Hv2P0a8ONZ.7cA1fQ7h0oCG3jH4ZvcqX1mMfLwu";

  private Fixtures() {}

  public static String id() {
    return UUID.randomUUID().toString();
  }

  public static String uniqueEmail() {
    return "user-" + UUID.randomUUID() + "@example.com";
  }

  public static StoredUser user(Instant now) {
    return new StoredUser(id(), uniqueEmail(), "Test User", HASH, true, now, now);
  }

  public static AuditEvent event(AuditEventType type, String userId, Instant now) {
    return new AuditEvent(id(), type, userId, null, null, "203.0.113.7", "junit",
        Map.of("k", "v"), now);
  }

  public static AuditEvent orgEvent(AuditEventType type, String userId, String orgId, Instant now) {
    return new AuditEvent(id(), type, userId, null, orgId, null, null, Map.of(), now);
  }

  public static Session session(String userId, Instant now, Duration cap) {
    return new Session(id(), userId, "203.0.113.7", "junit", now, now, now.plus(cap), null);
  }

  public static String tokenHash() {
    return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
  }

  public static RefreshTokenRecord token(Session s, Instant now, Duration ttl) {
    return new RefreshTokenRecord(tokenHash(), s.id(), s.userId(), now, now.plus(ttl));
  }

  public static Organization organization(String ownerId, Instant now) {
    String id = id();
    return new Organization(id, "Org " + id.substring(0, 8), "org-" + id, ownerId, now);
  }

  public static Membership membership(String orgId, String userId, String role, Instant now) {
    return new Membership(orgId, userId, role, MembershipStatus.ACTIVE, now);
  }
}
