package dev.janua;

import dev.janua.Notification.SecurityEvent;
import dev.janua.internal.Inputs;
import dev.janua.internal.PasswordHasher;
import dev.janua.internal.PasswordPolicy;
import dev.janua.spi.AccountToken;
import dev.janua.spi.AccountTokenOutcome;
import dev.janua.spi.AccountTokenPurpose;
import dev.janua.spi.Store;
import dev.janua.spi.StoredUser;
import dev.janua.spi.UserDeletion;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The account flows that go through the mailbox: password reset, email verification, email
 * change; and the profile update and deletion of an account. Messages leave through the {@link
 * Outbox}, never on the caller's time.
 */
final class AccountLifecycle {
  private final Store store;
  private final PasswordHasher hasher;
  private final SessionTokens sessions;
  private final Outbox outbox;
  private final RateLimiter limiter;
  private final JanuaConfig config;
  private final AccountLinks links;
  private final PasswordPolicy policy;

  AccountLifecycle(Store store, PasswordHasher hasher, SessionTokens sessions, Outbox outbox,
      RateLimiter limiter, JanuaConfig config, PasswordPolicy policy) {
    this.policy = policy;
    this.store = store;
    this.hasher = hasher;
    this.sessions = sessions;
    this.outbox = outbox;
    this.limiter = limiter;
    this.config = config;
    this.links = new AccountLinks(config);
  }

  private static RateLimitDecision admitted(Call call, RateLimitCategory category) {
    RateLimitDecision d = call.decision();
    return d != null ? d : RateLimitDecision.unlimited(category);
  }

  // ------------------------------------------------------------------ password reset

  /**
   * Whatever the address: one subject check, one token generated and hashed, one store read, one
   * store write (the token with its event, or the event alone), no message on the caller's time.
   */
  RateLimitDecision requestPasswordReset(String email, Call call) {
    String normalized = Inputs.email(email);
    limiter.checkSubjectOrThrow(RateLimitCategory.PASSWORD_RESET,
        AccountLinks.subject("email", normalized));
    String secret = AccountLinks.generate();
    String hash = AccountLinks.hash(secret);
    Instant now = call.now();
    Instant expiresAt = now.plus(config.passwordResetTtl());
    Optional<StoredUser> found = store.users().findCredentialsByEmail(normalized);
    if (found.isPresent() && found.get().enabled()) {
      StoredUser user = found.get();
      store.accountTokens().issue(new AccountToken(hash, AccountTokenPurpose.PASSWORD_RESET,
          user.id(), user.email(), now, expiresAt, null), call.event(
          AuditEventType.PASSWORD_RESET_REQUESTED, user.id(), null, null, Map.of()));
      outbox.send(new Notification.PasswordReset(user.email(), user.name(),
          links.resetPassword(secret), expiresAt));
    } else {
      store.audit().append(call.event(AuditEventType.PASSWORD_RESET_REQUESTED,
          found.map(StoredUser::id).orElse(null), null, null,
          Map.of("outcome", found.isPresent() ? "account_disabled" : "unknown_email")));
    }
    return admitted(call, RateLimitCategory.PASSWORD_RESET);
  }

  RateLimitDecision resetPassword(String token, String newPassword, Call call) {
    newPassword(newPassword);
    AccountToken t = usable(token, call.now()).filter(
        x -> x.purpose() == AccountTokenPurpose.PASSWORD_RESET)
        .orElseThrow(InvalidAccountTokenException::new);
    StoredUser user = store.users().findCredentialsById(t.userId()).filter(StoredUser::enabled)
        .orElseThrow(InvalidAccountTokenException::new);
    String checked = policy.check(newPassword, "new_password", user.email(), user.name());
    AccountTokenOutcome outcome = store.accountTokens().resetPassword(t.tokenHash(),
        hasher.hash(checked), call.now(),
        call.event(AuditEventType.PASSWORD_RESET, user.id(), null, null, Map.of()));
    if (outcome != AccountTokenOutcome.DONE) {
      throw new InvalidAccountTokenException();
    }
    outbox.send(new Notification.SecurityNotice(user.email(), SecurityEvent.PASSWORD_RESET,
        call.now()));
    return admitted(call, RateLimitCategory.PASSWORD_RESET);
  }

  /**
   * The new password against the policy's length rules, reported as {@code new_password} (the
   * strength check needs the account, so it follows once the token is known).
   */
  static void newPassword(@Nullable String newPassword) {
    PasswordPolicy.checkLength(newPassword, "new_password");
  }

  /** The stored token for a presented secret, if it is well formed, known, unused, unexpired. */
  private Optional<AccountToken> usable(@Nullable String token, Instant now) {
    if (!AccountLinks.wellFormed(token)) {
      return Optional.empty();
    }
    return store.accountTokens().find(AccountLinks.hash(token)).filter(t -> t.usableAt(now));
  }

  // ------------------------------------------------------------------ email verification

  /** Issues a verification link for the user's current address and sends it. */
  void sendVerification(StoredUser user, Call call) {
    String secret = AccountLinks.generate();
    Instant expiresAt = call.now().plus(config.emailVerificationTtl());
    store.accountTokens().issue(new AccountToken(AccountLinks.hash(secret),
        AccountTokenPurpose.EMAIL_VERIFICATION, user.id(), user.email(), call.now(), expiresAt,
        null), call.event(AuditEventType.EMAIL_VERIFICATION_SENT, user.id(), null, null,
        Map.of()));
    outbox.send(new Notification.EmailVerification(user.email(), user.name(),
        links.verifyEmail(secret), expiresAt, false));
  }

  RateLimitDecision resendVerification(Principal principal, Call call) {
    sessions.requireLive(principal);
    limiter.checkSubjectOrThrow(RateLimitCategory.PASSWORD_RESET,
        AccountLinks.subject("user", principal.userId()));
    StoredUser user = store.users().findById(principal.userId())
        .orElseThrow(() -> new NotFoundException("No such user"));
    if (!user.emailVerified()) {
      sendVerification(user, call);
    }
    return admitted(call, RateLimitCategory.PASSWORD_RESET);
  }

  /** Follows a {@code /verify-email} link: a plain verification or the switch of an email change. */
  RateLimitDecision verifyEmail(String token, Call call) {
    AccountToken t = usable(token, call.now()).orElseThrow(InvalidAccountTokenException::new);
    StoredUser user = store.users().findById(t.userId())
        .orElseThrow(InvalidAccountTokenException::new);
    if (t.purpose() == AccountTokenPurpose.EMAIL_VERIFICATION) {
      AccountTokenOutcome o = store.accountTokens().verifyEmail(t.tokenHash(), call.now(),
          call.event(AuditEventType.EMAIL_VERIFIED, user.id(), null, null, Map.of()));
      if (o != AccountTokenOutcome.DONE) {
        throw new InvalidAccountTokenException();
      }
    } else if (t.purpose() == AccountTokenPurpose.EMAIL_CHANGE) {
      AccountTokenOutcome o = store.accountTokens().changeEmail(t.tokenHash(), call.now(),
          call.event(AuditEventType.EMAIL_CHANGED, user.id(), null, null, Map.of()));
      if (o == AccountTokenOutcome.EMAIL_TAKEN) {
        throw new ConflictException("email", "Another account uses this email meanwhile");
      }
      if (o != AccountTokenOutcome.DONE) {
        throw new InvalidAccountTokenException();
      }
      outbox.send(new Notification.SecurityNotice(user.email(), SecurityEvent.EMAIL_CHANGED,
          call.now()));
    } else {
      throw new InvalidAccountTokenException();
    }
    return admitted(call, RateLimitCategory.USER_OPERATIONS);
  }

  // ------------------------------------------------------------------ email change

  RateLimitDecision requestEmailChange(Principal principal, String newEmail,
      @Nullable String currentPassword, Call call) {
    sessions.requireLive(principal);
    String target;
    try {
      target = Inputs.email(newEmail);
    } catch (ValidationException e) {
      throw new ValidationException("new_email", e.getMessage().replace("email", "new_email"));
    }
    StoredUser user = store.users().findCredentialsById(principal.userId())
        .orElseThrow(InvalidCredentialsException::new);
    if (hasher.verifyPresented(currentPassword == null ? "" : currentPassword,
        user.passwordHash()) == PasswordHasher.Match.NO) {
      throw new InvalidCredentialsException();
    }
    limiter.checkSubjectOrThrow(RateLimitCategory.PASSWORD_RESET,
        AccountLinks.subject("user", user.id()));
    if (target.equals(user.email())) {
      throw new ValidationException("new_email", "new_email is the account's email already");
    }
    if (store.users().findByEmail(target).isPresent()) {
      throw new ConflictException("email", "A user with this email already exists");
    }
    String secret = AccountLinks.generate();
    Instant expiresAt = call.now().plus(config.emailVerificationTtl());
    store.accountTokens().issue(new AccountToken(AccountLinks.hash(secret),
        AccountTokenPurpose.EMAIL_CHANGE, user.id(), target, call.now(), expiresAt, null),
        call.event(AuditEventType.EMAIL_CHANGE_REQUESTED, user.id(), principal.sessionId(), null,
            Map.of()));
    outbox.send(new Notification.EmailVerification(target, user.name(),
        links.verifyEmail(secret), expiresAt, true));
    outbox.send(new Notification.EmailChangeNotice(user.email(), target, call.now()));
    return admitted(call, RateLimitCategory.AUTHENTICATION);
  }

  // ------------------------------------------------------------------ profile and deletion

  User updateProfile(Principal principal, @Nullable String name, Call call) {
    sessions.requireLive(principal);
    String displayName = Inputs.name(name, "name", false);
    if (!store.users().updateName(principal.userId(), displayName, call.now(), call.event(
        AuditEventType.USER_UPDATED, principal.userId(), principal.sessionId(), null, Map.of()))) {
      throw new NotFoundException("No such user");
    }
    return store.users().findById(principal.userId()).map(StoredUser::toUser)
        .orElseThrow(() -> new NotFoundException("No such user"));
  }

  RateLimitDecision delete(Principal principal, @Nullable String password, Call call) {
    sessions.requireLive(principal);
    StoredUser user = store.users().findCredentialsById(principal.userId())
        .orElseThrow(InvalidCredentialsException::new);
    if (hasher.verifyPresented(password == null ? "" : password, user.passwordHash())
        == PasswordHasher.Match.NO) {
      throw new InvalidCredentialsException();
    }
    // What remains: the id (the audit log's pseudonym) and nothing that names the person.
    StoredUser tombstone = new StoredUser(user.id(), "deleted-" + user.id() + "@deleted.invalid",
        null, hasher.hash(AccountLinks.generate()), false, user.createdAt(), call.now(), null);
    UserDeletion d = store.users().delete(tombstone, call.now(), call.event(
        AuditEventType.USER_DELETED, user.id(), principal.sessionId(), null, Map.of()));
    switch (d.result()) {
      case DELETED -> outbox.send(new Notification.SecurityNotice(user.email(),
          SecurityEvent.ACCOUNT_DELETED, call.now()));
      case LAST_OWNER -> throw new ConflictException("organization", "You are the last owner of "
          + "organization " + d.organizationId() + ": make someone else an owner first");
      case NOT_FOUND -> throw new NotFoundException("No such user");
    }
    return admitted(call, RateLimitCategory.AUTHENTICATION);
  }

  /** Whether signin must refuse this (password-checked) user. */
  boolean refusesUnverified(StoredUser user) {
    return config.requireVerifiedEmail() && !user.emailVerified();
  }

  /** After signup: the verification link, when {@code EMAIL_VERIFICATION} is on. */
  void afterSignup(StoredUser user, Call call) {
    if (config.emailVerification()) {
      sendVerification(user, call);
    }
  }

  /** After a password change: tell the owner. */
  void passwordChanged(StoredUser user, Call call) {
    outbox.send(new Notification.SecurityNotice(user.email(), SecurityEvent.PASSWORD_CHANGED,
        call.now()));
  }
}
