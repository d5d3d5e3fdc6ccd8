package dev.janua.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecord;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.KeyRing;
import dev.janua.Principal;
import dev.janua.SigningKey;
import dev.janua.testing.SoftAuthenticator;
import dev.janua.webauthn.WebAuthnPlugin;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A passwordless passkey sign-in, {@code engine.passkeys().signin} on the in-memory store with the
 * {@code WebAuthnPlugin} (webauthn4j) installed, against bare webauthn4j verifying the same kind of
 * assertion: one EC P-256 credential (ES256) of janua-webauthn's test {@link SoftAuthenticator},
 * user verification required, user presence required, the credential the only one allowed, the
 * non-strict {@code WebAuthnManager} that {@code WebAuthn4jCeremony} uses.
 *
 * <p>An assertion is single use (its challenge is spent, the signature counter must go up), so
 * before every call, outside the measurement and for both sides alike, a challenge is made and the
 * authenticator signs an assertion with its next counter: for Janua, {@code
 * passkeys().signinOptions(null, client)} (a challenge stored hashed; no email, so a discoverable
 * credential) answered by the authenticator; for webauthn4j, 32 random bytes answered likewise.
 * Each side has its own authenticator, registered once in its own way (Janua through {@code
 * passkeys().register}, webauthn4j by verifying the registration response itself), and its own
 * state, so that one side's inputs are never made while the other is measured.
 *
 * <p>Janua's call does more than the floor: it reads the response JSON for the credential id and
 * the challenge, hashes and spends the challenge in the store, reads the passkey and its owner,
 * decodes the stored attested credential data (CBOR), compares the user handle, records the use by
 * compare-and-set on the counter, and then starts a session: a session and a refresh token stored,
 * the sign-in audited, an RS256 access token signed (the same key size as the other rows).
 * Rate limits are off, as in the other rows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PasskeyBenchmark {
  /** The origin the browser is on: the only one allowed. */
  static final String ORIGIN = "https://auth.example.com";
  /** The relying-party id passkeys are bound to. */
  static final String RP_ID = "example.com";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Janua's side: an engine with passkeys, one account with one registered passkey. */
  @State(Scope.Benchmark)
  public static class JanuaSide {
    AuthEngine engine;
    SoftAuthenticator authenticator;
    String credential;

    /**
     * An engine on the in-memory store (RS256 key, limits off, cheap bcrypt), the WebAuthn plugin
     * with RP id {@value PasskeyBenchmark#RP_ID} and origin {@value
     * PasskeyBenchmark#ORIGIN}; an account that registers the
     * authenticator's credential and signs in with it once.
     */
    @Setup(Level.Trial)
    public void setUp() {
      engine = AuthEngine.builder()
          .config(Fixture.config().emailVerification(false).webAuthnRpId(RP_ID)
              .webAuthnOrigins(List.of(ORIGIN)).webAuthnRpName("Janua benchmarks").build())
          .keyRing(KeyRing.of(SigningKey.generate("RS256")))
          .install(WebAuthnPlugin.create()).build();
      Principal p = engine.validate(engine.signup(Fixture.EMAIL, Fixture.PASSWORD, Fixture.CLIENT,
          "Bench").tokens().accessToken());
      authenticator = new SoftAuthenticator(ORIGIN);
      engine.passkeys().register(p,
          authenticator.create(engine.passkeys().registrationOptions(p)), "Bench");
      // Stored with counter 0: from now on every assertion counts one up.
      authenticator.counter(1, true);
      next();
      String userId = engine.validate(signin(this).tokens().accessToken()).userId();
      if (!userId.equals(p.userId())) {
        throw new IllegalStateException("the passkey signed in another user");
      }
    }

    /** Closes the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
      if (engine != null) {
        engine.close();
      }
    }

    /**
     * The next call's input (not measured): sign-in options with a fresh challenge, answered by
     * the authenticator with its next counter.
     */
    @Setup(Level.Invocation)
    public void next() {
      credential = authenticator.get(engine.passkeys().signinOptions(null, Fixture.CLIENT));
    }
  }

  /** Bare webauthn4j's side: a manager and the credential record of one registered passkey. */
  @State(Scope.Benchmark)
  public static class Webauthn4jSide {
    WebAuthnManager manager;
    Set<Origin> origins;
    CredentialRecord record;
    List<byte[]> allowCredentials;
    SoftAuthenticator authenticator;
    byte[] challenge;
    String credential;
    /** An RS256 key of the engine's size, for the floor that also signs an access token. */
    SigningKey key;

    /**
     * The non-strict manager (as {@code WebAuthn4jCeremony} makes it), and the authenticator's
     * credential registered by webauthn4j: creation options written here, the registration
     * response verified, its credential record kept; then one sign-in.
     */
    @Setup(Level.Trial)
    public void setUp() {
      manager = WebAuthnManager.createNonStrictWebAuthnManager(new ObjectConverter());
      key = SigningKey.generate("RS256");
      origins = Set.of(Origin.create(ORIGIN));
      authenticator = new SoftAuthenticator(ORIGIN);
      byte[] registrationChallenge = random();
      ObjectNode options = new ObjectMapper().createObjectNode();
      options.putObject("rp").put("id", RP_ID).put("name", "Janua benchmarks");
      options.putObject("user")
          .put("id", B64.encodeToString("bench-user".getBytes(StandardCharsets.UTF_8)))
          .put("name", Fixture.EMAIL).put("displayName", "Bench");
      options.put("challenge", B64.encodeToString(registrationChallenge));
      RegistrationData registration = manager.verifyRegistrationResponseJSON(
          authenticator.create(options.toString()),
          new RegistrationParameters(server(registrationChallenge),
              List.of(new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY,
                  COSEAlgorithmIdentifier.ES256)), false, true));
      record = new CredentialRecordImpl(registration.getAttestationObject(),
          registration.getCollectedClientData(), registration.getClientExtensions(),
          registration.getTransports());
      allowCredentials = List.of(registration.getAttestationObject().getAuthenticatorData()
          .getAttestedCredentialData().getCredentialId());
      authenticator.counter(1, true);
      next();
      if (verify(this).getAuthenticatorData().getSignCount() != 1) {
        throw new IllegalStateException("webauthn4j should have verified the first assertion");
      }
    }

    /**
     * The next call's input (not measured): a fresh random challenge, answered by the
     * authenticator with its next counter.
     */
    @Setup(Level.Invocation)
    public void next() {
      challenge = random();
      credential = authenticator.assertion(RP_ID, B64.encodeToString(challenge));
    }

    ServerProperty server(byte[] c) {
      return ServerProperty.builder().origins(origins).rpId(RP_ID)
          .challenge(new DefaultChallenge(c)).build();
    }
  }

  private static byte[] random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return b;
  }

  /**
   * Janua: {@code passkeys().signin} of a fresh assertion: the response read, its challenge
   * spent, the passkey and its owner read, webauthn4j's verification through {@code
   * WebAuthn4jCeremony} (user verification required), the user handle compared, the counter
   * recorded by compare-and-set, and a session started (refresh token stored, sign-in audited,
   * RS256 access token signed).
   */
  @Benchmark
  public AuthResult janua(JanuaSide s) {
    return signin(s);
  }

  static AuthResult signin(JanuaSide s) {
    return s.engine.passkeys().signin(s.credential, Fixture.CLIENT);
  }

  /**
   * The floor: bare webauthn4j parsing the response JSON and verifying it against a server
   * property holding the challenge (origin, RP id), the registered credential record, the
   * credential the only one allowed, user verification and presence required; then the record's
   * counter set to the one presented, as webauthn4j asks of its users.
   */
  @Benchmark
  public AuthenticationData webauthn4j(Webauthn4jSide s) {
    return verify(s);
  }

  /**
   * The floor of a sign-in by passkey: the same bare webauthn4j verification, then the one thing
   * a sign-in cannot do without, an RS256 access token signed (jjwt, a key of the engine's size,
   * claims like Janua's). Janua's remaining work over it is the store's: the challenge spent, the
   * passkey and owner read, the counter recorded, the session, refresh token and audit written.
   */
  @Benchmark
  public String webauthn4jAndSign(Webauthn4jSide s) {
    AuthenticationData data = verify(s);
    Instant now = Instant.now();
    return Jwts.builder().header().keyId(s.key.kid()).type("at+jwt").and()
        .issuer("janua").audience().add("janua").and().subject("bench-user")
        .id(UUID.randomUUID().toString()).issuedAt(Date.from(now))
        .expiration(Date.from(now.plusSeconds(900))).claim("sid", UUID.randomUUID().toString())
        .claim("amr", List.of("hwk", "mfa")).claim("sign_count",
            data.getAuthenticatorData().getSignCount())
        .signWith(s.key.privateKey(), Jwts.SIG.RS256).compact();
  }

  static AuthenticationData verify(Webauthn4jSide s) {
    AuthenticationData data = s.manager.parseAuthenticationResponseJSON(s.credential);
    s.manager.verify(data, new AuthenticationParameters(s.server(s.challenge), s.record,
        s.allowCredentials, true, true));
    s.record.setCounter(data.getAuthenticatorData().getSignCount());
    return data;
  }
}
