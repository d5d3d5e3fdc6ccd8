package dev.janua.cache.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The cache keys of store reads. Every shared-tier key of one user's sessions starts with
 * {@link #userSessionsPrefix}, so revoking all of them is one prefix invalidation; the in-process
 * copy of a session is held under its id alone (an alias named {@link #sessionAlias}) and carries
 * its shared-tier key, which that prefix matches too. Every key of one organization starts with
 * {@code org:<id>}. Keys carry ids, hashes and role names only: an email appears as its SHA-256.
 */
public final class CacheKeys {
  /**
   * Name prefix of in-process aliases: invalidating {@code ALIAS_PREFIX + id} drops the alias of
   * that id.
   */
  public static final String ALIAS_PREFIX = "session-id:";

  private CacheKeys() {}

  /** The name of a session's in-process alias (its key in invalidations). */
  public static String sessionAlias(String sessionId) {
    return ALIAS_PREFIX + sessionId;
  }

  /** {@code Optional<StoredUser>} by id. */
  public static String user(String userId) {
    return "user:" + userId;
  }

  /**
   * {@code Optional<String>}: the id of the user with this normalized email. The key holds the
   * SHA-256 of the email (hex), never the email itself, so no cache tier — in particular Redis,
   * under the deployment's key prefix — stores an address in clear, and the key has a fixed size
   * whatever string was looked up.
   */
  public static String email(String normalizedEmail) {
    return "email:" + sha256Hex(normalizedEmail);
  }

  private static String sha256Hex(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** {@code Optional<String>}: the user a session belongs to (never changes once created). */
  public static String sessionOwner(String sessionId) {
    return "session-owner:" + sessionId;
  }

  /** Prefix of every session key of one user. */
  public static String userSessionsPrefix(String userId) {
    return "session:" + userId + ":";
  }

  /** {@code Optional<Session>}. */
  public static String session(String userId, String sessionId) {
    return userSessionsPrefix(userId) + sessionId;
  }

  /** {@code Optional<ApiTokenRecord>} by id. */
  public static String apiToken(String id) {
    return "api-token:" + id;
  }

  /** {@code Optional<ApiTokenRecord>} by the token's hash (never revoked ones). */
  public static String apiTokenHash(String tokenHash) {
    return "api-token-hash:" + tokenHash;
  }

  /** {@code Optional<Organization>}. */
  public static String organization(String organizationId) {
    return "org:" + organizationId;
  }

  /** {@code Optional<Membership>}. */
  public static String membership(String organizationId, String userId) {
    return "org:" + organizationId + ":member:" + userId;
  }

  /** {@code List<Membership>} of an organization. */
  public static String members(String organizationId) {
    return "org:" + organizationId + ":members";
  }

  /** {@code List<Membership>} of a user. */
  public static String membershipsOf(String userId) {
    return "memberships:" + userId;
  }

  /** {@code Optional<Role>}. */
  public static String role(String organizationId, String name) {
    return "org:" + organizationId + ":role:" + name;
  }

  /** {@code List<Role>} of an organization. */
  public static String roles(String organizationId) {
    return "org:" + organizationId + ":roles";
  }
}
