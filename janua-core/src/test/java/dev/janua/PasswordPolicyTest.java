package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.janua.spi.PasswordHashSwap;
import dev.janua.spi.StoredUser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The password policy (NFKC, length, zxcvbn strength) and the input checks around signin. */
class PasswordPolicyTest extends EngineTestBase {
  /** "Crème brûlée à la minute" with precomposed letters (NFC) ... */
  static final String COMPOSED = "Cr\u00e8me br\u00fbl\u00e9e \u00e0 la minute";
  /** ... and with combining accents (NFD): the same password to a person. */
  static final String DECOMPOSED = "Cre\u0300me bru\u0302le\u0301e a\u0300 la minute";

  /** 128 characters, strong enough. */
  static final String LONGEST = "correct horse battery staple, ".repeat(4) + "Qz7!kP2m";

  @Test
  void signup_composedPassword_signinWithDecomposedFormAndBack() {
    assertThat(COMPOSED).isNotEqualTo(DECOMPOSED);
    String a = email();
    engine.signup(a, COMPOSED, CLIENT, null);
    assertThat(engine.signin(a, DECOMPOSED, CLIENT)).isNotNull();
    String b = email();
    engine.signup(b, DECOMPOSED, CLIENT, null);
    assertThat(engine.signin(b, COMPOSED, CLIENT)).isNotNull();
    // Compatibility forms too: full-width letters are their ASCII letters.
    String c = email();
    engine.signup(c, "\uff43\uff4f\uff52\uff52\uff45\uff43\uff54 horse battery", CLIENT, null);
    assertThat(engine.signin(c, PASSWORD, CLIENT)).isNotNull();
  }

  @Test
  void signin_hashOfUnnormalizedPassword_signsInAndIsRehashedInNfkcForm() {
    // A hash stored before normalization: bcrypt of the typed (decomposed) bytes.
    String email = email();
    engine.signup(email, PASSWORD, CLIENT, null);
    StoredUser user = store.users().findByEmail(email).orElseThrow();
    String legacy = BCrypt.with(BCrypt.Version.VERSION_2A).hashToString(4,
        DECOMPOSED.toCharArray());
    assertThat(store.users().replacePasswordHash(user.id(),
        new PasswordHashSwap(user.passwordHash(), legacy), clock.instant())).isTrue();
    assertThatThrownBy(() -> engine.signin(email, COMPOSED, CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);

    int before = metrics.passwordHashes.get();
    assertThat(engine.signin(email, DECOMPOSED, CLIENT)).isNotNull();
    assertThat(metrics.passwordHashes.get() - before).isEqualTo(3); // NFKC, typed form, rehash
    String rehashed = store.users().findByEmail(email).orElseThrow().passwordHash();
    assertThat(rehashed).isNotEqualTo(legacy);
    assertThat(BCrypt.verifyer().verify(COMPOSED.getBytes(StandardCharsets.UTF_8),
        rehashed.getBytes(StandardCharsets.US_ASCII)).verified).isTrue();
    assertThat(engine.signin(email, COMPOSED, CLIENT)).isNotNull();
    assertThat(engine.signin(email, DECOMPOSED, CLIENT)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"iloveyou", "12345678", "password1234", "qwertyuiop"})
  void signup_commonPassword_tooWeakWithoutEchoingIt(String weak) {
    assertThatThrownBy(() -> engine.signup(email(), weak, CLIENT, null))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("too_weak")
        .hasMessageNotContaining(weak)
        .satisfies(e -> {
          assertThat(((ValidationException) e).field()).isEqualTo("password");
          assertThat(((ValidationException) e).rule()).isEqualTo("too_weak");
        });
  }

  @Test
  void signup_passwordBuiltFromOwnEmail_tooWeak_strongForAnotherAccount() {
    String mine = "marguerite.yourcenar";
    assertThatThrownBy(() -> engine.signup(mine + "@example.com", mine, CLIENT,
        "Marguerite Yourcenar"))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).rule()).isEqualTo("too_weak"));
    assertThat(engine.signup(email(), mine, CLIENT, null)).isNotNull();
  }

  @Test
  void minScoreZero_acceptsCommonPassword_defaultEngineStillSignsItIn() {
    AuthEngine lax = engine(config().passwordMinScore(0).build());
    String email = email();
    lax.signup(email, "password", CLIENT, null);
    // Signin applies no strength check: a password set under an older policy keeps working.
    assertThat(engine.signin(email, "password", CLIENT)).isNotNull();
  }

  @Test
  void lengthRules_namedAndCountedAfterNormalization() {
    assertThat(rule(() -> engine.signup(email(), "Qz7!kP2", CLIENT, null))).isEqualTo("too_short");
    assertThat(rule(() -> engine.signup(email(), null, CLIENT, null))).isEqualTo("required");
    assertThat(rule(() -> engine.signup(email(), LONGEST + "x", CLIENT, null)))
        .isEqualTo("too_long");
    assertThat(engine.signup(email(), LONGEST, CLIENT, null)).isNotNull();
    // U+FDFA is one character that NFKC spells with 18: 8 of them are too long once normalized.
    assertThat(rule(() -> engine.signup(email(), "\ufdfa".repeat(8), CLIENT, null)))
        .isEqualTo("too_long");
    // Hostile input is refused before it is normalized.
    assertThat(rule(() -> engine.signup(email(), "x".repeat(65_536), CLIENT, null)))
        .isEqualTo("too_long");
  }

  @Test
  void changePasswordAndReset_applyTheSamePolicyAsNewPassword() {
    AuthResult r = signup();
    Principal p = principal(r);
    assertThatThrownBy(() -> engine.users().changePassword(p, PASSWORD, "password1234", CLIENT))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> {
          assertThat(((ValidationException) e).field()).isEqualTo("new_password");
          assertThat(((ValidationException) e).rule()).isEqualTo("too_weak");
        });
    assertThat(rule(() -> engine.users().changePassword(p, PASSWORD, "short", CLIENT)))
        .isEqualTo("too_short");
    engine.users().changePassword(p, PASSWORD, COMPOSED, CLIENT);
    assertThat(engine.signin(r.user().email(), DECOMPOSED, CLIENT)).isNotNull();
  }

  @Test
  void signin_malformedOrOverlongEmail_invalidCredentialsAndOneDecoyHash() {
    int before = metrics.passwordHashes.get();
    for (String bad : new String[] {"not an email", "a@b", "x".repeat(65_536) + "@example.com",
        "\uff41@example.com", "a".repeat(250) + "@example.com"}) {
      assertThatThrownBy(() -> engine.signin(bad, PASSWORD, CLIENT))
          .isExactlyInstanceOf(InvalidCredentialsException.class);
    }
    assertThat(metrics.passwordHashes.get() - before).isEqualTo(5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Ann\u202Eevil", "\u2066Ann", "Ann\u200F", "An\u0007n", "Ann\nBob",
      "A\u061Cnn"})
  void displayName_controlOrBidiCharacter_refusedOnName(String name) {
    assertThatThrownBy(() -> engine.signup(email(), PASSWORD, CLIENT, name))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("name"));
    AuthResult r = signup();
    assertThatThrownBy(() -> engine.users().updateProfile(principal(r), name))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("name"));
    // Right-to-left text itself is fine; only the invisible formatting characters are refused.
    assertThat(engine.signup(email(), PASSWORD, CLIENT, "\u05d3\u05e0\u05d4 Ann").user().name())
        .isEqualTo("\u05d3\u05e0\u05d4 Ann");
  }

  private static String rule(Runnable call) {
    try {
      call.run();
    } catch (ValidationException e) {
      return String.valueOf(e.rule());
    }
    throw new AssertionError("no ValidationException");
  }
}
