package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.internal.AccessGrant;
import dev.janua.internal.Keys;
import dev.janua.internal.TokenService;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The access-token checks, including the attack list, run once per algorithm Janua issues; every
 * rejection has its own reason. {@link AttackList} holds the shared tests and the one assertion
 * helper; {@link Rs256} and {@link Es256} add what only their algorithm has.
 */
class TokenValidationTest {
  private static final KeyRing ES256_KEYS = KeyRing.generate("ES256");
  private static final KeyRing RS256_OTHER = KeyRing.generate("RS256");
  private static final KeyRing ES256_OTHER = KeyRing.generate("ES256");
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  @Test
  void reasons_areDistinctCodes() {
    Set<String> codes = new HashSet<>();
    for (TokenFailureReason r : TokenFailureReason.values()) {
      assertThat(codes.add(r.code())).as(r.name()).isTrue();
    }
  }

  @Nested
  class Rs256 extends AttackList {
    Rs256() {
      super("RS256", AccessTokenType.JWT, EngineTestBase.KEYS, RS256_OTHER, ES256_OTHER);
    }

    @Test
    void validate_signatureWithLeadingZeroByte_badSignature() throws Exception {
      // The same integer one byte longer: RS256 signatures are exactly the modulus length.
      String[] parts = good().split("\\.");
      byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
      byte[] longer = new byte[sig.length + 1];
      System.arraycopy(sig, 0, longer, 1, sig.length);
      rejected(parts[0] + "." + parts[1] + "." + b64(longer), TokenFailureReason.BAD_SIGNATURE);
    }
  }

  /** The whole list again with RFC 9068's {@code at+jwt} configured instead of the default. */
  @Nested
  class Rs256AtJwt extends AttackList {
    Rs256AtJwt() {
      super("RS256", AccessTokenType.AT_JWT, EngineTestBase.KEYS, RS256_OTHER, ES256_OTHER);
    }
  }

  @Nested
  class Es256 extends AttackList {
    Es256() {
      super("ES256", AccessTokenType.JWT, ES256_KEYS, ES256_OTHER, RS256_OTHER);
    }

    @Test
    void validate_highS_nonCanonical() throws Exception {
      String token = session.tokens().accessToken();
      int dot = token.lastIndexOf('.');
      byte[] sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      BigInteger n = order(keys.active().publicKey());
      byte[] flipped = withS(sig, n.subtract(s(sig)));
      // (R, n-S) is as valid as (R, S): only the canonical-form rule can refuse it.
      Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
      jdk.initVerify(keys.active().publicKey());
      jdk.update(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
      assertThat(jdk.verify(flipped)).isTrue();
      rejected(token.substring(0, dot + 1) + b64(flipped), TokenFailureReason.NON_CANONICAL);
      assertThat(engine.validate(token)).isNotNull();
    }

    @Test
    void issue_signatures_areAlwaysLowS() {
      // The JDK signer gives high S half the time; without normalising, about 32 of these would be.
      TokenService tokens = new TokenService(keys, null, clock,
          JanuaConfig.builder().algorithm("ES256").tokenCacheMaxSize(0).build());
      BigInteger half = order(keys.active().publicKey()).shiftRight(1);
      for (int i = 0; i < 64; i++) {
        String token = tokens.issue(AccessGrant.session("u", "s"), clock.instant()).token();
        byte[] sig = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
        assertThat(sig).hasSize(64);
        assertThat(s(sig)).isLessThanOrEqualTo(half);
        assertThat(tokens.verify(token).claims().userId()).isEqualTo("u");
      }
    }

    @Test
    void validate_rOrSOutOfRange_badSignature() throws Exception {
      String[] parts = good().split("\\.");
      String input = parts[0] + "." + parts[1] + ".";
      byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
      BigInteger n = order(keys.active().publicKey());
      // All zero: the "psychic signature" (CVE-2022-21449).
      rejected(input + b64(new byte[64]), TokenFailureReason.BAD_SIGNATURE);
      rejected(input + b64(withS(sig, BigInteger.ZERO)), TokenFailureReason.BAD_SIGNATURE);
      rejected(input + b64(withS(sig, n)), TokenFailureReason.BAD_SIGNATURE);
      byte[] rIsN = sig.clone();
      System.arraycopy(fixed32(n), 0, rIsN, 0, 32);
      rejected(input + b64(rIsN), TokenFailureReason.BAD_SIGNATURE);
    }

    @Test
    void validate_derEncodedSignature_badSignature() throws Exception {
      // A valid ECDSA signature, but in ASN.1 DER rather than the JOSE R||S form.
      String input = b64(header("ES256", typ, "")) + "." + b64(validPayload());
      Signature der = Signature.getInstance("SHA256withECDSA");
      der.initSign(keys.active().privateKey());
      der.update(input.getBytes(StandardCharsets.US_ASCII));
      rejected(input + "." + b64(der.sign()), TokenFailureReason.BAD_SIGNATURE);
    }
  }

  /**
   * The attack list, for one algorithm: its key ring, another ring of the same algorithm, and one
   * of the other algorithm.
   */
  abstract static class AttackList extends EngineTestBase {
    /** The default issuer: {@code PUBLIC_BASE_URL}'s default. */
    static final String ISS = "http://localhost:4100";
    final String alg;
    final AccessTokenType type;
    /** The configured {@code typ}. */
    final String typ;
    final KeyRing keys;
    final KeyRing other;
    final KeyRing otherAlgorithm;
    AuthResult session;
    String kid;
    long iat;

    AttackList(String alg, AccessTokenType type, KeyRing keys, KeyRing other,
        KeyRing otherAlgorithm) {
      this.alg = alg;
      this.type = type;
      this.typ = type.header();
      this.keys = keys;
      this.other = other;
      this.otherAlgorithm = otherAlgorithm;
    }

    @Override
    JanuaConfig.Builder config() {
      return super.config().algorithm(alg).accessTokenType(type);
    }

    @Override
    AuthEngine engine(JanuaConfig config) {
      return AuthEngine.builder().config(config).store(store).clock(clock).keyRing(keys)
          .metrics(metrics).build();
    }

    @BeforeEach
    void signIn() {
      session = signup();
      kid = keys.active().kid();
      iat = clock.instant().getEpochSecond();
    }

    // ---- crafting ----

    static String b64(String s) {
      return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] b) {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    String header(String alg, String typ, String extra) {
      return "{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\""
          + (typ == null ? "" : ",\"typ\":\"" + typ + "\"") + extra + "}";
    }

    String payload(String iss, String aud, long exp, String extra) {
      return "{\"iss\":\"" + iss + "\",\"aud\":\"" + aud + "\",\"client_id\":\"janua\",\"sub\":\"" + session.user().id()
          + "\",\"sid\":\"" + session.session().id() + "\",\"jti\":\"j1\",\"iat\":" + iat
          + ",\"exp\":" + exp + extra + "}";
    }

    String validPayload() {
      return payload(ISS, "janua", iat + 600, "");
    }

    /** A token of this algorithm over {@code header} and {@code payload}. */
    String sign(String header, String payload, PrivateKey key) throws Exception {
      return signInput(b64(header) + "." + b64(payload), key);
    }

    /** The signing input as given (any spelling), a dot, and its signature, low S for ES256. */
    String signInput(String input, PrivateKey key) throws Exception {
      return input + "." + b64(signature(input, key));
    }

    byte[] signature(String input, PrivateKey key) throws Exception {
      boolean rsa = alg.equals("RS256");
      Signature s = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      byte[] sig = s.sign();
      if (rsa) {
        return sig;
      }
      BigInteger n = order(keys.active().publicKey());
      return s(sig).compareTo(n.shiftRight(1)) > 0 ? withS(sig, n.subtract(s(sig))) : sig;
    }

    /** A well-formed, correctly signed token of this algorithm. */
    String good() throws Exception {
      return sign(header(alg, typ, ""), validPayload(), keys.active().privateKey());
    }

    // ---- the one assertion helper ----

    void rejected(String token, TokenFailureReason reason) {
      rejected(() -> engine.validate(token), reason);
    }

    void rejected(ThrowingCallable call, TokenFailureReason reason) {
      assertThatThrownBy(call)
          .isInstanceOf(InvalidTokenException.class)
          .satisfies(e -> assertThat(((InvalidTokenException) e).reason()).isEqualTo(reason))
          // Never token content in the message: it is only the reason code.
          .hasMessage("Token rejected: " + reason.code());
    }

    // ---- the attack list ----

    @Test
    void validate_handCraftedGoodToken_accepted() throws Exception {
      // Proves the crafting below is right, so each rejection is for the one thing changed.
      assertThat(engine.validate(good()).sessionId()).isEqualTo(session.session().id());
    }

    @Test
    void validate_issuedToken_carriesClaimsAndHeader() {
      String token = session.tokens().accessToken();
      String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
      String body = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
      assertThat(header).contains("\"kid\":\"" + kid + "\"", "\"typ\":\"" + typ + "\"", "\"alg\":\"" + alg + "\"");
      assertThat(body).contains("\"iss\":\"" + ISS + "\"", "\"aud\":", "\"client_id\":\"janua\"", "\"sub\":\"" + session.user().id() + "\"",
          "\"sid\":\"" + session.session().id() + "\"", "\"jti\":", "\"iat\":", "\"exp\":");
      Principal p = engine.validate(token);
      assertThat(p.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
      assertThat(p.userId()).isEqualTo(session.user().id());
      assertThat(session.tokens().expiresIn()).isEqualTo(900);
      assertThat(session.tokens().tokenType()).isEqualTo("Bearer");
    }

    @Test
    void validate_algNone_algorithmNotAllowed() {
      String token = b64(header("none", typ, "")) + "." + b64(validPayload()) + ".";
      rejected(token, TokenFailureReason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void validate_hs256WithPublicKeyAsSecret_algorithmNotAllowed() throws Exception {
      String input = b64(header("HS256", typ, "")) + "." + b64(validPayload());
      for (byte[] secret : new byte[][] {keys.active().publicKey().getEncoded(),
          Keys.publicKeyPem(keys.active().publicKey()).getBytes(StandardCharsets.US_ASCII)}) {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        String token = input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        rejected(token, TokenFailureReason.ALGORITHM_NOT_ALLOWED);
      }
    }

    @Test
    void validate_otherAlgorithmUnderOurKid_algorithmNotAllowed() throws Exception {
      // Each key verifies only with its own algorithm, even one Janua otherwise accepts.
      String otherAlg = alg.equals("RS256") ? "ES256" : "RS256";
      String input = b64(header(otherAlg, typ, "")) + "." + b64(validPayload());
      Signature s = Signature.getInstance(otherAlg.equals("RS256") ? "SHA256withRSA"
          : "SHA256withECDSAinP1363Format");
      s.initSign(otherAlgorithm.active().privateKey());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      rejected(input + "." + b64(s.sign()), TokenFailureReason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void validate_unknownKid_unknownKey() throws Exception {
      kid = other.active().kid();
      rejected(sign(header(alg, typ, ""), validPayload(), other.active().privateKey()),
          TokenFailureReason.UNKNOWN_KEY);
      kid = keys.active().kid();
      rejected(sign(header(alg, typ, "").replace(",\"kid\":\"" + kid + "\"", ""), validPayload(),
          keys.active().privateKey()), TokenFailureReason.UNKNOWN_KEY);
    }

    @Test
    void validate_keyCarryingHeaders_forbiddenHeader() throws Exception {
      for (String extra : new String[] {
          ",\"jku\":\"https://evil.example/jwks.json\"",
          ",\"x5u\":\"https://evil.example/cert.pem\"",
          ",\"jwk\":{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}",
          ",\"x5c\":[\"MIIB\"]",
          ",\"crit\":[\"exp\"]"}) {
        rejected(sign(header(alg, typ, extra), validPayload(), keys.active().privateKey()),
            TokenFailureReason.FORBIDDEN_HEADER);
      }
    }

    @Test
    void validate_tamperedPayload_badSignature() {
      String[] parts = session.tokens().accessToken().split("\\.");
      String other = b64(validPayload().replace("\"jti\":\"j1\"", "\"jti\":\"j2\""));
      rejected(parts[0] + "." + other + "." + parts[2], TokenFailureReason.BAD_SIGNATURE);
    }

    @Test
    void validate_signedByAnotherKeyUnderOurKid_badSignature() throws Exception {
      rejected(sign(header(alg, typ, ""), validPayload(), other.active().privateKey()),
          TokenFailureReason.BAD_SIGNATURE);
    }

    @Test
    void validate_refreshTokenOfferedAsAccessToken_refused() {
      rejected(session.tokens().refreshToken(), TokenFailureReason.REFRESH_TOKEN_AS_ACCESS_TOKEN);
    }

    @Test
    void validate_wrongOrMissingTyp_wrongTokenType() throws Exception {
      // The other type Janua can be configured to write is refused: exactly the configured one.
      String otherType = type == AccessTokenType.JWT ? "at+jwt" : "JWT";
      for (String wrong : new String[] {otherType, typ.toLowerCase(java.util.Locale.ROOT).equals(typ)
          ? typ.toUpperCase(java.util.Locale.ROOT) : typ.toLowerCase(java.util.Locale.ROOT),
          "application/at+jwt", "JOSE", ""}) {
        rejected(sign(header(alg, wrong, ""), validPayload(), keys.active().privateKey()),
            TokenFailureReason.WRONG_TOKEN_TYPE);
      }
      rejected(sign(header(alg, null, ""), validPayload(), keys.active().privateKey()),
          TokenFailureReason.WRONG_TOKEN_TYPE);
      rejected(sign(header(alg, typ, "").replace("\"typ\":\"" + typ + "\"", "\"typ\":7"),
          validPayload(), keys.active().privateKey()), TokenFailureReason.MALFORMED);
    }

    @Test
    void validate_tokenIssuedWithTheOtherType_wrongTokenType() {
      // A token this engine would write under the other setting, same key and claims otherwise.
      AccessTokenType other = type == AccessTokenType.JWT ? AccessTokenType.AT_JWT : AccessTokenType.JWT;
      AuthEngine otherType = engine(config().accessTokenType(other).build());
      String token = otherType.signin(session.user().email(), PASSWORD, CLIENT).tokens().accessToken();
      assertThat(otherType.validate(token)).isNotNull();
      rejected(token, TokenFailureReason.WRONG_TOKEN_TYPE);
    }

    @Test
    void validate_missingClientId_missingClaim() throws Exception {
      String noClientId = validPayload().replace("\"client_id\":\"janua\",", "");
      rejected(sign(header(alg, typ, ""), noClientId, keys.active().privateKey()),
          TokenFailureReason.MISSING_CLAIM);
    }

    @Test
    void validate_scopeOrRolesOfWrongType_malformed() throws Exception {
      for (String extra : new String[] {",\"scope\":[\"a\"]", ",\"roles\":\"admin\"",
          ",\"roles\":[\"admin\",1]", ",\"client_id\":7"}) {
        String payload = extra.contains("client_id")
            ? validPayload().replace("\"client_id\":\"janua\"", extra.substring(1))
            : payload(ISS, "janua", iat + 600, extra);
        rejected(sign(header(alg, typ, ""), payload, keys.active().privateKey()),
            TokenFailureReason.MALFORMED);
      }
    }

    @Test
    void validate_expiredBeyondSkew_expiredWithTokenExpiredCode() {
      String token = session.tokens().accessToken();
      clock.advance(Duration.ofMinutes(15).plusSeconds(29));
      assertThat(engine.validate(token)).isNotNull(); // inside the 30 s skew
      clock.advance(Duration.ofSeconds(2));
      rejected(token, TokenFailureReason.EXPIRED);
      assertThatThrownBy(() -> engine.validate(token))
          .satisfies(e -> assertThat(((JanuaException) e).code()).isEqualTo("token_expired"));
    }

    @Test
    void validate_notBeforeAhead_notYetValid() throws Exception {
      rejected(sign(header(alg, typ, ""), payload(ISS, "janua", iat + 600,
          ",\"nbf\":" + (iat + 120)), keys.active().privateKey()), TokenFailureReason.NOT_YET_VALID);
    }

    @Test
    void validate_issuedAtAheadBeyondSkew_notYetValid() throws Exception {
      long now = iat;
      iat = now + 20; // inside the 30 s skew
      assertThat(engine.validate(good())).isNotNull();
      iat = now + 120;
      rejected(good(), TokenFailureReason.NOT_YET_VALID);
    }

    @Test
    void validate_wrongIssuer_wrongIssuer() throws Exception {
      rejected(sign(header(alg, typ, ""), payload("https://evil.example", "janua", iat + 600, ""),
          keys.active().privateKey()), TokenFailureReason.WRONG_ISSUER);
    }

    @Test
    void validate_wrongAudience_wrongAudience() throws Exception {
      rejected(sign(header(alg, typ, ""), payload(ISS, "billing", iat + 600, ""),
          keys.active().privateKey()), TokenFailureReason.WRONG_AUDIENCE);
      String noAud = validPayload().replace("\"aud\":\"janua\",", "");
      rejected(sign(header(alg, typ, ""), noAud, keys.active().privateKey()),
          TokenFailureReason.WRONG_AUDIENCE);
    }

    @Test
    void validate_duplicateClaim_malformed() throws Exception {
      String dup = validPayload().replace("\"jti\":\"j1\"", "\"jti\":\"j1\",\"sub\":\"someone-else\"");
      rejected(sign(header(alg, typ, ""), dup, keys.active().privateKey()),
          TokenFailureReason.MALFORMED);
    }

    @Test
    void validate_duplicateHeaderMember_malformed() throws Exception {
      rejected(sign(header(alg, typ, ",\"typ\":\"JWT\""), validPayload(),
          keys.active().privateKey()), TokenFailureReason.MALFORMED);
    }

    @Test
    void validate_wrongClaimType_malformed() throws Exception {
      String numericSub = validPayload().replace("\"sub\":\"" + session.user().id() + "\"", "\"sub\":42");
      rejected(sign(header(alg, typ, ""), numericSub, keys.active().privateKey()),
          TokenFailureReason.MALFORMED);
    }

    /** Found by VerifierDifferentialFuzzTest: jjwt and Nimbus refuse all of these. */
    @Test
    void validate_headerOrClaimsNotStrictUtf8_malformed() throws Exception {
      String header = header(alg, typ, "");
      byte[][] payloads = {
          validPayload().getBytes(StandardCharsets.UTF_16BE), // Jackson alone detects UTF-16/32
          validPayload().getBytes(java.nio.charset.Charset.forName("UTF-32LE")),
          validPayload().replace("\"j1\"", "\"j\u00c0\u00af\"").getBytes(StandardCharsets.ISO_8859_1),
          validPayload().replace("\"j1\"", "\"j\u00ed\u00a0\u0080\"").getBytes(StandardCharsets.ISO_8859_1)};
      for (byte[] payload : payloads) {
        rejected(signInput(b64(header) + "." + b64(payload), keys.active().privateKey()),
            TokenFailureReason.MALFORMED);
      }
      rejected(signInput(b64(header.getBytes(StandardCharsets.UTF_16LE)) + "." + b64(validPayload()),
          keys.active().privateKey()), TokenFailureReason.MALFORMED);
    }

    /**
     * Found by VerifierDifferentialFuzzTest: cty (nested or typed content) and x5t (certificate
     * thumbprints) are not in access tokens, and jjwt and Nimbus read them differently.
     */
    @Test
    void validate_ctyOrX5tHeader_malformed() throws Exception {
      for (String extra : new String[] {",\"cty\":\"JWT\"", ",\"cty\":false", ",\"x5t\":\"AAAA\"",
          ",\"x5t#S256\":{}"}) {
        rejected(sign(header(alg, typ, extra), validPayload(), keys.active().privateKey()),
            TokenFailureReason.MALFORMED);
      }
    }

    /** Found by VerifierDifferentialFuzzTest: an empty required claim is a missing one. */
    @Test
    void validate_blankRequiredClaim_missingClaim() throws Exception {
      rejected(sign(header(alg, typ, ""), validPayload().replace("\"jti\":\"j1\"", "\"jti\":\"\""),
          keys.active().privateKey()), TokenFailureReason.MISSING_CLAIM);
      rejected(sign(header(alg, typ, ""), validPayload().replace("\"client_id\":\"janua\"",
          "\"client_id\":\" \""), keys.active().privateKey()), TokenFailureReason.MISSING_CLAIM);
    }

    @Test
    void validate_audienceOfWrongType_malformed() throws Exception {
      for (String aud : new String[] {"42", "[\"janua\",7]", "{\"janua\":true}"}) {
        String payload = validPayload().replace("\"aud\":\"janua\"", "\"aud\":" + aud);
        rejected(sign(header(alg, typ, ""), payload, keys.active().privateKey()),
            TokenFailureReason.MALFORMED);
      }
    }

    @Test
    void validate_numericDateOutOfRange_malformed() throws Exception {
      for (String exp : new String[] {"1e30", "99999999999999999999999", "-1", "\"2030-01-01\""}) {
        String payload = payload(ISS, "janua", 0, "").replace("\"exp\":0", "\"exp\":" + exp);
        rejected(sign(header(alg, typ, ""), payload, keys.active().privateKey()),
            TokenFailureReason.MALFORMED);
      }
    }

    @Test
    void validate_lifetimeBeyondConfiguredPlusSkew_lifetimeExceeded() throws Exception {
      // The configured lifetime is 15 minutes, the skew 30 s.
      assertThat(engine.validate(sign(header(alg, typ, ""), payload(ISS, "janua", iat + 930, ""),
          keys.active().privateKey()))).isNotNull();
      rejected(sign(header(alg, typ, ""), payload(ISS, "janua", iat + 931, ""),
          keys.active().privateKey()), TokenFailureReason.LIFETIME_EXCEEDED);
      // A token that never expires (exp at the end of time) is refused, typed, not a 500.
      rejected(sign(header(alg, typ, ""), payload(ISS, "janua", 253_402_300_799L, ""),
          keys.active().privateKey()), TokenFailureReason.LIFETIME_EXCEEDED);
    }

    @Test
    void validate_numericClaimsOutOfRange_alwaysInvalidToken() throws Exception {
      String[] values = {"1e309", "-1e309", "1e30", "1E+400", "99999999999999999999999",
          "-99999999999999999999999", "-1", "-0.5", "-0.0", "253402300800", "1e-400",
          "4.9e-324", "0.1e1", "\"1\"", "true", "[1]", "{}", "NaN", "Infinity", "0x10", "01"};
      for (String claim : new String[] {"iat", "exp", "nbf"}) {
        for (String v : values) {
          String base = payload(ISS, "janua", iat + 600, ",\"nbf\":" + iat);
          String payload = base.replaceFirst("\"" + claim + "\":\\d+", "\"" + claim + "\":" + v);
          String token = sign(header(alg, typ, ""), payload, keys.active().privateKey());
          if (claim.equals("nbf") && (v.equals("1e-400") || v.equals("4.9e-324")
              || v.equals("-0.0") || v.equals("0.1e1"))) {
            assertThat(engine.validate(token)).isNotNull(); // a NumericDate in the past
            continue;
          }
          assertThatThrownBy(() -> engine.validate(token)).as(claim + "=" + v)
              .isInstanceOf(InvalidTokenException.class);
        }
      }
    }

    @Test
    void validate_audienceArrayContainingOurs_accepted() throws Exception {
      String arrayAud = validPayload().replace("\"aud\":\"janua\"", "\"aud\":[\"other\",\"janua\"]");
      assertThat(engine.validate(sign(header(alg, typ, ""), arrayAud, keys.active().privateKey())))
          .isNotNull();
    }

    @Test
    void validate_missingSid_missingClaim() throws Exception {
      String noSid = validPayload().replace("\"sid\":\"" + session.session().id() + "\",", "");
      rejected(sign(header(alg, typ, ""), noSid, keys.active().privateKey()),
          TokenFailureReason.MISSING_CLAIM);
    }

    @Test
    void validate_garbage_malformed() {
      rejected("not-a-jwt", TokenFailureReason.MALFORMED);
      rejected("", TokenFailureReason.MALFORMED);
      rejected((String) null, TokenFailureReason.MALFORMED);
      rejected("a.b.c", TokenFailureReason.MALFORMED);
      rejected("a".repeat(9000), TokenFailureReason.MALFORMED);
      rejected(session.tokens().accessToken() + ".extra", TokenFailureReason.MALFORMED);
    }

    // ---- one spelling per token ----

    /** {@code json} with leading spaces so that its base64url needs padding ("==" at the end). */
    static String needingPadding(String json) {
      String s = json;
      while (s.getBytes(StandardCharsets.UTF_8).length % 3 != 1) {
        s = " " + s;
      }
      return s;
    }

    @Test
    void validate_paddedSegment_nonCanonical() throws Exception {
      PrivateKey key = keys.active().privateKey();
      String h = b64(needingPadding(header(alg, typ, "")));
      String p = b64(needingPadding(validPayload()));
      String token = signInput(h + "." + p, key);
      assertThat(engine.validate(token)).isNotNull(); // the unpadded spelling is fine
      // Each padded variant is signed over exactly its own spelling: only the padding is wrong.
      rejected(signInput(h + "==." + p, key), TokenFailureReason.NON_CANONICAL);
      rejected(signInput(h + "." + p + "==", key), TokenFailureReason.NON_CANONICAL);
      String sig = token.substring(token.lastIndexOf('.') + 1);
      assertThat(sig.length() % 4).isEqualTo(2); // 256 and 64 bytes both leave one byte over
      rejected(token + "==", TokenFailureReason.NON_CANONICAL);
      rejected(token + "=", TokenFailureReason.MALFORMED); // not even a valid padding
    }

    /** {@code segment} with its unused trailing bits set: same bytes to a lenient decoder. */
    static String withTrailingBits(String segment) {
      int last = ALPHABET.indexOf(segment.charAt(segment.length() - 1));
      int unused = segment.length() % 4 == 2 ? 0x0F : 0x03;
      assertThat(last & unused).isZero();
      return segment.substring(0, segment.length() - 1) + ALPHABET.charAt(last | 1);
    }

    @Test
    void validate_nonZeroTrailingBits_nonCanonical() throws Exception {
      String token = good();
      int dot = token.lastIndexOf('.');
      String sig = token.substring(dot + 1);
      String altered = withTrailingBits(sig);
      // java.util.Base64 reads both spellings as the same signature bytes.
      assertThat(Base64.getUrlDecoder().decode(altered)).isEqualTo(Base64.getUrlDecoder().decode(sig));
      rejected(token.substring(0, dot + 1) + altered, TokenFailureReason.NON_CANONICAL);
      // A payload spelled so, and signed as spelled.
      String h = b64(header(alg, typ, ""));
      String p = withTrailingBits(b64(needingPadding(validPayload())));
      rejected(signInput(h + "." + p, keys.active().privateKey()), TokenFailureReason.NON_CANONICAL);
    }

    @Test
    void validate_characterOutsideTheAlphabet_malformed() throws Exception {
      String token = good();
      int d1 = token.indexOf('.');
      int d2 = token.lastIndexOf('.');
      rejected(token.substring(0, d2 + 1) + "+" + token.substring(d2 + 2), TokenFailureReason.MALFORMED);
      rejected(token.substring(0, d2 + 1) + "/" + token.substring(d2 + 2), TokenFailureReason.MALFORMED);
      rejected(token + "\n", TokenFailureReason.MALFORMED);
      // U+0100 plus a payload character: the same low byte, so a verifier hashing chars as bytes
      // would see the signed input unchanged.
      char c = token.charAt(d1 + 1);
      rejected(token.substring(0, d1 + 1) + (char) (c + 0x100) + token.substring(d1 + 2),
          TokenFailureReason.MALFORMED);
    }

    // ---- the cache and the session ----

    @Test
    void validate_afterSignout_sessionRevoked_evenWhenCached() {
      String token = session.tokens().accessToken();
      engine.validate(token);
      engine.validate(token);
      assertThat(metrics.lastValidation()).isEqualTo("valid/none/true");
      engine.signout(engine.validate(token));
      rejected(token, TokenFailureReason.SESSION_REVOKED);
    }

    @Test
    void validate_sameTokenAgain_servedFromCacheWithoutSignatureWork() {
      String token = session.tokens().accessToken();
      engine.validate(token);
      assertThat(metrics.lastValidation()).isEqualTo("valid/none/false");
      engine.validate(token);
      assertThat(metrics.lastValidation()).isEqualTo("valid/none/true");
    }

    @Test
    void validate_cachedToken_neverOutlivesItsExpiry() {
      String token = session.tokens().accessToken();
      engine.validate(token);
      clock.advance(Duration.ofMinutes(16));
      rejected(token, TokenFailureReason.EXPIRED);
    }

    @Test
    void validate_cacheDisabled_stillValidates() {
      AuthEngine uncached = engine(config().tokenCacheMaxSize(0).build());
      String token = session.tokens().accessToken();
      uncached.validate(token);
      uncached.validate(token);
      assertThat(metrics.lastValidation()).isEqualTo("valid/none/false");
    }

    @Test
    void validate_tokenOfAnotherIssuerConfig_wrongIssuer() {
      AuthEngine other = engine(config().issuer("https://someone-else.example").build());
      rejected(() -> other.validate(session.tokens().accessToken()), TokenFailureReason.WRONG_ISSUER);
    }
  }

  // ---- ECDSA helpers (the order comes from the key, not from the code under test) ----

  static BigInteger order(PublicKey key) {
    return ((ECPublicKey) key).getParams().getOrder();
  }

  static BigInteger s(byte[] sig) {
    return new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
  }

  static byte[] withS(byte[] sig, BigInteger s) {
    byte[] out = sig.clone();
    System.arraycopy(fixed32(s), 0, out, 32, 32);
    return out;
  }

  static byte[] fixed32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  static String b64(byte[] b) {
    return AttackList.b64(b);
  }
}
