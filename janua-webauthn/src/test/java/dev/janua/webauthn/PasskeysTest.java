package dev.janua.webauthn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import dev.janua.AuditQuery;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.ConflictException;
import dev.janua.DeliveryPolicy;
import dev.janua.InvalidCredentialsException;
import dev.janua.JanuaConfig;
import dev.janua.JanuaConfigException;
import dev.janua.JanuaException;
import dev.janua.KeyRing;
import dev.janua.MfaProof;
import dev.janua.RecentAuthRequiredException;
import dev.janua.MfaRequiredException;
import dev.janua.InvalidMfaCodeException;
import dev.janua.Notification;
import dev.janua.NotFoundException;
import dev.janua.Passkey;
import dev.janua.Principal;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitRule;
import dev.janua.RateLimitedException;
import dev.janua.SigninThrottledException;
import dev.janua.ValidationException;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.PasswordHashSwap;
import dev.janua.spi.StoredUser;
import dev.janua.testing.MutableClock;
import dev.janua.testing.RecordingNotifier;
import dev.janua.testing.SoftAuthenticator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Passkeys end to end on the in-memory store: real ceremonies between a software authenticator
 * and webauthn4j through {@code engine.passkeys()}.
 */
class PasskeysTest {
  static final KeyRing KEYS = KeyRing.generate("ES256");
  static final String ORIGIN = "https://auth.example.com";
  static final String PASSWORD = "correct horse battery";
  static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "junit");
  private static final ObjectMapper JSON = new ObjectMapper();

  private MutableClock clock;
  private InMemoryStore store;
  private RecordingNotifier notifier;
  private AuthEngine engine;
  private String email;
  private Principal p;

  static JanuaConfig.Builder config() {
    return JanuaConfig.builder().publicBaseUrl(ORIGIN).bcryptRounds(4).rateLimitEnabled(false)
        .emailVerification(false).webAuthnRpName("Acme");
  }

  private AuthEngine engine(JanuaConfig config) {
    notifier = new RecordingNotifier();
    return AuthEngine.builder().config(config).store(store).clock(clock).keyRing(KEYS)
        .notifier(notifier).deliveryPolicy(new DeliveryPolicy(2, Duration.ZERO, 100))
        .install(WebAuthnPlugin.create()).build();
  }

  private void rebuild(UnaryOperator<JanuaConfig.Builder> change) {
    engine.close();
    engine = engine(change.apply(config()).build());
    // A principal belongs to the engine that made it.
    p = engine.validate(engine.signin(email, PASSWORD, CLIENT).tokens().accessToken());
  }

  @BeforeEach
  void setUp() {
    clock = MutableClock.startingAt2026();
    store = new InMemoryStore();
    engine = engine(config().build());
    email = "u-" + UUID.randomUUID() + "@example.com";
    p = engine.validate(engine.signup(email, PASSWORD, CLIENT, "Ada").tokens().accessToken());
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  /**
   * Signs in again with the password and {@code a} as the second factor: adding or removing
   * passkeys once the user has one needs a recent sign-in with it.
   */
  private void secondFactor(SoftAuthenticator a) {
    MfaRequiredException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        MfaRequiredException.class, () -> engine.signin(email, PASSWORD, CLIENT));
    p = engine.validate(engine.completeMfa(e.challenge(),
        MfaProof.passkey(a.get(e.passkeyOptions())), CLIENT).tokens().accessToken());
  }

  private SoftAuthenticator registered(Principal who, String name) {
    SoftAuthenticator a = new SoftAuthenticator(ORIGIN);
    engine.passkeys().register(who, a.create(engine.passkeys().registrationOptions(who)), name);
    return a;
  }

  private List<AuditEventType> audit(String userId) {
    List<AuditEventType> types = new ArrayList<>();
    for (AuditEvent e : store.audit().query(AuditQuery.forUser(userId, 100))) {
      types.add(e.type());
    }
    return types;
  }

  private static String userHandleOf(String userId) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(userId.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void registrationOptions_areLevel3Json_withTheUserHandleAndAFreshChallenge() throws Exception {
    JsonNode o = json(engine.passkeys().registrationOptions(p));
    assertThat(o.path("rp").path("id").asText()).isEqualTo("auth.example.com");
    assertThat(o.path("rp").path("name").asText()).isEqualTo("Acme");
    assertThat(o.path("user").path("id").asText()).isEqualTo(userHandleOf(p.userId()));
    assertThat(o.path("user").path("name").asText()).isEqualTo(email);
    assertThat(o.path("user").path("displayName").asText()).isEqualTo("Ada");
    assertThat(o.path("challenge").asText()).matches("[A-Za-z0-9_-]{43}");
    assertThat(o.path("pubKeyCredParams").findValuesAsText("alg")).containsExactly("-7", "-8",
        "-257");
    assertThat(o.path("authenticatorSelection").path("residentKey").asText())
        .isEqualTo("required");
    assertThat(o.path("attestation").asText()).isEqualTo("none");
    assertThat(o.path("timeout").asLong()).isEqualTo(300_000);
    assertThat(o.path("excludeCredentials").isArray()).isTrue();
    assertThat(json(engine.passkeys().registrationOptions(p)).path("challenge").asText())
        .isNotEqualTo(o.path("challenge").asText());
  }

  @Test
  void register_thenPasswordlessSignin_withoutEmail_issuesTokens_auditedAndNotified()
      throws Exception {
    SoftAuthenticator a = new SoftAuthenticator(ORIGIN);
    Passkey passkey = engine.passkeys().register(p,
        a.create(engine.passkeys().registrationOptions(p)), "My phone");
    assertThat(passkey.name()).isEqualTo("My phone");
    assertThat(passkey.backupEligible()).isTrue();
    assertThat(passkey.aaguid()).isEqualTo(SoftAuthenticator.AAGUID.toString());
    assertThat(passkey.transports()).containsExactly("hybrid", "internal");
    assertThat(passkey.lastUsedAt()).isNull();
    assertThat(audit(p.userId())).contains(AuditEventType.PASSKEY_REGISTERED);
    assertThat(notifier.next(Notification.SecurityNotice.class).event())
        .isEqualTo(Notification.SecurityEvent.PASSKEY_REGISTERED);

    String options = engine.passkeys().signinOptions(null, CLIENT);
    assertThat(json(options).path("allowCredentials")).isEmpty();
    assertThat(json(options).path("userVerification").asText()).isEqualTo("required");
    assertThat(json(options).path("rpId").asText()).isEqualTo("auth.example.com");
    AuthResult r = engine.passkeys().signin(a.get(options), CLIENT);
    Principal signedIn = engine.validate(r.tokens().accessToken());
    assertThat(signedIn.userId()).isEqualTo(p.userId());
    assertThat(store.audit().query(AuditQuery.forUser(p.userId(), 5)).get(0).details())
        .containsEntry("method", "passkey");
    assertThat(engine.passkeys().list(p)).singleElement()
        .satisfies(k -> assertThat(k.lastUsedAt()).isEqualTo(clock.instant()));
  }

  @Test
  void registrationOptions_excludeTheUsersPasskeys() throws Exception {
    SoftAuthenticator a = registered(p, null);
    secondFactor(a);
    String options = engine.passkeys().registrationOptions(p);
    assertThat(json(options).path("excludeCredentials").findValuesAsText("id"))
        .containsExactly(a.credentialId());
    assertThatThrownBy(() -> a.create(options)).hasMessageContaining("InvalidStateError");
    assertThat(engine.passkeys().list(p)).singleElement()
        .satisfies(k -> assertThat(k.name()).isEqualTo("Passkey"));
  }

  @Test
  void register_sameCredentialTwice_conflict() {
    SoftAuthenticator a = new SoftAuthenticator(ORIGIN);
    engine.passkeys().register(p, a.create(engine.passkeys().registrationOptions(p)), null);
    // A second options call before the first registration knew of it: no exclusion to stop it.
    String other = "v-" + UUID.randomUUID() + "@example.com";
    Principal q = engine.validate(engine.signup(other, PASSWORD, CLIENT).tokens().accessToken());
    String again = a.create(engine.passkeys().registrationOptions(q));
    assertThatThrownBy(() -> engine.passkeys().register(q, again, null))
        .isInstanceOf(ConflictException.class).hasMessageContaining("registered already");
  }

  @Test
  void counterZero_staysValid_forEverySignin() {
    SoftAuthenticator a = registered(p, null);
    a.counter(0, false);
    for (int i = 0; i < 3; i++) {
      AuthResult r = engine.passkeys().signin(a.get(engine.passkeys().signinOptions(null,
          CLIENT)), CLIENT);
      assertThat(r.user().id()).isEqualTo(p.userId());
    }
  }

  @Test
  void counterRegression_refused_audited_butThePasskeyStillWorksGoingForward() {
    SoftAuthenticator a = new SoftAuthenticator(ORIGIN).counter(5, false);
    engine.passkeys().register(p, a.create(engine.passkeys().registrationOptions(p)), null);
    a.counter(6, false);
    engine.passkeys().signin(a.get(engine.passkeys().signinOptions(null, CLIENT)), CLIENT);
    // A clone replays counter 6 (and one sends a lower one): both refused.
    for (long cloned : new long[] {6, 3}) {
      a.counter(cloned, false);
      String response = a.get(engine.passkeys().signinOptions(null, CLIENT));
      assertThatThrownBy(() -> engine.passkeys().signin(response, CLIENT))
          .isInstanceOf(InvalidCredentialsException.class);
    }
    assertThat(audit(p.userId())).contains(AuditEventType.PASSKEY_COUNTER_REGRESSION);
    AuditEvent regression = store.audit().query(AuditQuery.forUser(p.userId(), 100)).stream()
        .filter(e -> e.type() == AuditEventType.PASSKEY_COUNTER_REGRESSION).findFirst()
        .orElseThrow();
    assertThat(regression.details()).containsEntry("stored_count", "6");
    a.counter(7, false);
    assertThat(engine.passkeys().signin(a.get(engine.passkeys().signinOptions(null, CLIENT)),
        CLIENT).user().id()).isEqualTo(p.userId());
  }

  @Test
  void wrongOrigin_refused_atRegistrationAndSignin() {
    SoftAuthenticator evil = new SoftAuthenticator("https://evil.example");
    String response = evil.create(engine.passkeys().registrationOptions(p));
    assertThatThrownBy(() -> engine.passkeys().register(p, response, null))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("credential"));
    SoftAuthenticator a = registered(p, null);
    a.origin("https://auth.example.com.evil.example");
    String assertion = a.get(engine.passkeys().signinOptions(null, CLIENT));
    assertThatThrownBy(() -> engine.passkeys().signin(assertion, CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThat(engine.passkeys().list(p)).hasSize(1);
  }

  @Test
  void wrongRpId_refused_atRegistrationAndSignin() {
    SoftAuthenticator other = new SoftAuthenticator(ORIGIN).rpId("example.org");
    String response = other.create(engine.passkeys().registrationOptions(p));
    assertThatThrownBy(() -> engine.passkeys().register(p, response, null))
        .isInstanceOf(ValidationException.class);
    SoftAuthenticator a = registered(p, null);
    a.rpId("example.com");
    String assertion = a.get(engine.passkeys().signinOptions(null, CLIENT));
    assertThatThrownBy(() -> engine.passkeys().signin(assertion, CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);
  }

  @Test
  void replayedChallenge_refused_forSigninAndRegistration() {
    SoftAuthenticator a = registered(p, null);
    a.counter(0, false);
    String response = a.get(engine.passkeys().signinOptions(null, CLIENT));
    engine.passkeys().signin(response, CLIENT);
    assertThatThrownBy(() -> engine.passkeys().signin(response, CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);

    secondFactor(a);
    SoftAuthenticator b = new SoftAuthenticator(ORIGIN);
    String registration = b.create(engine.passkeys().registrationOptions(p));
    engine.passkeys().register(p, registration, null);
    engine.passkeys().delete(p, engine.passkeys().list(p).get(1).id());
    assertThatThrownBy(() -> engine.passkeys().register(p, registration, null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("challenge");
  }

  @Test
  void expiredChallenge_refused() {
    SoftAuthenticator a = registered(p, null);
    String response = a.get(engine.passkeys().signinOptions(null, CLIENT));
    clock.advance(Duration.ofSeconds(301));
    assertThatThrownBy(() -> engine.passkeys().signin(response, CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);
  }

  @Test
  void aChallengeServesItsPurposeOnly() {
    SoftAuthenticator a = registered(p, null);
    secondFactor(a);
    // A registration challenge answered with an assertion, and a sign-in challenge at registration.
    String registrationChallenge = engine.passkeys().registrationOptions(p);
    String forged = a.assertion("auth.example.com", challengeOf(registrationChallenge));
    assertThatThrownBy(() -> engine.passkeys().signin(forged, CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);
    SoftAuthenticator b = new SoftAuthenticator(ORIGIN);
    String signinOptions = engine.passkeys().signinOptions(null, CLIENT);
    String asCreation = engine.passkeys().registrationOptions(p).replaceFirst(
        "\"challenge\":\"[^\"]+\"", "\"challenge\":\"" + challengeOf(signinOptions) + "\"");
    String registration = b.create(asCreation);
    assertThatThrownBy(() -> engine.passkeys().register(p, registration, null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("challenge");
  }

  private static String challengeOf(String options) {
    try {
      return json(options).path("challenge").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void unknownCredential_getsTheAnswerOfABadSignature() {
    SoftAuthenticator a = registered(p, null);
    secondFactor(a);
    SoftAuthenticator stranger = new SoftAuthenticator(ORIGIN);
    stranger.create(engine.passkeys().registrationOptions(p)); // made, never registered
    JanuaException unknown = (JanuaException) org.assertj.core.api.Assertions.catchThrowable(
        () -> engine.passkeys().signin(stranger.get(engine.passkeys().signinOptions(null,
            CLIENT)), CLIENT));
    a.origin("https://evil.example");
    JanuaException badSignature = (JanuaException) org.assertj.core.api.Assertions
        .catchThrowable(() -> engine.passkeys().signin(a.get(engine.passkeys()
            .signinOptions(null, CLIENT)), CLIENT));
    assertThat(unknown).isInstanceOf(InvalidCredentialsException.class);
    assertThat(badSignature).isInstanceOf(InvalidCredentialsException.class);
    assertThat(unknown.code()).isEqualTo(badSignature.code());
    assertThat(unknown.getMessage()).isEqualTo(badSignature.getMessage());
  }

  @Test
  void anotherUsersHandle_refused() {
    SoftAuthenticator a = registered(p, null);
    String other = "w-" + UUID.randomUUID() + "@example.com";
    Principal q = engine.validate(engine.signup(other, PASSWORD, CLIENT).tokens().accessToken());
    a.userHandle(userHandleOf(q.userId()));
    String response = a.get(engine.passkeys().signinOptions(null, CLIENT));
    assertThatThrownBy(() -> engine.passkeys().signin(response, CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);
    a.withoutUserHandle();
    String noHandle = a.get(engine.passkeys().signinOptions(null, CLIENT));
    assertThatThrownBy(() -> engine.passkeys().signin(noHandle, CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);
  }

  @Test
  void withoutUserVerification_passwordlessSigninRefused() {
    SoftAuthenticator a = registered(p, null);
    a.userVerifying(false);
    String response = a.get(engine.passkeys().signinOptions(null, CLIENT));
    assertThatThrownBy(() -> engine.passkeys().signin(response, CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);
  }

  @Test
  void failedAssertions_countTowardTheAccountThrottle_butNeverLockThePasskey() {
    rebuild(c -> c.accountThrottleFailures(3));
    SoftAuthenticator a = registered(p, null);
    a.counter(0, false);
    for (int i = 0; i < 3; i++) {
      a.origin("https://evil.example");
      String bad = a.get(engine.passkeys().signinOptions(null, CLIENT));
      assertThatThrownBy(() -> engine.passkeys().signin(bad, CLIENT))
          .isInstanceOf(InvalidCredentialsException.class);
    }
    // The account is locked for passwords, as after three wrong passwords...
    assertThatThrownBy(() -> engine.signin(email, PASSWORD, CLIENT))
        .isInstanceOf(SigninThrottledException.class);
    // ...but the passkey still signs in: a failed assertion never locks a credential.
    a.origin(ORIGIN);
    assertThat(engine.passkeys().signin(a.get(engine.passkeys().signinOptions(null, CLIENT)),
        CLIENT).user().id()).isEqualTo(p.userId());
  }

  @Test
  void failedAssertions_chargeTheAuthenticationBudget_successesDoNot() {
    rebuild(c -> c.rateLimitEnabled(true)
        .rateLimit(RateLimitCategory.AUTHENTICATION, new RateLimitRule(3, 100)));
    SoftAuthenticator a = registered(p, null);
    a.counter(0, false);
    for (int i = 0; i < 5; i++) {
      engine.passkeys().signin(a.get(engine.passkeys().signinOptions(null, CLIENT)), CLIENT);
    }
    a.origin("https://evil.example");
    for (int i = 0; i < 3; i++) {
      String bad = a.get(engine.passkeys().signinOptions(null, CLIENT));
      assertThatThrownBy(() -> engine.passkeys().signin(bad, CLIENT))
          .isInstanceOf(InvalidCredentialsException.class);
    }
    a.origin(ORIGIN);
    String good = a.get(engine.passkeys().signinOptions(null, CLIENT));
    assertThatThrownBy(() -> engine.passkeys().signin(good, CLIENT))
        .isInstanceOf(RateLimitedException.class);
  }

  @Test
  void signinOptions_unknownEmail_lookLikeAKnownOnes() throws Exception {
    SoftAuthenticator a = registered(p, null);
    JsonNode known = json(engine.passkeys().signinOptions(email, CLIENT));
    String stranger = "nobody-" + UUID.randomUUID() + "@example.com";
    JsonNode unknown = json(engine.passkeys().signinOptions(stranger, CLIENT));
    JsonNode unknownAgain = json(engine.passkeys().signinOptions(stranger, CLIENT));
    assertThat(known.path("allowCredentials").findValuesAsText("id"))
        .containsExactly(a.credentialId());
    assertThat(names(unknown)).isEqualTo(names(known));
    assertThat(unknown.path("allowCredentials")).hasSize(1);
    String decoy = unknown.path("allowCredentials").get(0).path("id").asText();
    assertThat(decoy).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(a.credentialId());
    assertThat(unknownAgain.path("allowCredentials").get(0).path("id").asText()).isEqualTo(decoy);
    // A user without passkeys gets a decoy too.
    String other = "x-" + UUID.randomUUID() + "@example.com";
    engine.signup(other, PASSWORD, CLIENT);
    assertThat(json(engine.passkeys().signinOptions(other, CLIENT)).path("allowCredentials"))
        .hasSize(1);
    // And the typed email's passkey signs in with those options.
    assertThat(engine.passkeys().signin(a.get(known.toString()), CLIENT).user().id())
        .isEqualTo(p.userId());
  }

  private static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void signinOptions_forAnEmail_bindTheChallengeToThatAccount() {
    String other = "y-" + UUID.randomUUID() + "@example.com";
    Principal q = engine.validate(engine.signup(other, PASSWORD, CLIENT).tokens().accessToken());
    registered(q, null);
    SoftAuthenticator mine = registered(p, null);
    // Options for the other account, answered by this account's passkey (forged past the list).
    String options = engine.passkeys().signinOptions(other, CLIENT);
    String response = mine.assertion("auth.example.com", challengeOf(options));
    assertThatThrownBy(() -> engine.passkeys().signin(response, CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);
  }

  @Test
  void list_rename_delete_ownPasskeysOnly_auditedAndNotified() throws Exception {
    secondFactor(registered(p, "Laptop"));
    clock.advance(Duration.ofSeconds(1));
    registered(p, "Phone");
    for (int i = 0; i < 2; i++) {
      assertThat(notifier.next(Notification.SecurityNotice.class).event())
          .isEqualTo(Notification.SecurityEvent.PASSKEY_REGISTERED);
    }
    List<Passkey> list = engine.passkeys().list(p);
    assertThat(list).extracting(Passkey::name).containsExactly("Laptop", "Phone");
    Passkey renamed = engine.passkeys().rename(p, list.get(0).id(), "Work laptop");
    assertThat(renamed.name()).isEqualTo("Work laptop");
    assertThat(renamed.id()).isEqualTo(list.get(0).id());
    assertThatThrownBy(() -> engine.passkeys().rename(p, list.get(0).id(), " "))
        .isInstanceOf(ValidationException.class);

    String other = "z-" + UUID.randomUUID() + "@example.com";
    Principal q = engine.validate(engine.signup(other, PASSWORD, CLIENT).tokens().accessToken());
    assertThat(engine.passkeys().list(q)).isEmpty();
    assertThatThrownBy(() -> engine.passkeys().rename(q, list.get(1).id(), "Mine"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> engine.passkeys().delete(q, list.get(1).id()))
        .isInstanceOf(NotFoundException.class);

    engine.passkeys().delete(p, list.get(1).id());
    assertThat(engine.passkeys().list(p)).extracting(Passkey::name)
        .containsExactly("Work laptop");
    assertThat(audit(p.userId())).contains(AuditEventType.PASSKEY_RENAMED,
        AuditEventType.PASSKEY_DELETED);
    assertThat(notifier.next(Notification.SecurityNotice.class).event())
        .isEqualTo(Notification.SecurityEvent.PASSKEY_DELETED);
    // With a password, the last passkey may go too.
    engine.passkeys().delete(p, list.get(0).id());
    assertThat(engine.passkeys().list(p)).isEmpty();
  }

  @Test
  void lastPasskey_ofAnAccountWithoutPassword_cannotBeDeleted() {
    secondFactor(registered(p, "One"));
    registered(p, "Two");
    // An account without a usable password (its hash is no bcrypt hash): passkeys are its only
    // way in.
    StoredUser u = store.users().findCredentialsById(p.userId()).orElseThrow();
    assertThat(store.users().replacePasswordHash(p.userId(),
        new PasswordHashSwap(u.passwordHash(), "!"), clock.instant())).isTrue();
    List<Passkey> list = engine.passkeys().list(p);
    engine.passkeys().delete(p, list.get(0).id());
    assertThatThrownBy(() -> engine.passkeys().delete(p, list.get(1).id()))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> assertThat(((ConflictException) e).field()).isEqualTo("passkey"));
    assertThat(engine.passkeys().list(p)).hasSize(1);
  }

  @Test
  void malformedCredential_validationError_namingCredential() {
    for (String bad : new String[] {null, "", "{", "[]", "{\"id\":\"abc\"}",
        "{\"id\":\"abc\",\"response\":{\"clientDataJSON\":\"e30\"}}"}) {
      assertThatThrownBy(() -> engine.passkeys().signin(bad, CLIENT))
          .isInstanceOf(ValidationException.class)
          .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("credential"));
    }
    assertThatThrownBy(() -> engine.passkeys().register(p, "{}", null))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void withoutTheModule_everyCallNamesWebauthnRpId() {
    AuthEngine bare = AuthEngine.builder().config(config().build()).keyRing(KEYS).build();
    try {
      Principal q = bare.validate(bare.signup("b-" + UUID.randomUUID() + "@example.com",
          PASSWORD, CLIENT).tokens().accessToken());
      assertThat(bare.passkeys().available()).isFalse();
      assertThatThrownBy(() -> bare.passkeys().registrationOptions(q))
          .isInstanceOf(JanuaConfigException.class).hasMessageContaining("janua-webauthn")
          .satisfies(e -> assertThat(((JanuaConfigException) e).variable())
              .isEqualTo("WEBAUTHN_RP_ID"));
      assertThatThrownBy(() -> bare.passkeys().signinOptions(null, CLIENT))
          .isInstanceOf(JanuaConfigException.class);
      assertThatThrownBy(() -> bare.passkeys().signin("{}", CLIENT))
          .isInstanceOf(JanuaConfigException.class);
    } finally {
      bare.close();
    }
    assertThat(engine.passkeys().available()).isTrue();
  }

  @Test
  void passkey_asTheSecondFactor_signinChallengeOffersIt_completeMfaIssuesTokensWithItsAmr()
      throws Exception {
    SoftAuthenticator a = new SoftAuthenticator(ORIGIN).backup(false, false);
    engine.passkeys().register(p, a.create(engine.passkeys().registrationOptions(p)), "Key");
    MfaRequiredException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        MfaRequiredException.class, () -> engine.signin(email, PASSWORD, CLIENT));
    assertThat(e).as("a password sign-in of a user with a passkey asks for it").isNotNull();
    assertThat(e.methods()).contains(MfaRequiredException.PASSKEY);
    assertThat(e.passkeyOptions()).isNotNull();
    JsonNode options = json(e.passkeyOptions());
    assertThat(options.path("allowCredentials").get(0).path("id").asText())
        .isEqualTo(a.credentialId());
    // A wrong answer (another authenticator) is refused and spends an attempt.
    SoftAuthenticator stranger = new SoftAuthenticator(ORIGIN);
    assertThatThrownBy(() -> engine.completeMfa(e.challenge(), MfaProof.passkey(
        stranger.assertion(options.path("rpId").asText(), options.path("challenge").asText())),
        CLIENT)).isInstanceOf(InvalidMfaCodeException.class);
    // The same options' challenge was consumed by the refused attempt: a fresh sign-in.
    MfaRequiredException again = org.assertj.core.api.Assertions.catchThrowableOfType(
        MfaRequiredException.class, () -> engine.signin(email, PASSWORD, CLIENT));
    AuthResult r = engine.completeMfa(again.challenge(),
        MfaProof.passkey(a.get(again.passkeyOptions())), CLIENT);
    Principal signedIn = engine.validate(r.tokens().accessToken());
    assertThat(signedIn.amr()).containsExactly("pwd", "hwk", "mfa");
    assertThat(signedIn.multiFactor()).isTrue();
  }

  @Test
  void passwordlessSignin_amrIsTheKeyAndMfa_syncedPasskeySwk() throws Exception {
    SoftAuthenticator a = new SoftAuthenticator(ORIGIN).backup(true, true);
    engine.passkeys().register(p, a.create(engine.passkeys().registrationOptions(p)), "Phone");
    AuthResult r = engine.passkeys().signin(a.get(engine.passkeys().signinOptions(null, CLIENT)),
        CLIENT);
    Principal signedIn = engine.validate(r.tokens().accessToken());
    assertThat(signedIn.amr()).containsExactly("swk", "mfa");
    assertThat(signedIn.authTime()).isEqualTo(clock.instant().truncatedTo(
        java.time.temporal.ChronoUnit.SECONDS));
  }

  @Test
  void addingOrRemovingAPasskey_needsARecentSignin() throws Exception {
    SoftAuthenticator a = registered(p, "Laptop");
    String id = engine.passkeys().list(p).get(0).id();
    AuthResult signedIn = engine.passkeys().signin(a.get(
        engine.passkeys().signinOptions(null, CLIENT)), CLIENT);
    clock.advance(Duration.ofMinutes(16));
    // Refreshing keeps the sign-in time: a stolen session cannot plant or remove a passkey.
    Principal old = engine.validate(engine.refresh(signedIn.tokens().refreshToken(), CLIENT)
        .tokens().accessToken());
    assertThatThrownBy(() -> engine.passkeys().registrationOptions(old))
        .isInstanceOf(RecentAuthRequiredException.class);
    assertThatThrownBy(() -> engine.passkeys().delete(old, id))
        .isInstanceOf(RecentAuthRequiredException.class);
    assertThat(engine.passkeys().list(old)).hasSize(1);
  }
}
