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
import org.jspecify.annotations.Nullable;

/**
 * Valid domain values for store and engine tests. Every id, email, slug and token hash is new, so
 * tests never collide with data other tests left in a shared store.
 */
public final class Fixtures {
  /** A well-formed bcrypt hash (cost 4); stores keep it as an opaque string. */
  public static final String HASH = "$2a$04$2TqE3GxoVYd0S9Hv2P0a8ONZ.7cA1fQ7h0oCG3jH4ZvcqX1mMfLwu";

  private Fixtures() {}

  /** A key-encryption key for tests ({@code JANUA_KEY_ENCRYPTION_KEY}): base64 of 32 bytes. */
  public static final String KEY_ENCRYPTION_KEY = "amFudWEtdGVzdC1rZXktZW5jcnlwdGlvbi1rZXkhISE=";

  /** A new random id (a UUID string). */
  public static String id() {
    return UUID.randomUUID().toString();
  }

  /** A new email address, already normalized (lower case). */
  public static String uniqueEmail() {
    return "user-" + UUID.randomUUID() + "@example.com";
  }

  /** A new enabled user with {@link #HASH}, created and updated at {@code now}. */
  public static StoredUser user(Instant now) {
    return new StoredUser(id(), uniqueEmail(), "Test User", HASH, true, now, now);
  }

  /** An audit event about a user (or none: {@code null}), with an IP, a user agent and details. */
  public static AuditEvent event(AuditEventType type, @Nullable String userId, Instant now) {
    return new AuditEvent(id(), type, userId, null, null, "203.0.113.7", "junit",
        Map.of("k", "v"), now);
  }

  /** An audit event about an organization, by a user (or none: {@code null}). */
  public static AuditEvent orgEvent(AuditEventType type, @Nullable String userId, String orgId,
      Instant now) {
    return new AuditEvent(id(), type, userId, null, orgId, null, null, Map.of(), now);
  }

  /** A live session of the user, capped {@code cap} after {@code now}. */
  public static Session session(String userId, Instant now, Duration cap) {
    return new Session(id(), userId, "203.0.113.7", "junit", now, now, now.plus(cap), null);
  }

  /** A new value in the shape of a refresh token's hash (64 hex digits). */
  public static String tokenHash() {
    return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
  }

  /** A first refresh token of the session, expiring {@code ttl} after {@code now}. */
  public static RefreshTokenRecord token(Session s, Instant now, Duration ttl) {
    return new RefreshTokenRecord(tokenHash(), s.id(), s.userId(), now, now.plus(ttl));
  }

  /** A new organization owned by {@code ownerId}, with a unique slug. */
  public static Organization organization(String ownerId, Instant now) {
    String id = id();
    return new Organization(id, "Org " + id.substring(0, 8), "org-" + id, ownerId, now);
  }

  /** An active membership. */
  public static Membership membership(String orgId, String userId, String role, Instant now) {
    return new Membership(orgId, userId, role, MembershipStatus.ACTIVE, now);
  }
}
