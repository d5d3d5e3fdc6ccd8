package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.internal.Keys;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeysAndJwksTest extends EngineTestBase {
  /**
   * A throwaway P-256 test key made with {@code openssl genpkey -algorithm EC -pkeyopt
   * ec_paramgen_curve:P-256}: unlike the JDK's, OpenSSL's PKCS#8 carries the curve and the public
   * key inside, so it checks that such PEMs parse and that the derived public key is OpenSSL's.
   */
  private static final String OPENSSL_EC_PRIVATE = """
      -----BEGIN PRIVATE KEY-----
      MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgwnUP1dYrIA1lOgLc
      dyiVCjQ2EZXEpxCjU81lm15vuXehRANCAASROgdn56achZ/04/QXa2MyDew1jef+
      wjY7ibEOR+bwnY6PmdC47A74T0FaVZZrTmNwzOf5TqhzlcdeqikLVAON
      -----END PRIVATE KEY-----
      """;
  /** Its public key, from {@code openssl pkey -pubout}. */
  private static final String OPENSSL_EC_PUBLIC = """
      -----BEGIN PUBLIC KEY-----
      MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEkToHZ+emnIWf9OP0F2tjMg3sNY3n
      /sI2O4mxDkfm8J2Oj5nQuOwO+E9BWlWWa05jcMzn+U6oc5XHXqopC1QDjQ==
      -----END PUBLIC KEY-----
      """;

  private static PublicKey keyFromJwks(String jwks, String kid) {
    JwkSet set = Jwks.setParser().build().parse(jwks);
    for (Jwk<?> jwk : set) {
      if (kid.equals(jwk.getId())) {
        return ((PublicJwk<?>) jwk).toKey();
      }
    }
    throw new AssertionError("kid " + kid + " not in JWKS");
  }

  @Test
  void jwks_publishesActiveKey_thatVerifiesIssuedTokens() {
    AuthResult r = signup();
    String jwks = engine.jwks();
    assertThat(jwks).startsWith("{\"keys\":[").contains("\"use\":\"sig\"", "\"alg\":\"RS256\"", "\"kty\":\"RSA\"")
        .doesNotContain("\"d\":", "\"p\":", "\"q\":");
    PublicKey key = keyFromJwks(jwks, KEYS.active().kid());
    assertThat(Jwts.parser().verifyWith(key).clock(() -> java.util.Date.from(clock.instant())).build().parseSignedClaims(r.tokens().accessToken())
        .getPayload().getSubject()).isEqualTo(r.user().id());
  }

  @Test
  void rotateNow_oldTokensStillValid_newTokensUseNewKid_jwksHasBoth() {
    engine = AuthEngine.builder().config(config().build()).store(store).clock(clock).build();
    AuthResult before = signup();
    String oldKid = engine.signingKeys().ring().active().kid();
    SigningKey next = engine.signingKeys().rotateNow();
    AuthResult after = signup();
    assertThat(engine.validate(before.tokens().accessToken())).isNotNull();
    assertThat(engine.validate(after.tokens().accessToken())).isNotNull();
    assertThat(engine.signingKeys().ring().active().kid()).isEqualTo(next.kid()).isNotEqualTo(oldKid);
    assertThat(engine.jwks()).contains(oldKid, next.kid());
    // Once every token of the old key has expired, the next rotation drops it.
    clock.advance(Duration.ofMinutes(16));
    engine.signingKeys().rotateNow();
    assertThat(engine.jwks()).doesNotContain(oldKid).contains(next.kid());
  }

  @Test
  void privateKeyPem_fromConfig_signsAndPublishesThatKey() {
    SigningKey generated = SigningKey.generate("RS256");
    String pem = Keys.privateKeyPem(generated.privateKey());
    AuthEngine fromPem = AuthEngine.builder().config(config().signingKeyPem(pem).build()).store(store).clock(clock).build();
    assertThat(fromPem.signingKeys().ring().active().kid()).isEqualTo(generated.kid());
    AuthResult r = fromPem.signup(email(), PASSWORD, CLIENT, null);
    assertThat(fromPem.validate(r.tokens().accessToken())).isNotNull();
    assertThatThrownBy(() -> AuthEngine.builder()
        .config(config().signingKeyPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----").build()).build())
        .isInstanceOf(JanuaConfigException.class).hasMessageNotContaining("AAAA");
  }

  @Test
  void es256_signsAndValidates() {
    AuthEngine es = AuthEngine.builder().config(config().algorithm("ES256").build()).store(store)
        .clock(clock).build();
    AuthResult r = es.signup(email(), PASSWORD, CLIENT, null);
    assertThat(es.validate(r.tokens().accessToken())).isNotNull();
    assertThat(es.jwks()).contains("\"kty\":\"EC\"", "\"alg\":\"ES256\"");
    // An RS256 engine does not accept it: unknown kid.
    assertThatThrownBy(() -> engine.validate(r.tokens().accessToken()))
        .satisfies(e -> assertThat(((InvalidTokenException) e).reason()).isEqualTo(TokenFailureReason.UNKNOWN_KEY));
  }

  @Test
  void es256PrivateKeyPem_fromEnvironment_signsUpAndValidates() {
    SigningKey generated = SigningKey.generate("ES256");
    String pem = Keys.privateKeyPem(generated.privateKey()); // the JDK's PKCS#8: no public key inside
    JanuaConfig config = JanuaConfig.fromMap(Map.of("JWT_ALGORITHM", "ES256", "JWT_PRIVATE_KEY", pem));
    AuthEngine es = AuthEngine.builder().config(config).store(store).clock(clock).build();
    assertThat(es.signingKeys().ring().active().kid()).isEqualTo(generated.kid());
    assertThat(es.signingKeys().ring().active().publicKey()).isEqualTo(generated.publicKey());
    AuthResult r = es.signup(email(), PASSWORD, CLIENT, null);
    assertThat(es.validate(r.tokens().accessToken()).userId()).isEqualTo(r.user().id());
    assertThat(es.jwks()).contains("\"kty\":\"EC\"", "\"alg\":\"ES256\"", generated.kid());
  }

  @Test
  void es256FromPem_opensslKey_derivesOpensslsPublicKey() {
    SigningKey derived = SigningKey.fromPem(OPENSSL_EC_PRIVATE, "ES256");
    // The derived public key is OpenSSL's own, byte for byte.
    assertThat(Keys.publicKeyPem(derived.publicKey()).replaceAll("\\s", ""))
        .isEqualTo(OPENSSL_EC_PUBLIC.replaceAll("\\s", ""));
    assertThat(derived.requirePublicKeyPem(OPENSSL_EC_PUBLIC)).isSameAs(derived);
  }

  @Test
  void fromPem_publicKeyOfAnotherPair_refusedWithoutEchoingThePem() {
    String otherPublic = Keys.publicKeyPem(SigningKey.generate("ES256").publicKey());
    assertThatThrownBy(() -> SigningKey.fromPem(OPENSSL_EC_PRIVATE, "ES256").requirePublicKeyPem(otherPublic))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("MIGHAgEA").hasMessageNotContaining("MFkwEwYH");
    // An RSA PEM is no ES256 key.
    assertThatThrownBy(() -> SigningKey.fromPem(Keys.privateKeyPem(KEYS.active().privateKey()), "ES256"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void persistentKeys_instancesOnOneStoreShareKeys_andSeeRotations() {
    AuthEngine a = AuthEngine.builder().config(config().keyEncryptionKey(SigningKeysAtRestTest.KEK_A).build()).store(store).clock(clock).persistentKeys(true).build();
    AuthEngine b = AuthEngine.builder().config(config().keyEncryptionKey(SigningKeysAtRestTest.KEK_A).build()).store(store).clock(clock).persistentKeys(true).build();
    assertThat(a.signingKeys().ring().active().kid()).isEqualTo(b.signingKeys().ring().active().kid());
    AuthResult r = a.signup(email(), PASSWORD, CLIENT, null);
    assertThat(b.validate(r.tokens().accessToken())).isNotNull();
    a.signingKeys().rotateNow();
    AuthResult afterRotation = a.signin(r.user().email(), PASSWORD, CLIENT);
    // B has not seen the new kid yet: it reloads the ring from the store on first sight.
    assertThat(b.validate(afterRotation.tokens().accessToken())).isNotNull();
    assertThat(b.signingKeys().ring().active().kid()).isEqualTo(a.signingKeys().ring().active().kid());
    assertThat(b.validate(r.tokens().accessToken())).isNotNull();
  }

  @Test
  void signingKey_rejectsWeakOrMismatchedKeys() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    java.security.KeyPair weak = g.generateKeyPair();
    assertThatThrownBy(() -> SigningKey.of(weak, "RS256")).hasMessageContaining("2048");
    assertThatThrownBy(() -> SigningKey.of(KEYS.active().kid(),
        new java.security.KeyPair(KEYS.active().publicKey(), KEYS.active().privateKey()), "ES256"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyRing.of(KEYS.active().verifyOnly())).hasMessageContaining("private key");
    // No key material: neither DER prefix (checked outside the random kid) nor any 16 characters
    // of the private key's base64 (a random kid contains "MII" once in about 6,000 keys).
    SigningKey key = KEYS.active();
    assertThat(key.toString().replace(key.kid(), "")).doesNotContain("MII");
    String der = dev.janua.internal.Keys.der(key.privateKey());
    for (int i = 0; i + 16 <= der.length(); i += 16) {
      assertThat(key.toString()).doesNotContain(der.substring(i, i + 16));
    }
  }
}
