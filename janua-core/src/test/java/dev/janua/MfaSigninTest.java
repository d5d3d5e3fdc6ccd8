package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.janua.Notification.SecurityEvent;
import dev.janua.internal.AccessGrant;
import dev.janua.internal.OpaqueTokens;
import dev.janua.internal.Totp;
import dev.janua.internal.TokenService;
import dev.janua.testing.CapturingNotifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sign-in with a second factor, remembered devices, amr/auth_time and step-up, in memory. */
class MfaSigninTest extends EngineTestBase {
  private static final ClientInfo OTHER = new ClientInfo("198.51.100.9", "junit");
  private CapturingNotifier notifier;
  private String email;
  private String secret;
  private List<String> codes;
  private Principal p;

  @Override
  JanuaConfig.Builder config() {
    return super.config().rateLimitEnabled(true);
  }

  @Override
  AuthEngine engine(JanuaConfig config) {
    notifier = new CapturingNotifier();
    return AuthEngine.builder().config(config).store(store).clock(clock).keyRing(KEYS)
        .metrics(metrics).notifier(notifier)
        .deliveryPolicy(new DeliveryPolicy(2, Duration.ZERO, 100)).build();
  }

  @BeforeEach
  void enrolled() {
    clock.set(Instant.ofEpochSecond(Totp.step(clock.instant()) * 30 + 10));
    enroll();
  }

  /** A new user with TOTP enabled; the clock one step on, so that codes of now are unspent. */
  private void enroll() {
    email = email();
    p = principal(engine.signup(email, PASSWORD, CLIENT, "Test"));
    TotpEnrollment e = engine.mfa().beginTotpEnrollment(p);
    secret = e.secret();
    codes = engine.mfa().confirmTotp(p, code());
    clock.advance(Duration.ofSeconds(30));
  }

  private String code() {
    return Totp.code(secret, Totp.step(clock.instant()));
  }

  private String wrong() {
    return code().equals("000000") ? "111111" : "000000";
  }

  private MfaRequiredException challenged(ClientInfo client, String deviceToken) {
    return catchThrowableOfType(MfaRequiredException.class,
        () -> engine.signin(email, PASSWORD, client, deviceToken));
  }

  private MfaRequiredException challenged() {
    return challenged(CLIENT, null);
  }

  private int liveSessions() {
    return store.sessions().live(p.userId(), clock.instant()).size();
  }

  @Test
  void signin_withTotp_throwsMfaRequired_withAChallengeAndNoTokens() {
    int before = liveSessions();
    MfaRequiredException e = challenged();
    assertThat(e.code()).isEqualTo("mfa_required");
    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(e.challenge()).startsWith("jmc_").hasSize(4 + 43);
    assertThat(e.methods()).containsExactly("totp", "recovery_code");
    assertThat(e.expiresAt()).isEqualTo(clock.instant().truncatedTo(
        java.time.temporal.ChronoUnit.MICROS).plusSeconds(300));
    assertThat(e.passkeyOptions()).isNull();
    assertThat(e.getMessage()).doesNotContain(e.challenge());
    assertThat(e.toString()).doesNotContain(e.challenge());
    assertThat(liveSessions()).isEqualTo(before);
    // Stored hashed: the raw challenge is no key, its SHA-256 is.
    assertThat(store.factors().completeChallenge(e.challenge(), clock.instant())).isFalse();
    assertThat(store.factors().completeChallenge(OpaqueTokens.hash(e.challenge()),
        clock.instant())).isTrue();
    assertThat(engine.users().auditEvents(AuditQuery.forUser(p.userId(), 50)))
        .extracting(AuditEvent::type).contains(AuditEventType.MFA_CHALLENGE_STARTED);
  }

  @Test
  void signin_withoutFactor_issuesTokens_amrPwd_authTimeNow() {
    AuthResult r = engine.signup(email(), PASSWORD, CLIENT, null);
    Principal q = principal(r);
    assertThat(q.amr()).containsExactly("pwd");
    assertThat(q.authTime()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(q.multiFactor()).isFalse();
    assertThat(r.session().amr()).containsExactly("pwd");
  }

  @Test
  void completeMfa_totp_issuesTokens_amrOtpMfa_andRefreshKeepsThem() {
    MfaRequiredException e = challenged();
    Instant signedInAt = clock.instant();
    AuthResult r = engine.completeMfa(e.challenge(), MfaProof.totp(code()), CLIENT);
    Principal q = principal(r);
    assertThat(q.userId()).isEqualTo(p.userId());
    assertThat(q.amr()).containsExactly("pwd", "otp", "mfa");
    assertThat(q.multiFactor()).isTrue();
    assertThat(q.authTime().getEpochSecond()).isEqualTo(signedInAt.getEpochSecond());
    assertThat(r.deviceToken()).startsWith("jdv_");
    assertThat(engine.users().auditEvents(AuditQuery.forUser(p.userId(), 50)))
        .anySatisfy(a -> {
          assertThat(a.type()).isEqualTo(AuditEventType.SIGNIN_SUCCEEDED);
          assertThat(a.details()).containsEntry("mfa", "totp");
        });
    clock.advance(Duration.ofMinutes(20));
    Principal refreshed = principal(engine.refresh(r.tokens().refreshToken(), CLIENT));
    assertThat(refreshed.amr()).containsExactly("pwd", "otp", "mfa");
    assertThat(refreshed.authTime().getEpochSecond()).isEqualTo(signedInAt.getEpochSecond());
    assertThat(refreshed.issuedAt()).isAfter(refreshed.authTime());
  }

  @Test
  void completeMfa_recoveryCode_amrPwdMfa_andNotifies() throws Exception {
    notifier.next(Notification.SecurityNotice.class);
    MfaRequiredException e = challenged();
    Principal q = principal(engine.completeMfa(e.challenge(),
        MfaProof.recoveryCode(codes.get(0)), CLIENT));
    assertThat(q.amr()).containsExactly("pwd", "mfa");
    assertThat(notifier.next(Notification.SecurityNotice.class).event())
        .isEqualTo(SecurityEvent.RECOVERY_CODE_USED);
    MfaRequiredException again = challenged();
    assertThatThrownBy(() -> engine.completeMfa(again.challenge(),
        MfaProof.recoveryCode(codes.get(0)), CLIENT)).isInstanceOf(InvalidMfaCodeException.class);
  }

  @Test
  void completeMfa_challengeIsSingleUse() {
    MfaRequiredException e = challenged();
    engine.completeMfa(e.challenge(), MfaProof.totp(code()), CLIENT);
    clock.advance(Duration.ofSeconds(30));
    assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.totp(code()), CLIENT))
        .isInstanceOfSatisfying(InvalidMfaChallengeException.class, x -> {
          assertThat(x.code()).isEqualTo("invalid_mfa_challenge");
          assertThat(x.httpStatus()).isEqualTo(401);
          assertThat(x.getMessage()).doesNotContain(e.challenge());
        });
  }

  @Test
  void completeMfa_afterFiveMinutes_invalidChallenge() {
    MfaRequiredException e = challenged();
    clock.advance(Duration.ofSeconds(300));
    assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.totp(code()), CLIENT))
        .isInstanceOf(InvalidMfaChallengeException.class);
  }

  @Test
  void completeMfa_challengeTtlIsConfigurable() {
    engine = engine(config().mfaChallengeTtl(Duration.ofSeconds(60)).build());
    MfaRequiredException e = challenged();
    assertThat(e.expiresAt()).isEqualTo(clock.instant().truncatedTo(
        java.time.temporal.ChronoUnit.MICROS).plusSeconds(60));
    clock.advance(Duration.ofSeconds(61));
    assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.totp(code()), CLIENT))
        .isInstanceOf(InvalidMfaChallengeException.class);
  }

  @Test
  void completeMfa_fromAnotherClient_invalidChallenge_theSignedInClientStillCompletes() {
    MfaRequiredException e = challenged();
    assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.totp(code()), OTHER))
        .isInstanceOf(InvalidMfaChallengeException.class);
    assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.totp(code()),
        new ClientInfo(CLIENT.ipAddress(), "another browser")))
        .isInstanceOf(InvalidMfaChallengeException.class);
    assertThat(principal(engine.completeMfa(e.challenge(), MfaProof.totp(code()), CLIENT))
        .multiFactor()).isTrue();
  }

  @Test
  void completeMfa_fifthWrongCodeEndsTheChallenge_andEachIsAudited() {
    MfaRequiredException e = challenged();
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.totp(wrong()), CLIENT))
          .isInstanceOf(InvalidMfaCodeException.class);
    }
    assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.totp(code()), CLIENT))
        .isInstanceOf(InvalidMfaChallengeException.class);
    assertThat(engine.users().auditEvents(AuditQuery.forUser(p.userId(), 100)))
        .filteredOn(a -> a.type() == AuditEventType.MFA_CHALLENGE_FAILED).hasSize(5);
  }

  @Test
  void completeMfa_fourWrongCodesThenTheRightOne_signsIn() {
    MfaRequiredException e = challenged();
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.totp(wrong()), CLIENT))
          .isInstanceOf(InvalidMfaCodeException.class);
    }
    assertThat(engine.completeMfa(e.challenge(), MfaProof.totp(code()), CLIENT).tokens())
        .isNotNull();
  }

  @Test
  void completeMfa_malformedInput_typedErrors_noAttemptSpent() {
    engine = engine(config().rateLimitEnabled(false).build());
    enroll();
    MfaRequiredException e = challenged();
    for (int i = 0; i < 6; i++) {
      assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.totp("12ab"), CLIENT))
          .isInstanceOfSatisfying(ValidationException.class,
              v -> assertThat(v.field()).isEqualTo("code"));
    }
    assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.recoveryCode("x"), CLIENT))
        .isInstanceOfSatisfying(ValidationException.class,
            v -> assertThat(v.field()).isEqualTo("recovery_code"));
    assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.passkey("{}"), CLIENT))
        .isInstanceOfSatisfying(ValidationException.class, v -> {
          assertThat(v.field()).isEqualTo("credential");
          assertThat(v.getMessage()).contains("not configured");
        });
    for (String bad : new String[] {null, "", "jmc_short", "jdv_" + e.challenge().substring(4)}) {
      assertThatThrownBy(() -> engine.completeMfa(bad, MfaProof.totp(code()), CLIENT))
          .isInstanceOf(InvalidMfaChallengeException.class);
    }
    assertThat(engine.completeMfa(e.challenge(), MfaProof.totp(code()), CLIENT)).isNotNull();
    assertThat(MfaProof.totp("123456").toString()).doesNotContain("123456");
    assertThat(MfaProof.recoveryCode(codes.get(1)).toString()).doesNotContain(codes.get(1));
  }

  @Test
  void completeMfa_wrongCodes_countForThePerAccountThrottle() {
    engine = engine(config().accountThrottleFailures(3).build());
    MfaRequiredException e = challenged();
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.totp(wrong()), CLIENT))
          .isInstanceOf(InvalidMfaCodeException.class);
    }
    // The account is locked now: the next signin is refused before hashing, and so is completion.
    assertThatThrownBy(() -> engine.signin(email, PASSWORD, OTHER))
        .isInstanceOf(SigninThrottledException.class);
    assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.totp(code()), CLIENT))
        .isInstanceOf(SigninThrottledException.class);
  }

  @Test
  void mfaRequired_doesNotSpendThePerIpBudget_wrongCodesDo() {
    int remaining = challenged().rateLimit().orElseThrow().remaining();
    for (int i = 0; i < 12; i++) {
      assertThat(challenged().rateLimit().orElseThrow().remaining()).isEqualTo(remaining);
    }
    MfaRequiredException e = challenged();
    for (int i = 0; i < 4; i++) {
      InvalidMfaCodeException x = catchThrowableOfType(InvalidMfaCodeException.class,
          () -> engine.completeMfa(e.challenge(), MfaProof.totp(wrong()), CLIENT));
      assertThat(x.rateLimit().orElseThrow().remaining()).isEqualTo(remaining - 1 - i);
    }
  }

  @Test
  void rememberDevice_skipsTheSecondFactor_untilForgotten() {
    AuthResult r = engine.completeMfa(challenged().challenge(), MfaProof.totp(code()), CLIENT,
        true);
    String device = r.deviceToken();
    assertThat(device).startsWith("jdv_");
    assertThat(store.devices().find(OpaqueTokens.hash(device)).orElseThrow()
        .mfaRememberedUntil()).isEqualTo(clock.instant().truncatedTo(
            java.time.temporal.ChronoUnit.MICROS).plus(Duration.ofDays(30)));
    AuthResult again = engine.signin(email, PASSWORD, OTHER, device);
    Principal q = principal(again);
    assertThat(q.amr()).containsExactly("pwd");
    assertThat(q.multiFactor()).isFalse();
    assertThat(again.deviceToken()).isEqualTo(device);
    // Without the token, or with one not remembered, the factor is asked for.
    challenged(OTHER, null);
    clock.advance(Duration.ofSeconds(30));
    String plain = engine.completeMfa(challenged().challenge(), MfaProof.totp(code()), CLIENT)
        .deviceToken();
    challenged(CLIENT, plain);

    assertThat(engine.mfa().forgetDevices(q)).isEqualTo(1);
    challenged(OTHER, device);
    assertThat(engine.users().auditEvents(AuditQuery.forUser(p.userId(), 100)))
        .extracting(AuditEvent::type).contains(AuditEventType.MFA_DEVICES_FORGOTTEN);
  }

  @Test
  void rememberDevice_presentedDeviceIsRemembered_andExpires() {
    clock.advance(Duration.ofSeconds(30));
    String device = engine.completeMfa(challenged().challenge(), MfaProof.totp(code()), CLIENT)
        .deviceToken();
    clock.advance(Duration.ofSeconds(30));
    AuthResult r = engine.completeMfa(challenged(CLIENT, device).challenge(),
        MfaProof.totp(code()), CLIENT, true);
    assertThat(r.deviceToken()).isEqualTo(device);
    engine.signin(email, PASSWORD, CLIENT, device);
    clock.advance(Duration.ofDays(30));
    challenged(CLIENT, device);
  }

  @Test
  void rememberDevice_cappedAtTheSessionLifetime_andForgottenByPasswordChangeAndDisable() {
    engine = engine(config().sessionMaxLifetime(Duration.ofDays(10))
        .refreshTokenTtl(Duration.ofDays(7)).build());
    assertThat(engine.config().mfaRemember()).isEqualTo(Duration.ofDays(10));
    AuthResult r = engine.completeMfa(challenged().challenge(), MfaProof.totp(code()), CLIENT,
        true);
    clock.advance(Duration.ofDays(10));
    challenged(CLIENT, r.deviceToken());

    clock.advance(Duration.ofSeconds(30));
    AuthResult s = engine.completeMfa(challenged().challenge(), MfaProof.totp(code()), CLIENT,
        true);
    // Turning TOTP off forgets the device: the store keeps it, not remembered.
    clock.advance(Duration.ofSeconds(30));
    engine.mfa().disableTotp(principal(s), code());
    assertThat(store.devices().find(OpaqueTokens.hash(s.deviceToken())).orElseThrow()
        .mfaRememberedUntil()).isNull();

    enroll();
    AuthResult t = engine.completeMfa(challenged().challenge(), MfaProof.totp(code()), CLIENT,
        true);
    engine.users().changePassword(principal(t), PASSWORD, "another horse battery", CLIENT);
    assertThat(catchThrowableOfType(MfaRequiredException.class, () -> engine.signin(email,
        "another horse battery", CLIENT, t.deviceToken()))).isNotNull();
  }

  @Test
  void rememberDevice_worksWithTheThrottleOff_andZeroDaysRemembersNothing() {
    engine = engine(config().accountThrottleFailures(0).build());
    AuthResult r = engine.completeMfa(challenged().challenge(), MfaProof.totp(code()), CLIENT,
        true);
    assertThat(r.deviceToken()).startsWith("jdv_");
    assertThat(engine.signin(email, PASSWORD, CLIENT, r.deviceToken()).tokens()).isNotNull();

    engine = engine(config().mfaRemember(Duration.ZERO).build());
    clock.advance(Duration.ofSeconds(30));
    AuthResult s = engine.completeMfa(challenged().challenge(), MfaProof.totp(code()), CLIENT,
        true);
    challenged(CLIENT, s.deviceToken());
  }

  @Test
  void config_fromEnvironment_namesTheVariable() {
    JanuaConfig c = ConfigFromEnv.read(Map.of("MFA_CHALLENGE_SECONDS", "120",
        "MFA_CHALLENGE_ATTEMPTS", "3", "MFA_REMEMBER_DAYS", "14"));
    assertThat(c.mfaChallengeTtl()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.mfaChallengeAttempts()).isEqualTo(3);
    assertThat(c.mfaRemember()).isEqualTo(Duration.ofDays(14));
    JanuaConfig d = JanuaConfig.builder().build();
    assertThat(d.mfaChallengeTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.mfaChallengeAttempts()).isEqualTo(5);
    assertThat(d.mfaRemember()).isEqualTo(Duration.ofDays(30));
    for (String[] bad : new String[][] {{"MFA_CHALLENGE_SECONDS", "10"},
        {"MFA_CHALLENGE_ATTEMPTS", "0"}, {"MFA_REMEMBER_DAYS", "500"}}) {
      assertThatThrownBy(() -> ConfigFromEnv.read(Map.of(bad[0], bad[1])))
          .isInstanceOf(JanuaConfigException.class).hasMessageContaining(bad[0]);
    }
  }

  @Test
  void attempts_areConfigurable() {
    engine = engine(config().mfaChallengeAttempts(2).build());
    MfaRequiredException e = challenged();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.totp(wrong()), CLIENT))
          .isInstanceOf(InvalidMfaCodeException.class);
    }
    assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.totp(code()), CLIENT))
        .isInstanceOf(InvalidMfaChallengeException.class);
  }

  // ---- step-up and recent authentication

  @Test
  void requireRecentAuth_withAFactor_needsMfaInAmr_stepUpGivesIt() {
    // p signed up with a password only; the user has TOTP since.
    assertThatThrownBy(() -> engine.mfa().requireRecentAuth(p, Duration.ofMinutes(15)))
        .isInstanceOfSatisfying(RecentAuthRequiredException.class,
            e -> assertThat(e.secondFactor()).isTrue());
    clock.advance(Duration.ofMinutes(5));
    AuthResult up = engine.mfa().stepUp(p, MfaProof.totp(code()), CLIENT);
    Principal q = principal(up);
    assertThat(q.sessionId()).isEqualTo(p.sessionId());
    assertThat(q.amr()).containsExactly("pwd", "otp", "mfa");
    assertThat(q.authTime().getEpochSecond()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(up.session().amr()).containsExactly("pwd", "otp", "mfa");
    engine.mfa().requireRecentAuth(q, Duration.ofMinutes(15));
    // The old access token still says what it said.
    assertThatThrownBy(() -> engine.mfa().requireRecentAuth(p, Duration.ofMinutes(15)))
        .isInstanceOf(RecentAuthRequiredException.class);
    // The session keeps it: a refresh of the step-up's token, and of the session's first one.
    clock.advance(Duration.ofMinutes(1));
    AuthResult next = engine.refresh(up.tokens().refreshToken(), CLIENT);
    Principal refreshed = principal(next);
    assertThat(refreshed.amr()).containsExactly("pwd", "otp", "mfa");
    assertThat(refreshed.authTime()).isEqualTo(q.authTime());
    engine.mfa().requireRecentAuth(refreshed, Duration.ofMinutes(15));
    // Too long ago: refused, and not for want of the factor.
    clock.advance(Duration.ofMinutes(15));
    Principal later = principal(engine.refresh(next.tokens().refreshToken(), CLIENT));
    assertThatThrownBy(() -> engine.mfa().requireRecentAuth(later, Duration.ofMinutes(15)))
        .isInstanceOfSatisfying(RecentAuthRequiredException.class,
            e -> assertThat(e.secondFactor()).isFalse());
    assertThat(engine.users().auditEvents(AuditQuery.forUser(p.userId(), 100)))
        .extracting(AuditEvent::type).contains(AuditEventType.MFA_STEP_UP);
  }

  @Test
  void requireRecentAuth_withoutAFactor_needsOnlyARecentSignIn() {
    Principal q = principal(engine.signup(email(), PASSWORD, CLIENT, null));
    engine.mfa().requireRecentAuth(q, Duration.ofMinutes(15));
    clock.advance(Duration.ofMinutes(16));
    assertThatThrownBy(() -> engine.mfa().requireRecentAuth(q, Duration.ofMinutes(15)))
        .isInstanceOf(RecentAuthRequiredException.class);
  }

  @Test
  void stepUp_wrongCode_refused_countsForTheThrottle_andKeepsTheSession() {
    engine = engine(config().accountThrottleFailures(2).build());
    enroll();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> engine.mfa().stepUp(p, MfaProof.totp(wrong()), CLIENT))
          .isInstanceOf(InvalidMfaCodeException.class);
    }
    assertThatThrownBy(() -> engine.signin(email, PASSWORD, OTHER))
        .isInstanceOf(SigninThrottledException.class);
    assertThat(store.sessions().find(p.sessionId()).orElseThrow().amr()).containsExactly("pwd");
  }

  @Test
  void stepUp_keepsTheActiveOrganization() {
    Organization org = engine.organizations().create(p, "Acme", "acme-" + System.nanoTime());
    AuthResult switched = engine.organizations().switchOrganization(p, org.id(), CLIENT);
    Principal inOrg = principal(switched);
    assertThat(inOrg.amr()).containsExactly("pwd");
    Principal up = principal(engine.mfa().stepUp(inOrg, MfaProof.totp(code()), CLIENT));
    assertThat(up.organizationId()).isEqualTo(org.id());
    assertThat(up.multiFactor()).isTrue();
    // An organization's token of the session says the same.
    Principal orgToken = engine.validate(engine.organizations().accessToken(up, org.id())
        .accessToken());
    assertThat(orgToken.amr()).containsExactly("pwd", "otp", "mfa");
    assertThat(orgToken.authTime()).isEqualTo(up.authTime());
  }

  // ---- the passkey hook

  /** A passkey factor for one user: "good" verifies as hwk, anything else fails. */
  private static final class FakePasskeys implements PasskeyFactor {
    final String userId;
    final List<String> verified = new ArrayList<>();

    FakePasskeys(String userId) {
      this.userId = userId;
    }

    @Override
    public boolean enrolled(String id) {
      return id.equals(userId);
    }

    @Override
    public String requestOptions(String id, Call call) {
      return "{\"challenge\":\"fake-" + id + "\"}";
    }

    @Override
    public String verify(String id, String credentialJson, Call call) {
      if (!"good".equals(credentialJson)) {
        throw new InvalidMfaCodeException();
      }
      verified.add(id);
      return "hwk";
    }
  }

  @Test
  void passkeyHook_offersPasskeys_completesWithHwk_andFailuresCountAsAttempts() {
    FakePasskeys fake = new FakePasskeys(p.userId());
    engine.usePasskeys(fake);
    MfaRequiredException e = challenged();
    assertThat(e.methods()).containsExactly("totp", "recovery_code", "passkey");
    assertThat(e.passkeyOptions()).isEqualTo("{\"challenge\":\"fake-" + p.userId() + "\"}");
    assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.passkey("bad"), CLIENT))
        .isInstanceOf(InvalidMfaCodeException.class);
    Principal q = principal(engine.completeMfa(e.challenge(), MfaProof.passkey("good"), CLIENT));
    assertThat(q.amr()).containsExactly("pwd", "hwk", "mfa");
    assertThat(fake.verified).containsExactly(p.userId());
    // Step-up with a passkey.
    Principal up = principal(engine.mfa().stepUp(p, MfaProof.passkey("good"), CLIENT));
    assertThat(up.amr()).containsExactly("pwd", "hwk", "mfa");
  }

  @Test
  void passkeyHook_passkeyOnlyUser_isChallenged_andNeedsMfaForRecentAuth() {
    Principal q = principal(engine.signup(email(), PASSWORD, CLIENT, null));
    String qEmail = engine.users().get(q.userId()).email();
    engine.usePasskeys(new FakePasskeys(q.userId()));
    MfaRequiredException e = catchThrowableOfType(MfaRequiredException.class,
        () -> engine.signin(qEmail, PASSWORD, CLIENT));
    assertThat(e.methods()).containsExactly("passkey");
    assertThatThrownBy(() -> engine.mfa().requireRecentAuth(q, Duration.ofMinutes(15)))
        .isInstanceOf(RecentAuthRequiredException.class);
  }

  // ---- claims on other principals

  @Test
  void apiTokenPrincipal_hasNoAmr() {
    Organization org = engine.organizations().create(p, "Acme", "acme-" + System.nanoTime());
    CreatedApiToken t = engine.apiTokens().create(p, org.id(), "ci", Set.of("org:read"),
        clock.instant().plus(Duration.ofDays(30)));
    Principal api = engine.authenticate(t.token());
    assertThat(api.amr()).isEmpty();
    assertThat(api.multiFactor()).isFalse();
    assertThat(api.authTime()).isEqualTo(api.issuedAt());
  }

  @Test
  void tokenWithoutTheClaims_stillValidates_amrEmpty_authTimeIsIssuedAt() {
    TokenService tokens = new TokenService(KEYS, null, clock, JanuaConfig.builder().build());
    String token = tokens.issue(AccessGrant.session("u", "s"), clock.instant()).token();
    var c = tokens.verify(token).claims();
    assertThat(c.amr()).isEmpty();
    assertThat(c.authTime()).isNull();
    String with = tokens.issue(AccessGrant.session("u", "s")
        .authenticated(List.of("pwd", "otp", "mfa"), Instant.ofEpochSecond(1_700_000_000)),
        clock.instant()).token();
    var d = tokens.verify(with).claims();
    assertThat(d.amr()).containsExactly("pwd", "otp", "mfa");
    assertThat(d.authTime()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
  }
}
