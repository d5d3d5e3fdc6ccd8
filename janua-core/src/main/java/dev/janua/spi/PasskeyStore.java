package dev.janua.spi;

import dev.janua.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Passkeys (WebAuthn credentials) and their outstanding challenges. Never cached: every read goes
 * to the store of record. Writes that change an account's security append their audit event in
 * the same transaction. The two guarantees across instances are single conditional writes: {@link
 * #consumeChallenge} hands a challenge to exactly one of any racing callers, and {@link
 * #recordUse} moves a signature counter forward for exactly one of any callers racing with the same
 * counter.
 */
public interface PasskeyStore {

  /** What {@link #delete} did. */
  enum Deletion {
    /** The passkey is gone. */
    DELETED,
    /** The user has no passkey of that id. */
    NOT_FOUND,
    /** Refused, nothing written: it is the user's last passkey and {@code keepLast} was set. */
    LAST_PASSKEY
  }

  /**
   * Stores a new passkey with its audit event. Returns {@code false}, writing nothing, when a
   * passkey with the same credential id exists (of any user).
   */
  boolean save(PasskeyRecord passkey, AuditEvent event);

  /** The passkey with this WebAuthn credential id (base64url), of whichever user. */
  Optional<PasskeyRecord> findByCredentialId(String credentialId);

  /** Every passkey of the user, oldest first. */
  List<PasskeyRecord> listByUser(String userId);

  /**
   * Renames the user's passkey. Returns {@code false}, writing nothing, when the user has no
   * passkey of that id.
   */
  boolean rename(String userId, String passkeyId, String name, AuditEvent event);

  /**
   * Deletes the user's passkey with its audit event. With {@code keepLast}, refuses to delete the
   * user's only remaining passkey; the count and the delete are one atomic step, so two racing
   * deletes of a user's last two passkeys leave one.
   */
  Deletion delete(String userId, String passkeyId, boolean keepLast, AuditEvent event);

  /**
   * Compare-and-set of the signature counter after a verified assertion: sets the counter to
   * {@code newSignCount}, the backup state and the last use only when the stored counter is lower
   * than {@code newSignCount}, or when both are 0 (an authenticator that does not count). {@code
   * false}, writing nothing, otherwise (a counter that did not go up, or the passkey is gone); of
   * any callers racing with one non-zero counter exactly one gets {@code true}.
   */
  boolean recordUse(String passkeyId, long newSignCount, boolean backedUp, Instant at);

  /**
   * Stores a challenge handed out in options. May also delete challenges that expired before
   * {@code challenge.createdAt()}.
   */
  void saveChallenge(PasskeyChallenge challenge);

  /**
   * Removes the challenge with this hash and returns it when it was still usable at {@code now}.
   * Of any callers racing with one hash at most one gets it; an expired challenge is removed and
   * not returned.
   */
  Optional<PasskeyChallenge> consumeChallenge(String hash, Instant now);
}
