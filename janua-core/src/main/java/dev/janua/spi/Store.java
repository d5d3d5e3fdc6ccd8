package dev.janua.spi;

import dev.janua.AuditEvent;
import dev.janua.AuditQuery;
import dev.janua.ConflictException;
import dev.janua.Membership;
import dev.janua.Organization;
import dev.janua.Role;
import dev.janua.Session;
import dev.janua.StoreUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything Janua persists. Operations are named by intent and each is atomic on its own: an
 * implementation never leaves half of one behind, and the engine never composes a read and a write
 * into a race. Every implementation must pass the contract suite {@code StoreContract} in the
 * janua-core test-jar.
 *
 * <p>Any operation may throw {@link StoreUnavailableException} when the backing system cannot be
 * reached; none throws a driver exception. Timestamps are stored with microsecond precision:
 * callers pass instants already truncated to microseconds.
 */
public interface Store {

  // ---- users ----

  /**
   * Inserts a user and its signup audit event, both or neither.
   *
   * @throws ConflictException (field {@code email}) when the email is taken
   */
  void createUser(StoredUser user, AuditEvent event);

  /**
   * Signup in one step: the user, its signup event, its first session, that session's first
   * refresh token and the signin event, all or none. The default runs {@link #createUser} then
   * {@link #createSession}, which is not atomic across the two; every shipped store overrides it.
   *
   * @throws ConflictException (field {@code email}) when the email is taken; nothing is written
   */
  default void createUserWithSession(StoredUser user, AuditEvent signup, Session session,
      RefreshTokenRecord firstToken, AuditEvent signin) {
    createUser(user, signup);
    createSession(session, firstToken, signin);
  }

  /** The user with this id. */
  Optional<StoredUser> findUserById(String userId);

  /** The user with this normalized email. */
  Optional<StoredUser> findUserByEmail(String normalizedEmail);

  /**
   * Replaces the password hash only if it still is {@code expectedHash} (a rehash must not undo a
   * concurrent password change).
   *
   * @return whether it was replaced
   */
  boolean replacePasswordHash(String userId, String expectedHash, String newHash, Instant now);

  /**
   * Sets a new password hash, revokes every live session of the user and records the event, all
   * in one transaction.
   *
   * @return how many sessions were revoked, or -1 when the user does not exist (nothing written)
   */
  int changePassword(String userId, String newHash, Instant now, AuditEvent event);

  /**
   * Enables or disables a user; disabling also revokes every live session. Records the event.
   *
   * @return whether the user exists
   */
  boolean setUserEnabled(String userId, boolean enabled, Instant now, AuditEvent event);

  // ---- sessions and refresh tokens ----

  /** Inserts a session, its first refresh token and the signin audit event, all or none. */
  void createSession(Session session, RefreshTokenRecord firstToken, AuditEvent event);

  /** The session with this id, live or not. */
  Optional<Session> findSession(String sessionId);

  /** The user's sessions that are live at {@code now}, newest first. */
  List<Session> liveSessions(String userId, Instant now);

  /**
   * Revokes one session and records the event.
   *
   * @return {@code false} when the session is unknown or already revoked (nothing written)
   */
  boolean revokeSession(String sessionId, Instant now, AuditEvent event);

  /**
   * Revokes every live session of a user and records the event.
   *
   * @return how many sessions were revoked
   */
  int revokeUserSessions(String userId, Instant now, AuditEvent event);

  /**
   * Spends a refresh token and stores its successor in one atomic step. The successor's expiry is
   * capped at the session's {@code expiresAt}; the session's {@code lastUsedAt} moves to
   * {@code now}; {@code event} is recorded with its user and session filled in (see
   * {@link AuditEvent#withSubject}). Checks, in this order: unknown, already spent, session ended,
   * expired. Only the {@link RotationOutcome.Rotated} outcome writes anything. Of any number of
   * concurrent calls with the same {@code spentHash}, at most one is {@code Rotated}.
   */
  RotationOutcome rotateRefreshToken(
      String spentHash, String successorHash, Instant successorExpiresAt, Instant now,
      AuditEvent event);

  // ---- organizations, members, roles ----

  /**
   * Inserts an organization, its owner's membership and the event, all or none.
   *
   * @throws ConflictException (field {@code slug}) when the slug is taken
   */
  void createOrganization(Organization organization, Membership owner, AuditEvent event);

  /** The organization with this id. */
  Optional<Organization> findOrganization(String organizationId);

  /** The user's membership in the organization, whatever its status. */
  Optional<Membership> findMembership(String organizationId, String userId);

  /** The organization's members, oldest first. */
  List<Membership> members(String organizationId);

  /** The user's memberships, oldest first. */
  List<Membership> membershipsOf(String userId);

  /**
   * Adds a member and records the event.
   *
   * @throws ConflictException (field {@code user_id}) when the user already is a member
   */
  void addMember(Membership membership, AuditEvent event);

  /**
   * Replaces an existing membership's role and status and records the event.
   *
   * @return {@code false} when there is no such membership (nothing written)
   */
  boolean updateMembership(Membership membership, AuditEvent event);

  /**
   * Removes a membership and records the event.
   *
   * @return {@code false} when there was no such membership (nothing written)
   */
  boolean removeMember(String organizationId, String userId, AuditEvent event);

  /**
   * Creates a custom role and records the event.
   *
   * @throws ConflictException (field {@code name}) when the organization has a role of this name
   */
  void createRole(Role role, AuditEvent event);

  /** The organization's custom role of this name. */
  Optional<Role> findRole(String organizationId, String name);

  /** The organization's custom roles, by name. */
  List<Role> roles(String organizationId);

  // ---- audit ----

  /** Records an event on its own. */
  void appendAudit(AuditEvent event);

  /** Events matching the query, newest first (ties in time: the later recorded first). */
  List<AuditEvent> auditEvents(AuditQuery query);

  // ---- signing keys ----

  /**
   * Returns the active signing key, first storing {@code candidate} as the active key when there is
   * none. Of instances starting at once, all end up with the same active key.
   */
  StoredSigningKey activeSigningKey(StoredSigningKey candidate);

  /** Every stored key, active and retired, newest first. */
  List<StoredSigningKey> signingKeys();

  /**
   * Makes {@code next} the active key and retires the current one at {@code now}, atomically.
   */
  void rotateSigningKey(StoredSigningKey next, Instant now);
}
