package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-account signin throttle: failures counted per account across addresses, refused before
 * hashing past the threshold, alike for an unknown email, exponential back-off, and device tokens
 * that let the owner in during an attack; and signin's per-IP budget spent by failures only.
 */
class SigninThrottleTest extends EngineTestBase {
  private static final int THRESHOLD = 20;

  @Override
  JanuaConfig.Builder config() {
    return super.config().rateLimitEnabled(true);
  }

  /** One answer of a signin, as a client sees it (the timing: hashed or not). */
  record Answer(String type, String code, int status, String message, long retryAfter,
      int remaining, int hashes) {}

  private Answer attempt(String email, String password, String ip, String deviceToken) {
    int before = metrics.passwordHashes.get();
    try {
      engine.signin(email, password, new ClientInfo(ip, "attacker"), deviceToken);
      return new Answer("success", "", 200, "", 0, -1, metrics.passwordHashes.get() - before);
    } catch (JanuaException e) {
      long retry = e instanceof SigninThrottledException t ? t.retryAfterSeconds()
          : e instanceof RateLimitedException r ? r.retryAfterSeconds() : 0;
      return new Answer(e.getClass().getSimpleName(), e.code(), e.httpStatus(), e.getMessage(),
          retry, e.rateLimit().map(RateLimitDecision::remaining).orElse(-1),
          metrics.passwordHashes.get() - before);
    }
  }

  /** 300 guesses at one email, each from its own address, at one instant. */
  private List<Answer> guesses(String email) {
    List<Answer> out = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      out.add(attempt(email, "wrong guess " + i, "10.7." + (i / 250) + "." + (i % 250 + 1), null));
    }
    return out;
  }

  @Test
  void signin_300GuessesFrom300Addresses_atMostTheThresholdReachBcrypt_unknownEmailAlike() {
    String email = email();
    engine.signup(email, PASSWORD, CLIENT, null);
    int before = metrics.passwordHashes.get();
    List<Answer> existing = guesses(email);
    assertThat(metrics.passwordHashes.get() - before).isEqualTo(THRESHOLD);
    assertThat(existing.subList(0, THRESHOLD)).allSatisfy(a -> {
      assertThat(a.code()).isEqualTo("invalid_credentials");
      assertThat(a.hashes()).isEqualTo(1);
    });
    assertThat(existing.subList(THRESHOLD, 300)).allSatisfy(a -> {
      assertThat(a.type()).isEqualTo("SigninThrottledException");
      assertThat(a.code()).isEqualTo("signin_throttled");
      assertThat(a.status()).isEqualTo(429);
      assertThat(a.retryAfter()).isEqualTo(60);
      assertThat(a.hashes()).isZero();
      assertThat(a.message()).doesNotContain(email);
    });

    // The same run a day later (every window passed) against an email nobody has: same answers.
    clock.advance(Duration.ofDays(1));
    before = metrics.passwordHashes.get();
    List<Answer> unknown = guesses(email());
    assertThat(metrics.passwordHashes.get() - before).isEqualTo(THRESHOLD);
    assertThat(unknown).isEqualTo(existing);
  }

  @Test
  void signin_ownersKnownDevice_signsInDuringTheAttack() {
    String email = email();
    engine.signup(email, PASSWORD, CLIENT, null);
    AuthResult first = engine.signin(email, PASSWORD, CLIENT);
    String device = first.deviceToken();
    assertThat(device).startsWith(AccountThrottle.DEVICE_PREFIX);

    guesses(email);
    // Without the device: refused like the attacker, before hashing.
    assertThat(attempt(email, PASSWORD, "192.0.2.1", null).code()).isEqualTo("signin_throttled");
    // With it, from any address: the password is still checked, then the owner is in.
    Answer wrong = attempt(email, "not the password", "192.0.2.2", device);
    assertThat(wrong.code()).isEqualTo("invalid_credentials");
    assertThat(wrong.hashes()).isEqualTo(1);
    AuthResult r = engine.signin(email, PASSWORD, new ClientInfo("192.0.2.3", "owner"), device);
    assertThat(r.user().id()).isEqualTo(first.user().id());
    assertThat(r.deviceToken()).isEqualTo(device);
    assertThat(store.devices().find(dev.janua.internal.OpaqueTokens.hash(device))).isPresent();
  }

  @Test
  void signin_deviceTokenOfAnotherAccountOrGarbage_doesNotPassTheThrottle() {
    String victim = email();
    engine.signup(victim, PASSWORD, CLIENT, null);
    String other = email();
    engine.signup(other, PASSWORD, CLIENT, null);
    String othersDevice = engine.signin(other, PASSWORD, CLIENT).deviceToken();
    guesses(victim);
    for (String token : new String[] {othersDevice, "jdv_" + "A".repeat(43), "garbage", ""}) {
      Answer a = attempt(victim, PASSWORD, "192.0.2.9", token);
      assertThat(a.code()).isEqualTo("signin_throttled");
      assertThat(a.hashes()).isZero();
    }
    // The other account's device still works for the other account.
    assertThat(engine.signin(other, PASSWORD, CLIENT, othersDevice).deviceToken())
        .isEqualTo(othersDevice);
  }

  @Test
  void signin_lockBacksOffExponentially_cappedAtTheWindow() {
    String email = email();
    engine.signup(email, PASSWORD, CLIENT, null);
    for (int i = 0; i < THRESHOLD; i++) {
      attempt(email, "wrong " + i, "10.9.0." + (i + 1), null);
    }
    long[] expected = {60, 120, 240, 480, 900, 900};
    for (int i = 0; i < expected.length; i++) {
      Answer locked = attempt(email, "wrong", "10.9.1." + (i + 1), null);
      assertThat(locked.retryAfter()).as("lock %d", i).isEqualTo(expected[i]);
      clock.advance(Duration.ofSeconds(expected[i]));
      // The lock is over: one more guess is hashed, fails, and locks for twice as long.
      assertThat(attempt(email, "wrong", "10.9.2." + (i + 1), null).code())
          .isEqualTo("invalid_credentials");
    }
    // A whole window after the last lock ended, the failures are forgotten: the owner gets in.
    clock.advance(Duration.ofMinutes(15 + 15));
    assertThat(engine.signin(email, PASSWORD, CLIENT).user().email()).isEqualTo(email);
  }

  @Test
  void signin_belowThreshold_ownerSignsIn_andSuccessDoesNotResetTheCount() {
    String email = email();
    engine.signup(email, PASSWORD, CLIENT, null);
    for (int i = 0; i < THRESHOLD - 1; i++) {
      attempt(email, "wrong " + i, "10.8.0." + (i + 1), null);
    }
    assertThat(engine.signin(email, PASSWORD, CLIENT).user().email()).isEqualTo(email);
    attempt(email, "wrong", "10.8.1.1", null);
    assertThat(attempt(email, PASSWORD, "10.8.1.2", null).code()).isEqualTo("signin_throttled");
  }

  @Test
  void deviceTokens_expire_andDieWithThePasswordChange() {
    String email = email();
    engine.signup(email, PASSWORD, CLIENT, null);
    AuthResult r = engine.signin(email, PASSWORD, CLIENT);
    String device = r.deviceToken();
    engine.users().changePassword(principal(r), PASSWORD, "another horse battery", CLIENT);
    assertThat(store.devices().find(dev.janua.internal.OpaqueTokens.hash(device))).isEmpty();
    guesses(email);
    assertThat(attempt(email, "another horse battery", "192.0.2.5", device).code())
        .isEqualTo("signin_throttled");

    String email2 = email();
    engine.signup(email2, PASSWORD, CLIENT, null);
    String device2 = engine.signin(email2, PASSWORD, CLIENT).deviceToken();
    clock.advance(Duration.ofDays(91));
    guesses(email2);
    assertThat(attempt(email2, PASSWORD, "192.0.2.6", device2).code())
        .isEqualTo("signin_throttled");
  }

  @Test
  void signin_successesDoNotSpendThePerIpBudget_failuresDo() {
    String email = email();
    engine.signup(email, PASSWORD, new ClientInfo("198.51.100.1", null), null);
    for (int i = 0; i < 30; i++) {
      assertThat(engine.signin(email, PASSWORD, CLIENT).rateLimit().remaining()).isEqualTo(10);
    }
    for (int i = 0; i < 10; i++) {
      Answer a = attempt(email, "wrong", CLIENT.ipAddress(), null);
      assertThat(a.code()).isEqualTo("invalid_credentials");
      assertThat(a.remaining()).isEqualTo(9 - i);
    }
    Answer refused = attempt(email, PASSWORD, CLIENT.ipAddress(), null);
    assertThat(refused.code()).isEqualTo("rate_limited");
    assertThat(refused.hashes()).isZero();
  }

  @Test
  void throttleOff_everyGuessIsHashed_noDeviceToken() {
    engine = engine(config().accountThrottleFailures(0).build());
    String email = email();
    engine.signup(email, PASSWORD, CLIENT, null);
    int before = metrics.passwordHashes.get();
    guesses(email);
    assertThat(metrics.passwordHashes.get() - before).isEqualTo(300);
    assertThat(engine.signin(email, PASSWORD, CLIENT).deviceToken()).isNull();
  }

  @Test
  void config_fromEnvironment_namesTheVariable() {
    JanuaConfig c = JanuaConfig.fromMap(Map.of("ACCOUNT_THROTTLE_FAILURES", "5",
        "ACCOUNT_THROTTLE_WINDOW_MINUTES", "30", "DEVICE_TOKEN_DAYS", "30"));
    assertThat(c.accountThrottleFailures()).isEqualTo(5);
    assertThat(c.accountThrottleWindow()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.deviceTokenTtl()).isEqualTo(Duration.ofDays(30));
    JanuaConfig d = JanuaConfig.fromMap(Map.of());
    assertThat(d.accountThrottleFailures()).isEqualTo(20);
    assertThat(d.accountThrottleWindow()).isEqualTo(Duration.ofMinutes(15));
    assertThat(d.deviceTokenTtl()).isEqualTo(Duration.ofDays(90));
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("ACCOUNT_THROTTLE_FAILURES", "-1")))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("ACCOUNT_THROTTLE_FAILURES");
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("DEVICE_TOKEN_DAYS", "0")))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("DEVICE_TOKEN_DAYS");
  }
}
