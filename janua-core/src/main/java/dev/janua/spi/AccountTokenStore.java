package dev.janua.spi;

import dev.janua.AuditEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * One-time account tokens: password reset, email verification and email change links. Only the
 * SHA-256 of a token is stored. Every operation is atomic on its own; a token is spent at most
 * once, also when two requests present it at the same moment (on one instance or several).
 */
public interface AccountTokenStore {

  /**
   * Stores a new token and records the event, deleting the user's unused tokens of the same
   * purpose in the same step: a newer link supersedes older ones.
   */
  void issue(AccountToken token, AuditEvent event);

  /** The token with this hash, used or not (a read, for building the audit event). */
  Optional<AccountToken> find(String tokenHash);

  /**
   * Spends a {@link AccountTokenPurpose#PASSWORD_RESET} token and, in the same step, sets the
   * user's new password hash, revokes every live session of the user (and with them their refresh
   * tokens) and records the event. Of concurrent calls with one token at most one is {@link
   * AccountTokenOutcome#DONE}.
   *
   * @return {@code DONE}, or {@code INVALID_TOKEN} (nothing written) when the token is unknown, of
   *     another purpose, used, superseded or expired at {@code now}
   */
  AccountTokenOutcome resetPassword(String tokenHash, String newPasswordHash, Instant now,
      AuditEvent event);

  /**
   * Spends a {@link AccountTokenPurpose#EMAIL_VERIFICATION} token and, in the same step, marks the
   * user's email verified (as {@link UserStore#markEmailVerified} does) and records the event.
   *
   * @return {@code DONE}; {@code INVALID_TOKEN}; or {@code EMAIL_CHANGED} when the account's email
   *     is no longer the token's (nothing written)
   */
  AccountTokenOutcome verifyEmail(String tokenHash, Instant now, AuditEvent event);

  /**
   * Spends an {@link AccountTokenPurpose#EMAIL_CHANGE} token and, in the same step, switches the
   * user's email to the token's address, marked verified at {@code now}, deletes the user's other
   * unused tokens (links sent to the old address stop working) and records the event. The unique
   * email rule holds under races: of two accounts switching to one address, or a switch racing a
   * signup, exactly one gets it.
   *
   * @return {@code DONE}; {@code INVALID_TOKEN}; or {@code EMAIL_TAKEN} when another account has
   *     the address (nothing written, the token stays unused)
   */
  AccountTokenOutcome changeEmail(String tokenHash, Instant now, AuditEvent event);
}
