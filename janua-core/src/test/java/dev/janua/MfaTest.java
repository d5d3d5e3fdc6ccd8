package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.janua.Notification.SecurityEvent;
import dev.janua.internal.Totp;
import dev.janua.spi.FactorRecord;
import dev.janua.testing.CapturingNotifier;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TOTP enrollment and verification, recovery codes, and disabling, on the in-memory store. */
class MfaTest extends EngineTestBase {
  private CapturingNotifier notifier;
  private String email;
  private AuthResult signedIn;
  private Principal p;

  @Override
  JanuaConfig.Builder config() {
    return super.config().mfaIssuer("Acme Corp");
  }

  @Override
  AuthEngine engine(JanuaConfig config) {
    notifier = new CapturingNotifier();
    return AuthEngine.builder().config(config).store(store).clock(clock).keyRing(KEYS)
        .metrics(metrics).notifier(notifier)
        .deliveryPolicy(new DeliveryPolicy(2, Duration.ZERO, 100)).build();
  }

  @BeforeEach
  void signedIn() {
    // 10 s into a step, so that "the current step" is unambiguous.
    clock.set(Instant.ofEpochSecond(Totp.step(clock.instant()) * 30 + 10));
    email = email();
    signedIn = engine.signup(email, PASSWORD, CLIENT, "Test");
    p = principal(signedIn);
  }

  private long step() {
    return Totp.step(clock.instant());
  }

  /** Enrolls and confirms; returns the secret and leaves the recovery codes in {@link #codes}. */
  private List<String> codes;

  private String enabled() {
    TotpEnrollment e = engine.mfa().beginTotpEnrollment(p);
    codes = engine.mfa().confirmTotp(p, Totp.code(e.secret(), step()));
    return e.secret();
  }

  private SecurityEvent nextNotice() throws InterruptedException {
    return notifier.next(Notification.SecurityNotice.class).event();
  }

  @Test
  void enrollmentUri_hasIssuerAccountAndParameters_authenticatorAppsExpect() {
    TotpEnrollment e = engine.mfa().beginTotpEnrollment(p);
    assertThat(e.secret()).matches("[A-Z2-7]{32}");
    assertThat(e.uri()).isEqualTo("otpauth://totp/Acme%20Corp:" + email.replace("@", "%40")
        + "?secret=" + e.secret() + "&issuer=Acme%20Corp&algorithm=SHA1&digits=6&period=30");
    assertThat(e.toString()).doesNotContain(e.secret());
    assertThat(engine.mfa().totpEnabled(p)).isFalse();
  }

  @Test
  void defaultIssuer_isTheHostOfTheIssuerUrl() {
    assertThat(JanuaConfig.builder().publicBaseUrl("https://auth.example.com").build().mfaIssuer())
        .isEqualTo("auth.example.com");
    assertThatThrownBy(() -> JanuaConfig.builder().mfaIssuer("a:b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MFA_ISSUER");
  }

  @Test
  void code_matchesRfc6238Vectors() {
    String secret = Totp.base32("12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(secret).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    assertThat(Totp.code(secret, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
    assertThat(Totp.code(secret, Totp.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
    assertThat(Totp.code(secret, Totp.step(Instant.ofEpochSecond(1234567890)))).isEqualTo("005924");
  }

  @Test
  void confirm_activatesOnlyWithARightCode_andReturnsTenCodes() throws Exception {
    TotpEnrollment e = engine.mfa().beginTotpEnrollment(p);
    String right = Totp.code(e.secret(), step());
    String wrong = right.equals("000000") ? "111111" : "000000";
    assertThatThrownBy(() -> engine.mfa().confirmTotp(p, wrong))
        .isInstanceOf(InvalidMfaCodeException.class).hasMessageNotContaining(wrong);
    assertThat(engine.mfa().totpEnabled(p)).isFalse();
    assertThatThrownBy(() -> engine.mfa().verifyTotp(p, right))
        .isInstanceOf(InvalidMfaCodeException.class);
    List<String> codes = engine.mfa().confirmTotp(p, right);
    assertThat(codes).hasSize(10).allMatch(c -> c.matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}"));
    assertThat(new HashSet<>(codes)).hasSize(10);
    assertThat(engine.mfa().totpEnabled(p)).isTrue();
    assertThat(engine.mfa().remainingRecoveryCodes(p)).isEqualTo(10);
    assertThat(nextNotice()).isEqualTo(SecurityEvent.TOTP_ENABLED);
    assertThatThrownBy(() -> engine.mfa().beginTotpEnrollment(p))
        .isInstanceOf(ConflictException.class);
    // The code that confirmed is spent.
    assertThatThrownBy(() -> engine.mfa().verifyTotp(p, right))
        .isInstanceOf(InvalidMfaCodeException.class);
    assertThat(engine.users().auditEvents(AuditQuery.forUser(p.userId(), 20)))
        .extracting(AuditEvent::type).contains(AuditEventType.TOTP_ENROLLMENT_STARTED,
            AuditEventType.TOTP_ENABLED);
  }

  @Test
  void confirm_withoutEnrollment_notFound_malformedCode_namesTheField() {
    assertThatThrownBy(() -> engine.mfa().confirmTotp(p, "123456"))
        .isInstanceOf(NotFoundException.class);
    engine.mfa().beginTotpEnrollment(p);
    for (String bad : new String[] {null, "", "12345", "1234567", "12a456"}) {
      assertThatThrownBy(() -> engine.mfa().confirmTotp(p, bad))
          .isInstanceOfSatisfying(ValidationException.class,
              v -> assertThat(v.field()).isEqualTo("code"));
    }
  }

  @Test
  void verify_acceptsTheCurrentStepAndOneEitherSide_only() {
    String secret = enabled();
    clock.advance(Duration.ofMinutes(10));
    long t = step();
    assertThatThrownBy(() -> engine.mfa().verifyTotp(p, Totp.code(secret, t - 2)))
        .isInstanceOf(InvalidMfaCodeException.class);
    assertThatThrownBy(() -> engine.mfa().verifyTotp(p, Totp.code(secret, t + 2)))
        .isInstanceOf(InvalidMfaCodeException.class);
    engine.mfa().verifyTotp(p, Totp.code(secret, t - 1));
    engine.mfa().verifyTotp(p, Totp.code(secret, t));
    engine.mfa().verifyTotp(p, Totp.code(secret, t + 1));
  }

  @Test
  void verify_refusesAReplay_andAnOlderCodeAfterANewerOne() {
    String secret = enabled();
    clock.advance(Duration.ofMinutes(5));
    String now = Totp.code(secret, step());
    engine.mfa().verifyTotp(p, now);
    assertThatThrownBy(() -> engine.mfa().verifyTotp(p, now))
        .isInstanceOf(InvalidMfaCodeException.class);
    assertThatThrownBy(() -> engine.mfa().verifyTotp(p, Totp.code(secret, step() - 1)))
        .isInstanceOf(InvalidMfaCodeException.class);
    clock.advance(Duration.ofSeconds(30));
    engine.mfa().verifyTotp(p, Totp.code(secret, step()));
    assertThat(engine.users().auditEvents(AuditQuery.forUser(p.userId(), 50)))
        .extracting(AuditEvent::type).contains(AuditEventType.TOTP_VERIFY_FAILED);
  }

  @Test
  void recoveryCodes_singleUse_notify_andRegenerateInvalidatesTheOldSet() throws Exception {
    enabled();
    assertThat(nextNotice()).isEqualTo(SecurityEvent.TOTP_ENABLED);
    assertThat(engine.mfa().useRecoveryCode(p, codes.get(0).toUpperCase())).isEqualTo(9);
    assertThat(nextNotice()).isEqualTo(SecurityEvent.RECOVERY_CODE_USED);
    assertThatThrownBy(() -> engine.mfa().useRecoveryCode(p, codes.get(0)))
        .isInstanceOf(InvalidMfaCodeException.class).hasMessageNotContaining(codes.get(0));
    assertThatThrownBy(() -> engine.mfa().useRecoveryCode(p, "not-a-code"))
        .isInstanceOfSatisfying(ValidationException.class,
            v -> assertThat(v.field()).isEqualTo("recovery_code"));
    // Regenerating needs a recent sign-in with the factor: a step-up with another code.
    assertThatThrownBy(() -> engine.mfa().regenerateRecoveryCodes(p))
        .isInstanceOfSatisfying(RecentAuthRequiredException.class,
            e -> assertThat(e.secondFactor()).isTrue());
    p = principal(engine.mfa().stepUp(p, MfaProof.recoveryCode(codes.get(5)), CLIENT));
    assertThat(nextNotice()).isEqualTo(SecurityEvent.RECOVERY_CODE_USED);
    List<String> fresh = engine.mfa().regenerateRecoveryCodes(p);
    assertThat(nextNotice()).isEqualTo(SecurityEvent.RECOVERY_CODES_REGENERATED);
    assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(codes);
    assertThatThrownBy(() -> engine.mfa().useRecoveryCode(p, codes.get(1)))
        .isInstanceOf(InvalidMfaCodeException.class);
    assertThat(engine.mfa().useRecoveryCode(p, fresh.get(1))).isEqualTo(9);
    // Only hashes are stored.
    assertThat(store.factors().useRecoveryCode(p.userId(), fresh.get(2).replace("-", ""),
        clock.instant(), new AuditEvent("x", AuditEventType.RECOVERY_CODE_USED, p.userId(), null,
            null, null, null, java.util.Map.of(), clock.instant()))).isFalse();
  }

  @Test
  void disable_needsARecentSignIn_andACode_thenAuditsAndNotifies() throws Exception {
    String secret = enabled();
    nextNotice();
    clock.advance(Duration.ofMinutes(16));
    Principal old = principal(engine.refresh(signedIn.tokens().refreshToken(), CLIENT));
    String code = Totp.code(secret, step());
    assertThatThrownBy(() -> engine.mfa().disableTotp(old, code))
        .isInstanceOf(RecentAuthRequiredException.class)
        .satisfies(e -> assertThat(((JanuaException) e).code())
            .isEqualTo("reauthentication_required"));
    assertThatThrownBy(() -> engine.mfa().regenerateRecoveryCodes(old))
        .isInstanceOf(RecentAuthRequiredException.class);
    assertThat(engine.mfa().totpEnabled(old)).isTrue();

    MfaRequiredException challenge = catchThrowableOfType(MfaRequiredException.class,
        () -> engine.signin(email, PASSWORD, CLIENT));
    Principal fresh = principal(engine.completeMfa(challenge.challenge(), MfaProof.totp(code),
        CLIENT));
    engine.mfa().requireRecentAuth(fresh, Duration.ofMinutes(1));
    clock.advance(Duration.ofSeconds(30));
    String next = Totp.code(secret, step());
    String wrong = next.equals("000000") ? "111111" : "000000";
    assertThatThrownBy(() -> engine.mfa().disableTotp(fresh, wrong))
        .isInstanceOf(InvalidMfaCodeException.class);
    assertThat(engine.mfa().totpEnabled(fresh)).isTrue();
    engine.mfa().disableTotp(fresh, next);
    assertThat(engine.mfa().totpEnabled(fresh)).isFalse();
    assertThat(engine.mfa().remainingRecoveryCodes(fresh)).isZero();
    assertThat(nextNotice()).isEqualTo(SecurityEvent.TOTP_DISABLED);
    assertThat(engine.users().auditEvents(AuditQuery.forUser(p.userId(), 50)))
        .extracting(AuditEvent::type).contains(AuditEventType.TOTP_DISABLED);
    assertThatThrownBy(() -> engine.mfa().disableTotp(fresh, next))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void disable_withARecoveryCode() {
    enabled();
    p = principal(engine.mfa().stepUp(p, MfaProof.recoveryCode(codes.get(2)), CLIENT));
    engine.mfa().disableTotp(p, codes.get(3));
    assertThat(store.factors().find(p.userId(), FactorRecord.TOTP)).isEmpty();
  }

  @Test
  void secret_isNotStoredAsTheBase32Text_whenAKeyEncryptionKeyIsSet() {
    engine = engine(config().keyEncryptionKey(
        java.util.Base64.getEncoder().encodeToString(new byte[32])).build());
    Principal q = principal(engine.signup(email(), PASSWORD, CLIENT, null));
    TotpEnrollment e = engine.mfa().beginTotpEnrollment(q);
    String stored = store.factors().find(q.userId(), FactorRecord.TOTP).orElseThrow().secret();
    assertThat(stored).startsWith("v1:").doesNotContain(e.secret());
    engine.mfa().confirmTotp(q, Totp.code(e.secret(), step()));
  }

  @Test
  void apiTokenPrincipal_isRefused() {
    assertThatThrownBy(() -> engine.mfa().beginTotpEnrollment(null))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void wrongCodes_spendTheUsersOwnBudget_notAnotherUsers() {
    AuthEngine limited = engine(config().rateLimitEnabled(true)
        .rateLimit(RateLimitCategory.AUTHENTICATION, new RateLimitRule(3, 60)).build());
    Principal p = limited.validate(
        limited.signup(email(), PASSWORD, CLIENT, "One").tokens().accessToken());
    TotpEnrollment first = limited.mfa().beginTotpEnrollment(p);
    limited.mfa().confirmTotp(p, Totp.code(first.secret(), step()));
    String wrong = wrongCode(first.secret());
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> limited.mfa().verifyTotp(p, wrong))
          .isInstanceOf(InvalidMfaCodeException.class);
    }
    assertThatThrownBy(() -> limited.mfa().verifyTotp(p, wrong))
        .isInstanceOf(RateLimitedException.class);
    // Another user (no client address either) still has a budget of its own.
    Principal other = limited.validate(
        limited.signup(email(), PASSWORD, CLIENT, "Other").tokens().accessToken());
    TotpEnrollment e = limited.mfa().beginTotpEnrollment(other);
    assertThatThrownBy(() -> limited.mfa().confirmTotp(other, wrongCode(e.secret())))
        .isInstanceOf(InvalidMfaCodeException.class);
    assertThat(limited.mfa().confirmTotp(other, Totp.code(e.secret(), step()))).hasSize(10);
    limited.close();
  }

  /** A code outside the window of {@code secret} (none of the three steps it accepts). */
  private String wrongCode(String secret) {
    for (int n = 0; ; n++) {
      String c = String.format("%06d", n);
      if (!c.equals(Totp.code(secret, step() - 1)) && !c.equals(Totp.code(secret, step()))
          && !c.equals(Totp.code(secret, step() + 1))) {
        return c;
      }
    }
  }
}
