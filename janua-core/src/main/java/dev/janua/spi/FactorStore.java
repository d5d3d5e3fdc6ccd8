package dev.janua.spi;

import dev.janua.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Second factors (TOTP) and recovery codes. Every write that changes the security of an account
 * also appends its audit event in the same transaction. The two compare-and-set writes, {@link
 * #acceptStep} and {@link #useRecoveryCode}, are what keeps a code single-use across instances:
 * of any number of racing callers exactly one gets {@code true}.
 *
 * <p>It also keeps the sign-in challenges ({@link MfaChallengeRecord}): {@link
 * #takeChallengeAttempt} counts attempts atomically, {@link #completeChallenge} spends a challenge
 * once.
 */
public interface FactorStore {
  /** The most live challenges a user keeps: saving one more deletes the oldest. */
  int MAX_CHALLENGES_PER_USER = 10;

  /**
   * Stores a pending (unconfirmed) factor, replacing the user's earlier pending factor of the same
   * kind. Returns {@code false}, writing nothing, when the user already has an active one.
   */
  boolean savePending(FactorRecord pending, AuditEvent event);

  /** The user's factor of this kind, active or pending. */
  Optional<FactorRecord> find(String userId, String kind);

  /**
   * Activates a pending factor at {@code step} and replaces the user's recovery codes with {@code
   * recoveryCodeHashes}. Returns {@code false}, writing nothing, when the factor is gone, already
   * active, or {@code step} is not after its last step.
   */
  boolean confirm(String factorId, long step, Instant at, List<String> recoveryCodeHashes,
      AuditEvent event);

  /**
   * Compare-and-set of the last accepted step of an active factor: sets it to {@code step} only
   * when it is lower now. {@code true} for exactly one of any callers racing with one step.
   */
  boolean acceptStep(String factorId, long step);

  /**
   * Marks one unused recovery code of the user as used. {@code true} for exactly one of any
   * callers racing with one code; {@code false} for an unknown or used code. The event is appended
   * only on success.
   */
  boolean useRecoveryCode(String userId, String codeHash, Instant at, AuditEvent event);

  /** How many unused recovery codes the user has. */
  int remainingRecoveryCodes(String userId);

  /**
   * Replaces every recovery code of the user (used or not) with {@code codeHashes}. Returns
   * {@code false}, writing nothing, when the user has no active factor.
   */
  boolean replaceRecoveryCodes(String userId, List<String> codeHashes, Instant at,
      AuditEvent event);

  /**
   * Deletes the factor and every recovery code of its user. Returns {@code false}, writing
   * nothing, when the factor is gone.
   */
  boolean delete(String factorId, AuditEvent event);

  /**
   * Stores a new sign-in challenge and, in the same step, deletes the user's challenges expired at
   * {@code now} and, beyond the newest {@link #MAX_CHALLENGES_PER_USER} (this one included), the
   * oldest: a client that signs in again and again cannot pile up rows.
   */
  void saveChallenge(MfaChallengeRecord challenge, Instant now);

  /**
   * Reserves one completion attempt: when a challenge with this hash exists, started by {@code
   * clientHash}, is unexpired at {@code now} and has had fewer than {@code maxAttempts} attempts,
   * adds one to its attempts and returns it as updated; else returns empty and writes nothing. Of
   * any number of racing callers, at most {@code maxAttempts} minus the attempts already made get
   * a challenge.
   */
  Optional<MfaChallengeRecord> takeChallengeAttempt(String challengeHash, String clientHash,
      Instant now, int maxAttempts);

  /**
   * Spends the challenge: deletes it when it exists and is unexpired at {@code now}. {@code true}
   * for exactly one of any callers racing with one challenge.
   */
  boolean completeChallenge(String challengeHash, Instant now);

  /** Deletes the challenge (its last attempt failed); whether there was one. */
  boolean deleteChallenge(String challengeHash);
}
