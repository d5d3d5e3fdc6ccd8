package dev.janua.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.InvalidTokenException;
import dev.janua.Organization;
import dev.janua.Principal;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitRule;
import dev.janua.RateLimitedException;
import dev.janua.TokenFailureReason;
import dev.janua.memory.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JanuaTestEngineTest {

  @Test
  void create_signupPrincipal_isValidatedByTheEngine() {
    try (JanuaTestEngine janua = JanuaTestEngine.create()) {
      Principal p = janua.signupPrincipal();
      assertThat(janua.engine().users().me(p).email()).startsWith("user-").endsWith("@example.com");
      assertThat(janua.store().users().findById(p.userId())).isPresent();
      assertThat(janua.engine().config().bcryptRounds()).isEqualTo(JanuaTestEngine.BCRYPT_ROUNDS);
    }
  }

  @Test
  void notifier_recordsWhatTheEngineDelivers_withItsLink() throws Exception {
    try (JanuaTestEngine t = JanuaTestEngine.create()) {
      AuthResult r = t.signup();
      dev.janua.Notification.EmailVerification v =
          t.notifier().next(dev.janua.Notification.EmailVerification.class);
      assertThat(v.recipient()).isEqualTo(r.user().email());
      t.engine().users().verifyEmail(RecordingNotifier.token(v.link()), JanuaTestEngine.CLIENT);
      assertThat(t.engine().users().get(r.user().id()).emailVerified()).isTrue();
    }
  }

  @Test
  void docsTestingExample_runsAsWritten() {
    // --- docs/testing.md engine fixture example begins ---
    try (JanuaTestEngine janua = JanuaTestEngine.create()) {
      Principal ada = janua.signupPrincipal();              // new user, unique email
      Organization org = janua.engine().organizations().create(ada, "Acme", "acme");
      assertThat(janua.engine().checkPermission(ada, org.id(), "members:create")).isTrue();

      janua.advance(Duration.ofMinutes(16));                 // past the 15-minute access token
      // janua.principal(result) now throws InvalidTokenException (EXPIRED)
    // --- docs/testing.md engine fixture example ends ---
      assertThat(janua.now()).isEqualTo(Instant.parse("2026-06-01T10:16:00Z"));
    }
  }

  @Test
  void signup_withEmailAndPassword_signinWorks() {
    try (JanuaTestEngine janua = JanuaTestEngine.create()) {
      AuthResult up = janua.signup("ada@example.com", "another good password");
      AuthResult in = janua.engine().signin("ada@example.com", "another good password", JanuaTestEngine.CLIENT);
      assertThat(in.user().id()).isEqualTo(up.user().id());
      assertThat(janua.principal(in).userId()).isEqualTo(up.user().id());
      assertThat(janua.signup("bob@example.com").user().email()).isEqualTo("bob@example.com");
    }
  }

  @Test
  void advance_movesTheEnginesTime_accessTokenExpires() {
    try (JanuaTestEngine janua = JanuaTestEngine.create()) {
      assertThat(janua.now()).isEqualTo(Instant.parse("2026-06-01T10:00:00Z"));
      AuthResult r = janua.signup();
      assertThat(r.session().createdAt()).isEqualTo(janua.now());
      janua.advance(Duration.ofMinutes(14));
      assertThat(janua.principal(r).userId()).isEqualTo(r.user().id());
      janua.advance(Duration.ofMinutes(2));
      assertThat(janua.now()).isEqualTo(Instant.parse("2026-06-01T10:16:00Z"));
      assertThatThrownBy(() -> janua.principal(r))
          .isInstanceOf(InvalidTokenException.class)
          .extracting(e -> ((InvalidTokenException) e).reason())
          .isEqualTo(TokenFailureReason.EXPIRED);
      // The refresh token lives on: a new pair at the new time.
      AuthResult refreshed = janua.engine().refresh(r.tokens().refreshToken(), JanuaTestEngine.CLIENT);
      assertThat(janua.principal(refreshed).issuedAt()).isEqualTo(janua.now());
    }
  }

  @Test
  void builder_sharedStoreAndClock_twoEnginesSeeOneAnother() {
    InMemoryStore store = new InMemoryStore();
    MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    try (JanuaTestEngine a = JanuaTestEngine.builder().store(store).clock(clock).build();
        JanuaTestEngine b = JanuaTestEngine.builder().store(store).clock(clock).build()) {
      AuthResult r = a.signup();
      assertThat(b.engine().signin(r.user().email(), JanuaTestEngine.PASSWORD, null).user().id())
          .isEqualTo(r.user().id());
      a.advance(Duration.ofHours(1));
      assertThat(b.now()).isEqualTo(Instant.parse("2030-01-01T01:00:00Z"));
      assertThat(a.store()).isSameAs(b.store());
    }
  }

  @Test
  void builder_config_customizesTheFixturesDefaults() {
    try (JanuaTestEngine janua = JanuaTestEngine.builder()
        .config(c -> c.rateLimitEnabled(true)
            .rateLimit(RateLimitCategory.AUTHENTICATION, new RateLimitRule(2, 100))).build()) {
      janua.signup();
      janua.signup();
      assertThatThrownBy(janua::signup).isInstanceOf(RateLimitedException.class);
      assertThat(janua.engine().config().bcryptRounds()).isEqualTo(JanuaTestEngine.BCRYPT_ROUNDS);
    }
  }

  @Test
  void close_closesTheEngine_twiceIsHarmless() {
    JanuaTestEngine janua = JanuaTestEngine.builder().start(Instant.parse("2027-03-04T05:06:07.123456789Z")).build();
    assertThat(janua.now()).isEqualTo(Instant.parse("2027-03-04T05:06:07.123456Z"));
    AuthEngine engine = janua.engine();
    janua.close();
    janua.close();
    assertThatThrownBy(janua::signup).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> engine.validate("x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void mutableClock_setAndAdvance() {
    MutableClock clock = MutableClock.startingAt2026();
    clock.advance(Duration.ofSeconds(90));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-06-01T10:01:30Z"));
    clock.set(Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z").toEpochMilli());
    assertThat(clock.withZone(java.time.ZoneId.of("Europe/Paris"))).isSameAs(clock);
    assertThat(clock).hasToString("MutableClock[2020-01-01T00:00:00Z]");
  }
}
