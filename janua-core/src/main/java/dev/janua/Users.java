package dev.janua;

import dev.janua.spi.AuditStore;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Accounts ({@code engine.users()}): lookups, password change and reset, email verification and
 * change, profile, deletion, enabling, the audit log.
 */
public final class Users {
  private final Accounts accounts;
  private final SessionTokens sessions;
  private final AuditStore audit;
  private final Runner runner;
  private final AccountLifecycle lifecycle;

  Users(Accounts accounts, SessionTokens sessions, AuditStore audit, Runner runner,
      AccountLifecycle lifecycle) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.audit = audit;
    this.runner = runner;
    this.lifecycle = lifecycle;
  }

  /**
   * A user by id.
   *
   * @throws NotFoundException when there is no such user
   */
  public User get(String userId) {
    return runner.run(Operation.USERS, null, call -> accounts.user(userId));
  }

  /**
   * The principal's user.
   *
   * @throws InvalidTokenException {@code session_revoked} when the principal's session has ended
   */
  public User me(Principal principal) {
    return runner.run(Operation.USERS, null, call -> {
      sessions.requireLiveAny(principal);
      return accounts.user(principal.userId());
    });
  }

  /**
   * Changes the principal's password after checking the current one, and revokes every session of
   * the user, this one included. Rate-limited as authentication (it checks a password).
   *
   * @throws InvalidCredentialsException when the current password is wrong
   * @throws ValidationException         (field {@code new_password}) when the new one breaks the policy
   * @throws RateLimitedException        over the authentication limit
   */
  public void changePassword(Principal principal, @Nullable String currentPassword,
      String newPassword, @Nullable ClientInfo client) {
    runner.runVoid(Operation.CHANGE_PASSWORD, client,
        call -> accounts.changePassword(principal, currentPassword, newPassword, call));
  }

  /**
   * Enables or disables an account; disabling revokes its sessions in the same step (an
   * administrative action: check the caller's rights first).
   *
   * @throws NotFoundException when there is no such user
   */
  public void setEnabled(String userId, boolean enabled) {
    runner.runVoid(Operation.USERS, null, call -> accounts.setEnabled(userId, enabled, call));
  }

  /**
   * Asks for a password reset link. The answer, the store work and the time taken are the same
   * whether the address belongs to an enabled account, a disabled one or none: only an enabled
   * account gets a {@link Notification.PasswordReset} (valid {@code PASSWORD_RESET_EXPIRE_MINUTES},
   * superseding earlier links), delivered asynchronously. Rate-limited by {@link
   * RateLimitCategory#PASSWORD_RESET} per client and per address.
   *
   * @param email  the address; trimmed and lower-cased
   * @param client who is calling ({@code null}: unknown)
   * @return the client's admitting rate-limit decision, for response headers
   * @throws ValidationException  (field {@code email}) when it is not an address
   * @throws RateLimitedException over the limit of the client or of the address
   */
  public RateLimitDecision requestPasswordReset(String email, @Nullable ClientInfo client) {
    return runner.run(Operation.PASSWORD_RESET_REQUEST, client,
        call -> lifecycle.requestPasswordReset(email, call));
  }

  /**
   * Sets a new password with the secret of a reset link. In one store step the link is spent (of
   * concurrent uses exactly one wins), the password replaced and every session and refresh token
   * of the user revoked; the user is told by a {@link Notification.SecurityNotice}.
   *
   * @param token       the {@code token} of the link
   * @param newPassword the new password (the signup policy)
   * @return the client's admitting rate-limit decision, for response headers
   * @throws InvalidAccountTokenException unknown, used, superseded or expired link
   * @throws ValidationException          (field {@code new_password}) against the policy
   * @throws RateLimitedException         over the password-reset limit
   */
  public RateLimitDecision resetPassword(String token, String newPassword,
      @Nullable ClientInfo client) {
    return runner.run(Operation.PASSWORD_RESET, client,
        call -> lifecycle.resetPassword(token, newPassword, call));
  }

  /**
   * Follows a {@code /verify-email} link: marks the address verified, or, for the link of an
   * email change, switches the account to the new (now verified) address and tells the old one.
   *
   * @return the client's admitting rate-limit decision, for response headers
   * @throws InvalidAccountTokenException unknown, used, superseded or expired link, or one sent to
   *     an address the account no longer has
   * @throws ConflictException            (field {@code email}) when another account took the new
   *     address meanwhile
   */
  public RateLimitDecision verifyEmail(String token, @Nullable ClientInfo client) {
    return runner.run(Operation.VERIFY_EMAIL, client, call -> lifecycle.verifyEmail(token, call));
  }

  /**
   * Sends a new verification link to the principal's address (superseding earlier ones); does
   * nothing when it is verified already. Rate-limited by {@link RateLimitCategory#PASSWORD_RESET}
   * per client and per account.
   *
   * @throws RateLimitedException  over a limit
   * @throws InvalidTokenException {@code session_revoked} when the principal's session has ended
   */
  public RateLimitDecision resendVerification(Principal principal, @Nullable ClientInfo client) {
    return runner.run(Operation.RESEND_VERIFICATION, client,
        call -> lifecycle.resendVerification(principal, call));
  }

  /**
   * Asks to change the principal's email: checks the current password, sends a verification link
   * to the new address (the switch happens when it is followed, see {@link #verifyEmail}) and an
   * {@link Notification.EmailChangeNotice} to the current one.
   *
   * @throws InvalidCredentialsException when the current password is wrong
   * @throws ValidationException         (field {@code new_email}) not an address, or the current one
   * @throws ConflictException           (field {@code email}) when another account has it
   * @throws RateLimitedException        over the authentication limit of the client, or the
   *     password-reset limit of the account
   */
  public RateLimitDecision requestEmailChange(Principal principal, String newEmail,
      @Nullable String currentPassword, @Nullable ClientInfo client) {
    return runner.run(Operation.CHANGE_EMAIL, client,
        call -> lifecycle.requestEmailChange(principal, newEmail, currentPassword, call));
  }

  /**
   * Sets the principal's display name.
   *
   * @param name the new name, {@code null} or blank to remove it
   * @return the user as it is now
   * @throws ValidationException (field {@code name}) when too long
   */
  public User updateProfile(Principal principal, @Nullable String name) {
    return runner.run(Operation.USERS, null, call -> lifecycle.updateProfile(principal, name, call));
  }

  /**
   * Deletes the principal's account after checking its password: every session is revoked, the
   * memberships and pending links removed, the email and name erased (the row keeps only its id,
   * the pseudonym the audit log refers to), and the IP addresses and user agents of the user's
   * audit events cleared. The address gets a last {@link Notification.SecurityNotice}.
   *
   * @throws InvalidCredentialsException when the password is wrong
   * @throws ConflictException           (field {@code organization}) when the user is the last
   *     owner of an organization
   * @throws RateLimitedException        over the authentication limit
   */
  public RateLimitDecision delete(Principal principal, @Nullable String password,
      @Nullable ClientInfo client) {
    return runner.run(Operation.DELETE_USER, client,
        call -> lifecycle.delete(principal, password, call));
  }

  /** Audit events, newest first (an administrative read: check the caller's rights first). */
  public List<AuditEvent> auditEvents(AuditQuery query) {
    return runner.run(Operation.USERS, null, call -> audit.query(query));
  }
}
