package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The access-token checks, including the attack list; every rejection has its own reason. */
class TokenValidationTest extends EngineTestBase {
  private static final KeyRing OTHER = KeyRing.generate("RS256");
  private static final Set<TokenFailureReason> SEEN = EnumSet.noneOf(TokenFailureReason.class);

  private AuthResult session;
  private String kid;
  private long iat;

  @BeforeEach
  void signIn() {
    session = signup();
    kid = KEYS.active().kid();
    iat = clock.instant().getEpochSecond();
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private String header(String alg, String typ, String extra) {
    return "{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\""
        + (typ == null ? "" : ",\"typ\":\"" + typ + "\"") + extra + "}";
  }

  private String payload(String iss, String aud, long exp, String extra) {
    return "{\"iss\":\"" + iss + "\",\"aud\":\"" + aud + "\",\"sub\":\"" + session.user().id()
        + "\",\"sid\":\"" + session.session().id() + "\",\"jti\":\"j1\",\"iat\":" + iat
        + ",\"exp\":" + exp + extra + "}";
  }

  private String validPayload() {
    return payload("janua", "janua", iat + 600, "");
  }

  private static String rs256(String header, String payload, PrivateKey key) throws Exception {
    String input = b64(header) + "." + b64(payload);
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
  }

  private void rejected(String token, TokenFailureReason reason) {
    rejected(() -> engine.validate(token), reason);
  }

  private void rejected(ThrowingCallable call, TokenFailureReason reason) {
    assertThatThrownBy(call)
        .isInstanceOf(InvalidTokenException.class)
        .satisfies(e -> assertThat(((InvalidTokenException) e).reason()).isEqualTo(reason));
    SEEN.add(reason);
  }

  @Test
  void validate_handCraftedGoodToken_accepted() throws Exception {
    // Proves the crafting below is right, so each rejection is for the one thing changed.
    String token = rs256(header("RS256", "at+jwt", ""), validPayload(), KEYS.active().privateKey());
    assertThat(engine.validate(token).sessionId()).isEqualTo(session.session().id());
  }

  @Test
  void validate_issuedToken_carriesClaimsAndHeader() {
    String token = session.tokens().accessToken();
    String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    String body = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    assertThat(header).contains("\"kid\":\"" + kid + "\"", "\"typ\":\"at+jwt\"", "\"alg\":\"RS256\"");
    assertThat(body).contains("\"iss\":\"janua\"", "\"aud\":", "\"sub\":\"" + session.user().id() + "\"",
        "\"sid\":\"" + session.session().id() + "\"", "\"jti\":", "\"iat\":", "\"exp\":");
    Principal p = engine.validate(token);
    assertThat(p.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
    assertThat(session.tokens().expiresIn()).isEqualTo(900);
    assertThat(session.tokens().tokenType()).isEqualTo("Bearer");
  }

  @Test
  void validate_algNone_algorithmNotAllowed() {
    String token = b64(header("none", "at+jwt", "")) + "." + b64(validPayload()) + ".";
    rejected(token, TokenFailureReason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void validate_hs256WithPublicKeyAsSecret_algorithmNotAllowed() throws Exception {
    String input = b64(header("HS256", "at+jwt", "")) + "." + b64(validPayload());
    for (byte[] secret : new byte[][] {KEYS.active().publicKey().getEncoded(),
        dev.janua.internal.Keys.publicKeyPem(KEYS.active().publicKey()).getBytes(StandardCharsets.US_ASCII)}) {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      String token = input + "." + Base64.getUrlEncoder().withoutPadding()
          .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
      rejected(token, TokenFailureReason.ALGORITHM_NOT_ALLOWED);
    }
  }

  @Test
  void validate_unknownKid_unknownKey() throws Exception {
    kid = OTHER.active().kid();
    rejected(rs256(header("RS256", "at+jwt", ""), validPayload(), OTHER.active().privateKey()),
        TokenFailureReason.UNKNOWN_KEY);
  }

  @Test
  void validate_keyCarryingHeaders_forbiddenHeader() throws Exception {
    for (String extra : new String[] {
        ",\"jku\":\"https://evil.example/jwks.json\"",
        ",\"x5u\":\"https://evil.example/cert.pem\"",
        ",\"jwk\":{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}",
        ",\"crit\":[\"exp\"]"}) {
      rejected(rs256(header("RS256", "at+jwt", extra), validPayload(), KEYS.active().privateKey()),
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
    rejected(rs256(header("RS256", "at+jwt", ""), validPayload(), OTHER.active().privateKey()),
        TokenFailureReason.BAD_SIGNATURE);
  }

  @Test
  void validate_refreshTokenOfferedAsAccessToken_refused() {
    rejected(session.tokens().refreshToken(), TokenFailureReason.REFRESH_TOKEN_AS_ACCESS_TOKEN);
  }

  @Test
  void validate_wrongOrMissingTyp_wrongTokenType() throws Exception {
    rejected(rs256(header("RS256", "JWT", ""), validPayload(), KEYS.active().privateKey()),
        TokenFailureReason.WRONG_TOKEN_TYPE);
    rejected(rs256(header("RS256", null, ""), validPayload(), KEYS.active().privateKey()),
        TokenFailureReason.WRONG_TOKEN_TYPE);
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
    rejected(rs256(header("RS256", "at+jwt", ""), payload("janua", "janua", iat + 600,
        ",\"nbf\":" + (iat + 120)), KEYS.active().privateKey()), TokenFailureReason.NOT_YET_VALID);
  }

  @Test
  void validate_wrongIssuer_wrongIssuer() throws Exception {
    rejected(rs256(header("RS256", "at+jwt", ""), payload("evil", "janua", iat + 600, ""),
        KEYS.active().privateKey()), TokenFailureReason.WRONG_ISSUER);
  }

  @Test
  void validate_wrongAudience_wrongAudience() throws Exception {
    rejected(rs256(header("RS256", "at+jwt", ""), payload("janua", "billing", iat + 600, ""),
        KEYS.active().privateKey()), TokenFailureReason.WRONG_AUDIENCE);
  }

  @Test
  void validate_duplicateClaim_malformed() throws Exception {
    String dup = validPayload().replace("\"jti\":\"j1\"", "\"jti\":\"j1\",\"sub\":\"someone-else\"");
    rejected(rs256(header("RS256", "at+jwt", ""), dup, KEYS.active().privateKey()),
        TokenFailureReason.MALFORMED);
  }

  @Test
  void validate_wrongClaimType_malformed() throws Exception {
    String numericSub = validPayload().replace("\"sub\":\"" + session.user().id() + "\"", "\"sub\":42");
    rejected(rs256(header("RS256", "at+jwt", ""), numericSub, KEYS.active().privateKey()),
        TokenFailureReason.MALFORMED);
  }

  @Test
  void validate_audienceArrayContainingOurs_accepted() throws Exception {
    String arrayAud = validPayload().replace("\"aud\":\"janua\"", "\"aud\":[\"other\",\"janua\"]");
    assertThat(engine.validate(rs256(header("RS256", "at+jwt", ""), arrayAud, KEYS.active().privateKey())))
        .isNotNull();
  }

  @Test
  void validate_missingSid_missingClaim() throws Exception {
    String noSid = validPayload().replace("\"sid\":\"" + session.session().id() + "\",", "");
    rejected(rs256(header("RS256", "at+jwt", ""), noSid, KEYS.active().privateKey()),
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
    AuthEngine other = engine(config().issuer("someone-else").build());
    rejected(() -> other.validate(session.tokens().accessToken()), TokenFailureReason.WRONG_ISSUER);
  }

  @Test
  void reasons_areDistinctCodes() {
    Set<String> codes = new java.util.HashSet<>();
    for (TokenFailureReason r : TokenFailureReason.values()) {
      assertThat(codes.add(r.code())).as(r.name()).isTrue();
    }
  }
}
