package dev.janua.webauthn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janua.AuditEventType;
import dev.janua.AuditQuery;
import dev.janua.AuthEngine;
import dev.janua.ClientInfo;
import dev.janua.InvalidMfaCodeException;
import dev.janua.JanuaConfig;
import dev.janua.Principal;
import dev.janua.memory.InMemoryStore;
import dev.janua.testing.MutableClock;
import dev.janua.testing.SoftAuthenticator;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A passkey as the second factor of a sign-in: the three calls the MFA challenge makes. */
class PasskeyFactorTest {
  private static final String ORIGIN = PasskeysTest.ORIGIN;
  private static final ClientInfo CLIENT = PasskeysTest.CLIENT;
  private static final ObjectMapper JSON = new ObjectMapper();

  private MutableClock clock;
  private InMemoryStore store;
  private AuthEngine engine;
  private PasskeyFactorAccess factor;
  private Principal p;

  @BeforeEach
  void setUp() throws Exception {
    clock = MutableClock.startingAt2026();
    store = new InMemoryStore();
    JanuaConfig config = PasskeysTest.config().build();
    engine = AuthEngine.builder().config(config).store(store).clock(clock)
        .keyRing(PasskeysTest.KEYS).install(WebAuthnPlugin.create()).build();
    factor = new PasskeyFactorAccess(engine, clock);
    p = engine.validate(engine.signup("m-" + UUID.randomUUID() + "@example.com",
        PasskeysTest.PASSWORD, CLIENT).tokens().accessToken());
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private SoftAuthenticator registered(Principal who, SoftAuthenticator a) {
    engine.passkeys().register(who, a.create(engine.passkeys().registrationOptions(who)), null);
    return a;
  }

  @Test
  void enrolled_onlyWithAPasskey() {
    assertThat(factor.enrolled(p.userId())).isFalse();
    registered(p, new SoftAuthenticator(ORIGIN));
    assertThat(factor.enrolled(p.userId())).isTrue();
  }

  @Test
  void requestOptions_listTheUsersPasskeys_preferredUserVerification() throws Exception {
    SoftAuthenticator a = registered(p, new SoftAuthenticator(ORIGIN));
    JsonNode o = JSON.readTree(factor.requestOptions(p.userId()));
    assertThat(o.path("allowCredentials").findValuesAsText("id"))
        .containsExactly(a.credentialId());
    assertThat(o.path("userVerification").asText()).isEqualTo("preferred");
  }

  @Test
  void verify_syncedPasskey_swk_deviceBoundPasskey_hwk() {
    SoftAuthenticator synced = registered(p, new SoftAuthenticator(ORIGIN).backup(true, true));
    assertThat(factor.verify(p.userId(), synced.get(factor.requestOptions(p.userId()))))
        .isEqualTo("swk");
    String other = "n-" + UUID.randomUUID() + "@example.com";
    Principal q = engine.validate(engine.signup(other, PasskeysTest.PASSWORD, CLIENT).tokens()
        .accessToken());
    SoftAuthenticator key = registered(q, new SoftAuthenticator(ORIGIN).backup(false, false)
        .counter(1, true));
    assertThat(factor.verify(q.userId(), key.get(factor.requestOptions(q.userId()))))
        .isEqualTo("hwk");
    // No user verification needed for a second factor (a security key without a PIN).
    key.userVerifying(false);
    assertThat(factor.verify(q.userId(), key.get(factor.requestOptions(q.userId()))))
        .isEqualTo("hwk");
  }

  @Test
  void verify_anotherUsersPasskey_orChallenge_refused_andAudited() {
    SoftAuthenticator mine = registered(p, new SoftAuthenticator(ORIGIN));
    String other = "o-" + UUID.randomUUID() + "@example.com";
    Principal q = engine.validate(engine.signup(other, PasskeysTest.PASSWORD, CLIENT).tokens()
        .accessToken());
    registered(q, new SoftAuthenticator(ORIGIN));
    // The other user's challenge, answered with this user's passkey.
    String forQ = factor.requestOptions(q.userId());
    String answer = mine.assertion("auth.example.com", challenge(forQ));
    assertThatThrownBy(() -> factor.verify(q.userId(), answer))
        .isInstanceOf(InvalidMfaCodeException.class);
    // This user's own challenge, claimed for the other user.
    String own = mine.get(factor.requestOptions(p.userId()));
    assertThatThrownBy(() -> factor.verify(q.userId(), own))
        .isInstanceOf(InvalidMfaCodeException.class);
    assertThat(store.audit().query(AuditQuery.forUser(q.userId(), 20)))
        .extracting(e -> e.type()).contains(AuditEventType.PASSKEY_VERIFY_FAILED);
  }

  @Test
  void verify_signinChallenge_orReplay_refused() {
    SoftAuthenticator a = registered(p, new SoftAuthenticator(ORIGIN));
    String fromSignin = a.get(engine.passkeys().signinOptions(null, CLIENT));
    assertThatThrownBy(() -> factor.verify(p.userId(), fromSignin))
        .isInstanceOf(InvalidMfaCodeException.class);
    String once = a.get(factor.requestOptions(p.userId()));
    factor.verify(p.userId(), once);
    assertThatThrownBy(() -> factor.verify(p.userId(), once))
        .isInstanceOf(InvalidMfaCodeException.class);
  }

  @Test
  void verify_counterRegression_refused_andAudited() {
    SoftAuthenticator a = registered(p, new SoftAuthenticator(ORIGIN).counter(3, false));
    a.counter(4, false);
    factor.verify(p.userId(), a.get(factor.requestOptions(p.userId())));
    a.counter(4, false);
    String cloned = a.get(factor.requestOptions(p.userId()));
    assertThatThrownBy(() -> factor.verify(p.userId(), cloned))
        .isInstanceOf(InvalidMfaCodeException.class);
    assertThat(store.audit().query(AuditQuery.forUser(p.userId(), 20)))
        .extracting(e -> e.type()).contains(AuditEventType.PASSKEY_COUNTER_REGRESSION);
  }

  private static String challenge(String options) {
    try {
      return JSON.readTree(options).path("challenge").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
