package dev.janua;

import dev.janua.internal.Inputs;
import dev.janua.internal.PasswordHasher;
import dev.janua.internal.PasswordPolicy;
import dev.janua.spi.DeviceRecord;
import dev.janua.spi.PasswordHashSwap;
import dev.janua.spi.Store;
import dev.janua.spi.StoredUser;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accounts and passwords: signup, signin, password change, enabling and disabling. */
final class Accounts {
  private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);

  private final Store store;
  private final PasswordHasher hasher;
  private final SessionTokens sessions;
  private final AccountLifecycle lifecycle;
  private final PasswordPolicy policy;
  private final AccountThrottle throttle;
  private final MfaSignin mfa;

  Accounts(Store store, PasswordHasher hasher, SessionTokens sessions, AccountLifecycle lifecycle,
      PasswordPolicy policy, AccountThrottle throttle, MfaSignin mfa) {
    this.throttle = throttle;
    this.mfa = mfa;
    this.store = store;
    this.hasher = hasher;
    this.sessions = sessions;
    this.lifecycle = lifecycle;
    this.policy = policy;
  }

  AuthResult signup(String email, String password, @Nullable String name, Call call) {
    String normalized = Inputs.email(email);
    String displayName = Inputs.name(name, "name", false);
    String newPassword = policy.check(password, "password", normalized, displayName);
    if (store.users().findByEmail(normalized).isPresent()) {
      throw new ConflictException("email", "A user with this email already exists");
    }
    Instant now = call.now();
    StoredUser user = new StoredUser(Call.newId(), normalized, displayName, hasher.hash(newPassword),
        true, now, now);
    SessionTokens.NewSession s = sessions.newSession(user, call);
    // The account and its first session in one step: a failure leaves neither behind.
    store.users().createWithSession(user,
        call.event(AuditEventType.SIGNUP, user.id(), null, null, Map.of()), s.session(),
        s.firstToken(), call.event(AuditEventType.SIGNIN_SUCCEEDED, user.id(), s.session().id(),
            null, Map.of("method", "signup")));
    lifecycle.afterSignup(user, call);
    return sessions.result(s, user, call);
  }

  AuthResult signin(String email, String password, @Nullable String deviceToken, Call call) {
    // A malformed email or an out-of-bounds password never reaches the cache or the store, and
    // gets the answer and the bcrypt work of an unknown email. No strength check here: passwords
    // set under an older policy still sign in.
    String normalized = Inputs.validEmailOrNull(email);
    boolean fits = PasswordPolicy.withinBounds(password) != null;
    // The per-account throttle, before any hashing: without a known device, a locked account (or
    // unknown email) is refused here; a device of another account is checked once the user is read.
    String throttleKey = AccountThrottle.key(normalized, email);
    DeviceRecord device = throttle.device(deviceToken, call.now());
    if (device == null) {
      throttle.check(throttleKey, call.now());
    }
    // The hash and the enabled flag from the store of record, never from a cache tier.
    Optional<StoredUser> found = normalized == null || !fits
        ? Optional.empty() : store.users().findCredentialsByEmail(normalized);
    if (device != null && (found.isEmpty() || !found.get().id().equals(device.userId()))) {
      device = null;
      throttle.check(throttleKey, call.now());
    }
    if (found.isEmpty()) {
      throttle.failed(throttleKey, call.now());
      if (fits) {
        hasher.verifyPresentedDecoy(password);
      } else {
        hasher.verifyDecoy(null);
      }
      store.audit().append(call.event(AuditEventType.SIGNIN_FAILED, null, null, null,
          Map.of("reason", "invalid_credentials")));
      throw new InvalidCredentialsException();
    }
    StoredUser user = found.get();
    DeviceRecord known = device;
    PasswordHasher.Match match = hasher.verifyPresented(password, user.passwordHash());
    boolean verified = match != PasswordHasher.Match.NO;
    if (!verified || !user.enabled()) {
      throttle.failed(throttleKey, call.now());
      store.audit().append(call.event(AuditEventType.SIGNIN_FAILED, user.id(), null, null,
          Map.of("reason", verified ? "account_disabled" : "wrong_password")));
      throw new InvalidCredentialsException();
    }
    if (lifecycle.refusesUnverified(user)) {
      // Only now, with the password known right: nobody else learns the account exists.
      store.audit().append(call.event(AuditEventType.SIGNIN_FAILED, user.id(), null, null,
          Map.of("reason", "email_not_verified")));
      throw new EmailNotVerifiedException();
    }
    // Rehash when the cost changed, or when the hash predates NFKC normalization (it matched the
    // typed form only): the new hash is of the normalized form, so the other spelling works too.
    if (match == PasswordHasher.Match.LEGACY
        || PasswordHasher.costOf(user.passwordHash()) != hasher.cost()) {
      PasswordHashSwap swap = new PasswordHashSwap(user.passwordHash(), hasher.hash(password));
      if (store.users().replacePasswordHash(user.id(), swap, call.now())) {
        LOG.info("Rehashed the password of user {} at cost {}{}", user.id(), hasher.cost(),
            match == PasswordHasher.Match.LEGACY ? " in NFKC form" : "");
      }
    }
    // With a second factor: no session yet, but a challenge (unless this device is remembered).
    mfa.challengeIfRequired(user, deviceToken, call);
    AuthResult result = sessions.start(user, call, Map.of("method", "password"));
    String issued = throttle.deviceToken(user.id(), known, deviceToken, call.now());
    return issued == null ? result : result.withDeviceToken(issued);
  }

  void changePassword(Principal principal, @Nullable String currentPassword, String newPassword,
      Call call) {
    sessions.requireLive(principal);
    PasswordPolicy.checkLength(newPassword, "new_password");
    StoredUser user = store.users().findCredentialsById(principal.userId())
        .orElseThrow(InvalidCredentialsException::new);
    String checked = policy.check(newPassword, "new_password", user.email(), user.name());
    if (hasher.verifyPresented(currentPassword == null ? "" : currentPassword,
        user.passwordHash()) == PasswordHasher.Match.NO) {
      throw new InvalidCredentialsException();
    }
    store.users().changePassword(user.id(), hasher.hash(checked), call.now(), call.event(
        AuditEventType.PASSWORD_CHANGED, user.id(), principal.sessionId(), null, Map.of()));
    lifecycle.passwordChanged(user, call);
  }

  void setEnabled(String userId, boolean enabled, Call call) {
    String id = Inputs.id(userId, "user_id");
    if (!store.users().setEnabled(id, enabled, call.now(), call.event(
        enabled ? AuditEventType.USER_ENABLED : AuditEventType.USER_DISABLED, id, null, null,
        Map.of()))) {
      throw new NotFoundException("No such user");
    }
  }

  User user(String userId) {
    return store.users().findById(Inputs.id(userId, "user_id")).map(StoredUser::toUser)
        .orElseThrow(() -> new NotFoundException("No such user"));
  }
}
