package dev.janua;

import dev.janua.spi.AuditStore;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Accounts ({@code engine.users()}): lookups, password change, enabling, the audit log. */
public final class Users {
  private final Accounts accounts;
  private final SessionTokens sessions;
  private final AuditStore audit;
  private final Runner runner;

  Users(Accounts accounts, SessionTokens sessions, AuditStore audit, Runner runner) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.audit = audit;
    this.runner = runner;
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

  /** Audit events, newest first (an administrative read: check the caller's rights first). */
  public List<AuditEvent> auditEvents(AuditQuery query) {
    return runner.run(Operation.USERS, null, call -> audit.query(query));
  }
}
