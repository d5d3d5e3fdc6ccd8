package dev.janua.spi;

import dev.janua.AuditEvent;
import dev.janua.ConflictException;
import dev.janua.Session;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The users aggregate: accounts and their credentials. Every operation is atomic on its own. */
public interface UserStore {

  /**
   * Inserts a user and its signup audit event, both or neither.
   *
   * @throws ConflictException (field {@code email}) when the email is taken
   */
  void create(StoredUser user, AuditEvent event);

  /**
   * Signup in one step: the user, its signup event, its first session, that session's first
   * refresh token and the signin event, all or none. Of concurrent calls with one email exactly
   * one succeeds.
   *
   * @throws ConflictException (field {@code email}) when the email is taken; nothing is written
   */
  void createWithSession(StoredUser user, AuditEvent signup, Session session,
      RefreshTokenRecord firstToken, AuditEvent signin);

  /**
   * The user with this id: its profile. A caching decorator may answer from a cache tier, with the
   * password hash withheld ({@link StoredUser#HASH_WITHHELD}) and the enabled flag as of when the
   * entry was filled; decisions on credentials read {@link #findCredentialsById} instead.
   */
  Optional<StoredUser> findById(String userId);

  /**
   * The user with this normalized email: its profile, possibly from a cache (see {@link
   * #findById}); decisions on credentials read {@link #findCredentialsByEmail} instead.
   */
  Optional<StoredUser> findByEmail(String normalizedEmail);

  /**
   * The user with this id as the store of record holds it at this moment, with its password hash
   * and enabled flag: what signin, password change and reset, email change and deletion decide on.
   * Never answered from a cache: a caching decorator passes it to the store it wraps, and never
   * keeps the answer.
   */
  Optional<StoredUser> findCredentialsById(String userId);

  /**
   * The user with this normalized email as the store of record holds it at this moment (see
   * {@link #findCredentialsById}); never answered from a cache.
   */
  Optional<StoredUser> findCredentialsByEmail(String normalizedEmail);

  /**
   * Replaces the password hash only if it still is {@code expected} (a rehash must not undo a
   * concurrent password change).
   *
   * @return whether it was replaced
   */
  boolean replacePasswordHash(String userId, PasswordHashSwap swap, Instant now);

  /**
   * Sets a new password hash, revokes every live session of the user and records the event, all
   * in one step.
   *
   * @return how many sessions were revoked, or -1 when the user does not exist (nothing written)
   */
  int changePassword(String userId, String newHash, Instant now, AuditEvent event);

  /**
   * Enables or disables a user; disabling also revokes every live session (and with it every
   * refresh token of those sessions), in the same step. Records the event. A session creation
   * racing a disable either completes before it (and is revoked by it) or is refused ({@link
   * SessionStore#create} answers {@code false}): no live session of a disabled user remains.
   *
   * @return whether the user exists
   */
  boolean setEnabled(String userId, boolean enabled, Instant now, AuditEvent event);

  /**
   * Marks the user's email verified, only if the user's email still is {@code email} (a
   * verification link sent to an address the account no longer has must not verify the new one),
   * and records the event in the same step. An email verified already keeps its first verification
   * time, and no event is written.
   *
   * @param userId the user
   * @param email  the normalized address the verification was sent to
   * @param now    the verification time
   * @param event  the {@code email_verified} audit event
   * @return whether the user exists with this email (now verified)
   */
  boolean markEmailVerified(String userId, String email, Instant now, AuditEvent event);

  /**
   * Sets the user's display name and records the event.
   *
   * @param name the new name, {@code null} to remove it
   * @return whether the user exists
   */
  boolean updateName(String userId, @Nullable String name, Instant now, AuditEvent event);

  /**
   * Deletes an account while keeping the audit trail pseudonymous, in one step: replaces the
   * user's row by {@code tombstone} (same id; an address under {@code .invalid}, no name, a
   * password hash of a random secret, disabled, unverified), so that the id in the audit log
   * points at no personal data; revokes every live session; removes every membership and every
   * account token; records the event; then clears the IP address and user agent of every audit
   * event of the user (this one included). Refused, with nothing written, when the user is the last
   * active owner of an organization.
   *
   * @param tombstone what remains of the user (its id names the user to delete)
   * @return the outcome
   */
  UserDeletion delete(StoredUser tombstone, Instant now, AuditEvent event);
}
