package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.internal.PasswordHasher;
import dev.janua.spi.MetricsRecorder;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordAndSigninTest extends EngineTestBase {

  @Test
  void signup_normalizesEmail_andSignsIn() {
    AuthResult r = engine.signup("  Grace.Hopper@Example.COM ", PASSWORD, CLIENT, " Grace ");
    assertThat(r.user().email()).isEqualTo("grace.hopper@example.com");
    assertThat(r.user().name()).isEqualTo("Grace");
    assertThat(r.user().enabled()).isTrue();
    assertThat(engine.signin("GRACE.HOPPER@example.com", PASSWORD, CLIENT).user().id()).isEqualTo(r.user().id());
    assertThat(metrics.signups).containsExactly("success");
    assertThat(metrics.signins).containsExactly("success");
  }

  @Test
  void signup_duplicateEmail_conflictWithoutHashing() {
    String email = email();
    engine.signup(email, PASSWORD, CLIENT, null);
    int before = metrics.passwordHashes.get();
    assertThatThrownBy(() -> engine.signup(email.toUpperCase(), PASSWORD, CLIENT, null))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> {
          assertThat(((ConflictException) e).field()).isEqualTo("email");
          assertThat(((JanuaException) e).httpStatus()).isEqualTo(409);
        });
    assertThat(metrics.passwordHashes.get()).isEqualTo(before);
    assertThat(metrics.signups).containsExactly("success", "conflict");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plainaddress", "a@b", "a b@example.com", "a@@example.com",
      "a@example..com", "@example.com"})
  void signup_badEmail_validationErrorNamingEmail(String email) {
    assertThatThrownBy(() -> engine.signup(email, PASSWORD, CLIENT, null))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("email"));
  }

  @Test
  void signup_passwordPolicy_8to128Characters() {
    assertThatThrownBy(() -> engine.signup(email(), "1234567", CLIENT, null))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("password"))
        .hasMessageNotContaining("1234567");
    assertThatThrownBy(() -> engine.signup(email(), "x".repeat(129), CLIENT, null))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("password"));
    assertThatThrownBy(() -> engine.signup(email(), null, CLIENT, null)).isInstanceOf(ValidationException.class);
    assertThat(engine.signup(email(), "Qz7!kP2m", CLIENT, null)).isNotNull();
    assertThat(engine.signup(email(), PasswordPolicyTest.LONGEST, CLIENT, null)).isNotNull();
    // Characters, not bytes: 8 four-byte emoji are a valid password.
    assertThat(engine.signup(email(), "\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02\uD83D\uDE03"
        + "\uD83D\uDE04\uD83D\uDE05\uD83D\uDE06\uD83D\uDE07", CLIENT, null)).isNotNull();
  }

  @Test
  void passwordsSharingFirst72Bytes_doNotBothVerify() {
    String prefix = "p".repeat(72);
    String email = email();
    engine.signup(email, prefix + "-first", CLIENT, null);
    assertThat(engine.signin(email, prefix + "-first", CLIENT)).isNotNull();
    assertThatThrownBy(() -> engine.signin(email, prefix + "-second", CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThatThrownBy(() -> engine.signin(email, prefix, CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);
  }

  @Test
  void signin_unknownWrongDisabled_sameErrorAndSameHashingWork() {
    String email = email();
    AuthResult r = engine.signup(email, PASSWORD, CLIENT, null);
    String disabledEmail = email();
    AuthResult d = engine.signup(disabledEmail, PASSWORD, CLIENT, null);
    engine.users().setEnabled(d.user().id(), false);

    int unknown = hashesFor(() -> engine.signin(email(), PASSWORD, CLIENT));
    int wrong = hashesFor(() -> engine.signin(email, "not the password", CLIENT));
    int disabled = hashesFor(() -> engine.signin(disabledEmail, PASSWORD, CLIENT));
    int tooShort = hashesFor(() -> engine.signin(email, "short", CLIENT));
    int noEmail = hashesFor(() -> engine.signin(null, PASSWORD, CLIENT));
    assertThat(unknown).isEqualTo(1);
    assertThat(wrong).isEqualTo(1);
    assertThat(disabled).isEqualTo(1);
    assertThat(tooShort).isEqualTo(1);
    assertThat(noEmail).isEqualTo(1);
    assertThat(metrics.signins).containsOnly("invalid_credentials");
    assertThat(r).isNotNull();
  }

  private int hashesFor(Runnable signin) {
    int before = metrics.passwordHashes.get();
    assertThatThrownBy(signin::run)
        .isExactlyInstanceOf(InvalidCredentialsException.class)
        .hasMessage("Invalid email or password")
        .satisfies(e -> {
          assertThat(((JanuaException) e).code()).isEqualTo("invalid_credentials");
          assertThat(((JanuaException) e).httpStatus()).isEqualTo(401);
        });
    return metrics.passwordHashes.get() - before;
  }

  @Test
  void signin_storedCostDiffers_rehashedAtConfiguredCost() {
    String email = email();
    engine.signup(email, PASSWORD, CLIENT, null);
    String oldHash = store.users().findByEmail(email).orElseThrow().passwordHash();
    assertThat(PasswordHasher.costOf(oldHash)).isEqualTo(4);

    AuthEngine stronger = engine(config().bcryptRounds(5).build());
    int before = metrics.passwordHashes.get();
    stronger.signin(email, PASSWORD, CLIENT);
    assertThat(metrics.passwordHashes.get() - before).isEqualTo(2); // verify + rehash
    String newHash = store.users().findByEmail(email).orElseThrow().passwordHash();
    assertThat(PasswordHasher.costOf(newHash)).isEqualTo(5);
    assertThat(newHash).isNotEqualTo(oldHash);

    before = metrics.passwordHashes.get();
    stronger.signin(email, PASSWORD, CLIENT);
    assertThat(metrics.passwordHashes.get() - before).isEqualTo(1); // no rehash now
    assertThat(engine.signin(email, PASSWORD, CLIENT)).isNotNull(); // old cost engine still verifies
  }

  @Test
  void signin_reEnabledAccount_worksAgain() {
    String email = email();
    AuthResult r = engine.signup(email, PASSWORD, CLIENT, null);
    engine.users().setEnabled(r.user().id(), false);
    assertThatThrownBy(() -> engine.validate(r.tokens().accessToken())).isInstanceOf(InvalidTokenException.class);
    engine.users().setEnabled(r.user().id(), true);
    assertThat(engine.signin(email, PASSWORD, CLIENT)).isNotNull();
    assertThatThrownBy(() -> engine.users().setEnabled("no-such-user", true)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void hasher_slotsTaken_busyAfterQueueTimeout_freedSlotServes() throws Exception {
    java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(2, true);
    PasswordHasher hasher = new PasswordHasher(4, slots, Duration.ofMillis(20), MetricsRecorder.noop());
    slots.acquire(2); // two long signins elsewhere hold both slots
    assertThatThrownBy(() -> hasher.hash(PASSWORD))
        .isInstanceOf(BusyException.class)
        .satisfies(e -> {
          assertThat(((JanuaException) e).code()).isEqualTo("busy");
          assertThat(((JanuaException) e).httpStatus()).isEqualTo(503);
        });
    assertThat(slots.availablePermits()).isZero(); // a refused call holds nothing
    slots.release();
    assertThat(hasher.verify(PASSWORD, hasher.hash(PASSWORD))).isTrue();
    assertThat(slots.availablePermits()).isEqualTo(1); // every call gave its slot back
  }
}
