package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.Notification.SecurityEvent;
import dev.janua.spi.Store;
import dev.janua.testing.CapturingNotifier;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Password reset, email verification and change, profile update and deletion, on the engine. */
class AccountFlowsTest extends EngineTestBase {
  private static final String NEW_PASSWORD = "a brand new passphrase";

  CapturingNotifier notifier;
  /** "aggregate.method" of every store call, in order. */
  final List<String> storeCalls = new CopyOnWriteArrayList<>();

  @Override
  JanuaConfig.Builder config() {
    return super.config().emailVerification(true);
  }

  @Override
  AuthEngine engine(JanuaConfig config) {
    notifier = new CapturingNotifier();
    return AuthEngine.builder().config(config).store(counting(store)).clock(clock).keyRing(KEYS)
        .metrics(metrics).notifier(notifier)
        .deliveryPolicy(new DeliveryPolicy(2, Duration.ZERO, 100)).build();
  }

  /** The store, with every call of every aggregate written down. */
  private Store counting(Store target) {
    InvocationHandler aggregates = (proxy, method, args) -> {
      Object aggregate = method.invoke(target);
      return Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {method.getReturnType()}, (p, m, a) -> {
            storeCalls.add(method.getName() + "." + m.getName());
            try {
              return m.invoke(aggregate, a);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    };
    return (Store) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Store.class}, aggregates);
  }

  static String token(String link) {
    return link.substring(link.indexOf("token=") + "token=".length());
  }

  private String resetToken(String email) throws InterruptedException {
    engine.users().requestPasswordReset(email, CLIENT);
    Notification.PasswordReset r = notifier.next(Notification.PasswordReset.class);
    assertThat(r.recipient()).isEqualTo(email);
    return token(r.link());
  }

  private AuthResult signupVerified() throws InterruptedException {
    AuthResult r = engine.signup(email(), PASSWORD, CLIENT, "Test");
    engine.users().verifyEmail(token(notifier.next(Notification.EmailVerification.class).link()),
        CLIENT);
    return r;
  }

  @Nested
  class PasswordReset {
    @Test
    void reset_setsPasswordRevokesEverythingNotifiesAndAuditsBothSteps() throws Exception {
      AuthResult a = signupVerified();
      String email = a.user().email();
      String token = resetToken(email);
      assertThat(token).hasSize(43);
      engine.users().resetPassword(token, NEW_PASSWORD, CLIENT);
      assertThatThrownBy(() -> engine.validate(a.tokens().accessToken()))
          .isInstanceOf(InvalidTokenException.class);
      assertThatThrownBy(() -> engine.refresh(a.tokens().refreshToken(), CLIENT))
          .isInstanceOf(InvalidTokenException.class);
      assertThatThrownBy(() -> engine.signin(email, PASSWORD, CLIENT))
          .isInstanceOf(InvalidCredentialsException.class);
      assertThat(engine.signin(email, NEW_PASSWORD, CLIENT).user().id()).isEqualTo(a.user().id());
      Notification.SecurityNotice notice = notifier.next(Notification.SecurityNotice.class);
      assertThat(notice.event()).isEqualTo(SecurityEvent.PASSWORD_RESET);
      assertThat(notice.recipient()).isEqualTo(email);
      assertThat(engine.users().auditEvents(AuditQuery.forUser(a.user().id(), 20)))
          .extracting(AuditEvent::type)
          .contains(AuditEventType.PASSWORD_RESET_REQUESTED, AuditEventType.PASSWORD_RESET);
    }

    @Test
    void reset_linkIsBuiltFromThePublicBaseUrlAndStoredOnlyHashed() throws Exception {
      AuthResult a = signup();
      engine.users().requestPasswordReset(a.user().email(), CLIENT);
      Notification.PasswordReset r = notifier.next(Notification.PasswordReset.class);
      assertThat(r.link()).startsWith("http://localhost:4100/reset-password?token=");
      assertThat(r.expiresAt()).isEqualTo(clock.instant().truncatedTo(
          java.time.temporal.ChronoUnit.MICROS).plus(Duration.ofMinutes(30)));
      String secret = token(r.link());
      assertThat(store.accountTokens().find(secret)).isEmpty();
      assertThat(store.accountTokens().find(AccountLinks.hash(secret))).isPresent();
    }

    @Test
    void reset_usedExpiredSupersededUnknownOrMalformed_oneErrorCode() throws Exception {
      AuthResult a = signup();
      String email = a.user().email();
      String first = resetToken(email);
      String second = resetToken(email);
      assertInvalid(first); // superseded
      engine.users().resetPassword(second, NEW_PASSWORD, CLIENT);
      assertInvalid(second); // used
      String third = resetToken(email);
      clock.advance(Duration.ofMinutes(30));
      assertInvalid(third); // expired
      assertInvalid(AccountLinks.generate()); // unknown
      assertInvalid("not-a-token"); // malformed
    }

    private void assertInvalid(String token) {
      assertThatThrownBy(() -> engine.users().resetPassword(token, NEW_PASSWORD, CLIENT))
          .isInstanceOf(InvalidAccountTokenException.class)
          .satisfies(e -> assertThat(((JanuaException) e).code()).isEqualTo("invalid_account_token"));
    }

    @Test
    void reset_weakPassword_refusedNamingNewPassword_tokenStillUsable() throws Exception {
      AuthResult a = signup();
      String token = resetToken(a.user().email());
      assertThatThrownBy(() -> engine.users().resetPassword(token, "short", CLIENT))
          .isInstanceOf(ValidationException.class)
          .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("new_password"));
      // The strength check with the account's own email as an input: its local part is too weak.
      String own = a.user().email().substring(0, a.user().email().indexOf('@'));
      for (String weak : new String[] {"password1234", own}) {
        assertThatThrownBy(() -> engine.users().resetPassword(token, weak, CLIENT))
            .isInstanceOf(ValidationException.class)
            .hasMessageNotContaining(weak)
            .satisfies(e -> {
              assertThat(((ValidationException) e).field()).isEqualTo("new_password");
              assertThat(((ValidationException) e).rule()).isEqualTo("too_weak");
            });
      }
      engine.users().resetPassword(token, NEW_PASSWORD, CLIENT);
    }

    @Test
    void signin_malformedEmail_invalidCredentialsWithoutAnyStoreRead() {
      storeCalls.clear();
      for (String bad : new String[] {"not an email", "x".repeat(65_536) + "@example.com"}) {
        assertThatThrownBy(() -> engine.signin(bad, PASSWORD, CLIENT))
            .isExactlyInstanceOf(InvalidCredentialsException.class);
      }
      assertThat(storeCalls).doesNotContain("users.findByEmail", "users.findById",
          "users.findCredentialsByEmail", "users.findCredentialsById");
    }

    @Test
    void request_unknownDisabledOrEnabled_sameAnswerSameStoreWork_mailOnlyForTheEnabled()
        throws Exception {
      AuthResult disabled = signup();
      engine.users().setEnabled(disabled.user().id(), false);
      AuthResult enabled = signup();
      List<List<String>> work = new java.util.ArrayList<>();
      for (String email : List.of("nobody-" + email(), disabled.user().email(),
          enabled.user().email())) {
        storeCalls.clear();
        RateLimitDecision d = engine.users().requestPasswordReset(email, CLIENT);
        assertThat(d.category()).isEqualTo(RateLimitCategory.PASSWORD_RESET);
        work.add(List.copyOf(storeCalls));
      }
      // One read, then one write: the token with its event, or the event alone.
      assertThat(work).allSatisfy(calls -> assertThat(calls).hasSize(2)
          .first().isEqualTo("users.findCredentialsByEmail"));
      assertThat(work.get(0).get(1)).isEqualTo("audit.append");
      assertThat(work.get(1).get(1)).isEqualTo("audit.append");
      assertThat(work.get(2).get(1)).isEqualTo("accountTokens.issue");
      // The first reset mail delivered is the enabled account's: none went to the others.
      assertThat(notifier.next(Notification.PasswordReset.class).recipient())
          .isEqualTo(enabled.user().email());
    }

    @Test
    void request_notifierFailing_callerSeesNothing() throws Exception {
      notifier.failFirst = Integer.MAX_VALUE;
      AuthResult a = signup();
      engine.users().requestPasswordReset(a.user().email(), CLIENT);
      engine.users().requestPasswordReset(a.user().email(), CLIENT);
    }

    @Test
    void request_malformedEmail_validationError() {
      assertThatThrownBy(() -> engine.users().requestPasswordReset("not an address", CLIENT))
          .isInstanceOf(ValidationException.class);
    }
  }

  @Nested
  class RateLimits {
    @BeforeEach
    void limited() {
      engine.close();
      engine = engine(config().rateLimitEnabled(true).build());
    }

    @Test
    void request_perAccount_limitedWhateverTheClient() {
      String email = "nobody-" + email();
      for (int i = 0; i < 5; i++) {
        engine.users().requestPasswordReset(email, new ClientInfo("198.51.100." + i, "junit"));
      }
      assertThatThrownBy(() -> engine.users().requestPasswordReset(email,
          new ClientInfo("198.51.100.99", "junit"))).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void request_perClient_limitedWhateverTheAccount() {
      for (int i = 0; i < 5; i++) {
        engine.users().requestPasswordReset(i + "-" + email(), CLIENT);
      }
      assertThatThrownBy(() -> engine.users().requestPasswordReset(email(), CLIENT))
          .isInstanceOf(RateLimitedException.class);
    }

    @Test
    void resendVerification_perAccount_limited() {
      AuthResult a = signup();
      Principal p = principal(a);
      for (int i = 0; i < 5; i++) {
        engine.users().resendVerification(p, new ClientInfo("198.51.100." + i, "junit"));
      }
      assertThatThrownBy(() -> engine.users().resendVerification(p,
          new ClientInfo("198.51.100.99", "junit"))).isInstanceOf(RateLimitedException.class);
    }
  }

  @Nested
  class EmailVerification {
    @Test
    void signup_sendsALink_followingItVerifies_onceOnly() throws Exception {
      AuthResult a = signup();
      assertThat(a.user().emailVerified()).isFalse();
      Notification.EmailVerification v = notifier.next(Notification.EmailVerification.class);
      assertThat(v.recipient()).isEqualTo(a.user().email());
      assertThat(v.emailChange()).isFalse();
      assertThat(v.link()).startsWith("http://localhost:4100/verify-email?token=");
      engine.users().verifyEmail(token(v.link()), CLIENT);
      User me = engine.users().me(principal(a));
      assertThat(me.emailVerified()).isTrue();
      assertThat(me.emailVerifiedAt()).isNotNull();
      assertThatThrownBy(() -> engine.users().verifyEmail(token(v.link()), CLIENT))
          .isInstanceOf(InvalidAccountTokenException.class);
    }

    @Test
    void signup_verificationOff_sendsNothing() throws Exception {
      engine.close();
      engine = engine(config().emailVerification(false).build());
      AuthResult a = signup();
      engine.users().requestPasswordReset(a.user().email(), CLIENT);
      assertThat(notifier.next()).isInstanceOf(Notification.PasswordReset.class);
    }

    @Test
    void resend_supersedesTheFirstLink_andNothingOnceVerified() throws Exception {
      AuthResult a = signup();
      String first = token(notifier.next(Notification.EmailVerification.class).link());
      engine.users().resendVerification(principal(a), CLIENT);
      String second = token(notifier.next(Notification.EmailVerification.class).link());
      assertThatThrownBy(() -> engine.users().verifyEmail(first, CLIENT))
          .isInstanceOf(InvalidAccountTokenException.class);
      engine.users().verifyEmail(second, CLIENT);
      engine.users().resendVerification(principal(a), CLIENT);
      engine.users().requestPasswordReset(a.user().email(), CLIENT);
      assertThat(notifier.next()).isInstanceOf(Notification.PasswordReset.class);
    }

    @Test
    void verification_expires() throws Exception {
      signup();
      String t = token(notifier.next(Notification.EmailVerification.class).link());
      clock.advance(Duration.ofHours(24));
      assertThatThrownBy(() -> engine.users().verifyEmail(t, CLIENT))
          .isInstanceOf(InvalidAccountTokenException.class);
    }

    @Test
    void requireVerified_refusesOnlyAfterThePasswordIsRight() throws Exception {
      engine.close();
      engine = engine(config().requireVerifiedEmail(true).build());
      AuthResult a = signup();
      String email = a.user().email();
      assertThatThrownBy(() -> engine.signin(email, "wrong password!", CLIENT))
          .isInstanceOf(InvalidCredentialsException.class);
      assertThatThrownBy(() -> engine.signin(email, PASSWORD, CLIENT))
          .isInstanceOf(EmailNotVerifiedException.class)
          .satisfies(e -> assertThat(((JanuaException) e).code()).isEqualTo("email_not_verified"));
      engine.users().verifyEmail(token(notifier.next(Notification.EmailVerification.class)
          .link()), CLIENT);
      assertThat(engine.signin(email, PASSWORD, CLIENT).user().emailVerified()).isTrue();
    }
  }

  @Nested
  class EmailChange {
    @Test
    void change_needsThePassword_verifiesTheNewAddressFirst_notifiesTheOldOne() throws Exception {
      AuthResult a = signupVerified();
      String old = a.user().email();
      String target = "new-" + email();
      Principal p = principal(a);
      assertThatThrownBy(() -> engine.users().requestEmailChange(p, target, "wrong password!",
          CLIENT)).isInstanceOf(InvalidCredentialsException.class);
      engine.users().requestEmailChange(p, target, PASSWORD, CLIENT);
      Notification.EmailVerification v = notifier.next(Notification.EmailVerification.class);
      assertThat(v.recipient()).isEqualTo(target);
      assertThat(v.emailChange()).isTrue();
      Notification.EmailChangeNotice n = notifier.next(Notification.EmailChangeNotice.class);
      assertThat(n.recipient()).isEqualTo(old);
      assertThat(n.newEmail()).isEqualTo(target);
      assertThat(engine.users().me(p).email()).isEqualTo(old); // not before the link is followed
      engine.users().verifyEmail(token(v.link()), CLIENT);
      User me = engine.users().me(p);
      assertThat(me.email()).isEqualTo(target);
      assertThat(me.emailVerified()).isTrue();
      Notification.SecurityNotice s = notifier.next(Notification.SecurityNotice.class);
      assertThat(s.recipient()).isEqualTo(old);
      assertThat(s.event()).isEqualTo(SecurityEvent.EMAIL_CHANGED);
      assertThat(engine.signin(target, PASSWORD, CLIENT)).isNotNull();
      assertThatThrownBy(() -> engine.signin(old, PASSWORD, CLIENT))
          .isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void change_addressTakenBeforeOrMeanwhile_conflict() throws Exception {
      AuthResult a = signupVerified();
      AuthResult other = signupVerified();
      assertThatThrownBy(() -> engine.users().requestEmailChange(principal(a),
          other.user().email(), PASSWORD, CLIENT)).isInstanceOf(ConflictException.class);
      String target = "new-" + email();
      engine.users().requestEmailChange(principal(a), target, PASSWORD, CLIENT);
      String link = notifier.next(Notification.EmailVerification.class).link();
      engine.signup(target, PASSWORD, CLIENT, null); // someone takes it meanwhile
      assertThatThrownBy(() -> engine.users().verifyEmail(token(link), CLIENT))
          .isInstanceOf(ConflictException.class)
          .satisfies(e -> assertThat(((ConflictException) e).field()).isEqualTo("email"));
      assertThat(engine.users().me(principal(a)).email()).isEqualTo(a.user().email());
    }

    @Test
    void change_toTheSameOrAMalformedAddress_validationNamingNewEmail() {
      AuthResult a = signup();
      assertThatThrownBy(() -> engine.users().requestEmailChange(principal(a), a.user().email(),
          PASSWORD, CLIENT)).isInstanceOf(ValidationException.class)
          .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("new_email"));
      assertThatThrownBy(() -> engine.users().requestEmailChange(principal(a), "nope", PASSWORD,
          CLIENT)).isInstanceOf(ValidationException.class)
          .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("new_email"));
    }
  }

  @Nested
  class ProfileAndDeletion {
    @Test
    void updateProfile_setsTheName() {
      AuthResult a = signup();
      assertThat(engine.users().updateProfile(principal(a), "  Ada  ").name()).isEqualTo("Ada");
      assertThat(engine.users().me(principal(a)).name()).isEqualTo("Ada");
    }

    @Test
    void changePassword_notifiesTheOwner() throws Exception {
      AuthResult a = signup();
      engine.users().changePassword(principal(a), PASSWORD, NEW_PASSWORD, CLIENT);
      Notification.SecurityNotice s = notifier.next(Notification.SecurityNotice.class);
      assertThat(s.event()).isEqualTo(SecurityEvent.PASSWORD_CHANGED);
      assertThat(s.recipient()).isEqualTo(a.user().email());
    }

    @Test
    void delete_needsThePassword_revokesErasesAndKeepsAPseudonymousTrail() throws Exception {
      AuthResult a = signup();
      String email = a.user().email();
      Principal p = principal(a);
      assertThatThrownBy(() -> engine.users().delete(p, "wrong password!", CLIENT))
          .isInstanceOf(InvalidCredentialsException.class);
      engine.users().delete(p, PASSWORD, CLIENT);
      assertThatThrownBy(() -> engine.validate(a.tokens().accessToken()))
          .isInstanceOf(InvalidTokenException.class);
      assertThatThrownBy(() -> engine.signin(email, PASSWORD, CLIENT))
          .isInstanceOf(InvalidCredentialsException.class);
      User left = engine.users().get(a.user().id());
      assertThat(left.email()).doesNotContain(email).endsWith("@deleted.invalid");
      assertThat(left.name()).isNull();
      assertThat(left.enabled()).isFalse();
      List<AuditEvent> trail = engine.users().auditEvents(AuditQuery.forUser(a.user().id(), 20));
      assertThat(trail).extracting(AuditEvent::type).first().isEqualTo(AuditEventType.USER_DELETED);
      assertThat(trail).allSatisfy(e -> assertThat(e.ipAddress()).isNull());
      assertThat(notifier.next(Notification.SecurityNotice.class).event())
          .isEqualTo(SecurityEvent.ACCOUNT_DELETED);
      // The address can sign up again, as a new account.
      assertThat(engine.signup(email, PASSWORD, CLIENT, null).user().id())
          .isNotEqualTo(a.user().id());
    }

    @Test
    void delete_lastOwner_refusedWithAClearError() {
      AuthResult a = signup();
      Organization org = engine.organizations().create(principal(a), "Acme", "acme-" + System.nanoTime());
      assertThatThrownBy(() -> engine.users().delete(principal(a), PASSWORD, CLIENT))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining(org.id())
          .satisfies(e -> assertThat(((ConflictException) e).field()).isEqualTo("organization"));
      assertThat(engine.users().me(principal(a)).email()).isEqualTo(a.user().email());
    }
  }
}
