package dev.janua.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.KeyRing;
import dev.janua.SigningKey;
import dev.janua.TokenFailureReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one access-token verifier, for every algorithm Janua issues (RS256 and ES256), hand-written
 * so that nothing is accepted by accident. Cheapest checks first, and the header before any key
 * use: shape, header rules, the key named by {@code kid} and its one algorithm, one canonical
 * spelling of every segment, the signature with a per-thread {@link Signature}, then the claims
 * with strict types. Every refusal is an {@link InvalidTokenException} whose reason says which
 * check failed; no message carries token content.
 */
final class JwtVerifier {
  /** Our tokens are under 1 KiB; anything past 8 KiB is refused before any parsing. */
  static final int MAX_TOKEN_LENGTH = 8192;

  private static final List<String> FORBIDDEN_HEADERS = List.of("jku", "x5u", "jwk", "x5c", "crit");
  /**
   * Headers of JWE, compression, unencoded payloads, nested or typed content ({@code cty}) and
   * certificate thumbprints (keys are named by {@code kid} only): none is in an access token of
   * ours, and other libraries read each differently.
   */
  private static final List<String> UNSUPPORTED_HEADERS =
      List.of("zip", "enc", "b64", "cty", "x5t", "x5t#S256");
  /** 9999-12-31T23:59:59Z. Past it a NumericDate is nonsense and would overflow Instant math. */
  private static final long MAX_NUMERIC_DATE = 253_402_300_799L;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Clock clock;
  private final String type;
  private final String issuer;
  private final String audience;
  private final Duration skew;
  /** The longest {@code exp - iat} accepted: the access-token lifetime plus the skew. */
  private final Duration maxLifetime;

  /**
   * A verifier of the configured {@code typ}, {@code iss} and {@code aud}, with its clock skew, and
   * no token living longer than the configured access-token lifetime (plus the skew).
   */
  JwtVerifier(Clock clock, JanuaConfig config) {
    this(clock, config.accessTokenType().header(), config.issuer(), config.audience(),
        config.clockSkew(), config.accessTokenTtl());
  }

  /**
   * A verifier of this {@code typ}, {@code iss} and {@code aud}, with its clock skew, refusing a
   * token whose {@code exp - iat} exceeds {@code lifetime} plus the skew.
   */
  JwtVerifier(Clock clock, String type, String issuer, String audience, Duration skew,
      Duration lifetime) {
    this.clock = clock;
    this.type = type;
    this.issuer = issuer;
    this.audience = audience;
    this.skew = skew;
    this.maxLifetime = lifetime.plus(skew);
  }

  /**
   * The checks that need no parsing: run before the validated-token cache is consulted, so an
   * oversized string is never even hashed.
   *
   * @throws InvalidTokenException {@code MALFORMED} or {@code REFRESH_TOKEN_AS_ACCESS_TOKEN}
   */
  static void precheck(String token) {
    if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
      throw new InvalidTokenException(TokenFailureReason.MALFORMED);
    }
    if (token.startsWith(RefreshTokens.PREFIX)) {
      throw new InvalidTokenException(TokenFailureReason.REFRESH_TOKEN_AS_ACCESS_TOKEN);
    }
  }

  /**
   * Verifies {@code token} against the keys of {@code ring}.
   *
   * @throws InvalidTokenException with the reason of the first check that fails
   */
  AccessClaims verify(String token, KeyRing ring) {
    return verify(token, kid -> ring.find(kid).orElse(null));
  }

  /**
   * Verifies {@code token} against the key {@code keys} returns for its {@code kid} ({@code null}
   * for an unknown kid).
   *
   * @throws InvalidTokenException with the reason of the first check that fails
   */
  AccessClaims verify(String token, Function<String, SigningKey> keys) {
    precheck(token);
    int d1 = token.indexOf('.');
    int d2 = d1 < 0 ? -1 : token.indexOf('.', d1 + 1);
    if (d1 <= 0 || d2 < 0 || token.indexOf('.', d2 + 1) >= 0) {
      throw new InvalidTokenException(TokenFailureReason.MALFORMED);
    }
    SigningKey key = key(json(Base64Url.decode(token, 0, d1)), keys, type);
    // Decoding the payload before hashing also proves every signed character is in the alphabet:
    // the signature input is taken one byte per char.
    byte[] payload = Base64Url.decode(token, d1 + 1, d2);
    byte[] signature = Base64Url.decode(token, d2 + 1, token.length());
    if ("ES256".equals(key.algorithm())) {
      if (signature.length != EcdsaP256.LENGTH || !EcdsaP256.inRange(signature)) {
        throw new InvalidTokenException(TokenFailureReason.BAD_SIGNATURE);
      }
      if (!EcdsaP256.lowS(signature)) {
        throw new InvalidTokenException(TokenFailureReason.NON_CANONICAL);
      }
    } else if (signature.length != modulusBytes(key.publicKey())) {
      throw new InvalidTokenException(TokenFailureReason.BAD_SIGNATURE);
    }
    if (!Verifiers.verify(key, token, d2, signature)) {
      throw new InvalidTokenException(TokenFailureReason.BAD_SIGNATURE);
    }
    return claims(json(payload));
  }

  /**
   * The header rules, with exactly the configured {@code typ} (so no other JWT of the issuer passes
   * for an access token), then the key its {@code kid} names, which must be of the header's alg.
   */
  private static SigningKey key(JsonNode header, Function<String, SigningKey> keys,
      String type) {
    for (String name : FORBIDDEN_HEADERS) {
      if (header.has(name)) {
        throw new InvalidTokenException(TokenFailureReason.FORBIDDEN_HEADER);
      }
    }
    String alg = text(header, "alg");
    if (alg == null) {
      throw new InvalidTokenException(TokenFailureReason.MALFORMED);
    }
    if (!JanuaConfig.ALGORITHMS.contains(alg)) {
      throw new InvalidTokenException(TokenFailureReason.ALGORITHM_NOT_ALLOWED);
    }
    if (!type.equals(text(header, "typ"))) {
      throw new InvalidTokenException(TokenFailureReason.WRONG_TOKEN_TYPE);
    }
    for (String name : UNSUPPORTED_HEADERS) {
      if (header.has(name)) {
        throw new InvalidTokenException(TokenFailureReason.MALFORMED);
      }
    }
    String kid = text(header, "kid");
    SigningKey key = kid == null ? null : keys.apply(kid);
    if (key == null) {
      throw new InvalidTokenException(TokenFailureReason.UNKNOWN_KEY);
    }
    if (!key.algorithm().equals(alg)) {
      throw new InvalidTokenException(TokenFailureReason.ALGORITHM_NOT_ALLOWED);
    }
    return key;
  }

  private AccessClaims claims(JsonNode c) {
    if (!issuer.equals(text(c, "iss"))) {
      throw new InvalidTokenException(TokenFailureReason.WRONG_ISSUER);
    }
    if (!audienceOk(c.get("aud"))) {
      throw new InvalidTokenException(TokenFailureReason.WRONG_AUDIENCE);
    }
    String sub = text(c, "sub");
    String sid = text(c, "sid");
    String jti = text(c, "jti");
    String org = text(c, "org");
    String clientId = text(c, "client_id");
    String scope = text(c, "scope");
    List<String> roles = strings(c, "roles");
    List<String> amr = strings(c, "amr");
    Instant authTime = numericDate(c, "auth_time");
    Instant iat = numericDate(c, "iat");
    Instant exp = numericDate(c, "exp");
    Instant nbf = numericDate(c, "nbf");
    // Blank counts as missing: no issuer means an empty subject, session or token id.
    if (blank(sub) || blank(sid) || blank(jti) || iat == null || exp == null
        || blank(clientId)) {
      throw new InvalidTokenException(TokenFailureReason.MISSING_CLAIM);
    }
    // Both are within [0, 9999-12-31], so the difference cannot overflow.
    if (Duration.between(iat, exp).compareTo(maxLifetime) > 0) {
      throw new InvalidTokenException(TokenFailureReason.LIFETIME_EXCEEDED);
    }
    Instant now = clock.instant();
    if (now.isAfter(exp.plus(skew))) {
      throw new InvalidTokenException(TokenFailureReason.EXPIRED);
    }
    Instant latest = now.plus(skew);
    // A token issued in the future is no more valid yet than one whose nbf is ahead.
    if (latest.isBefore(iat) || (nbf != null && latest.isBefore(nbf))) {
      throw new InvalidTokenException(TokenFailureReason.NOT_YET_VALID);
    }
    List<String> scopes = scope == null || scope.isBlank() ? List.of()
        : List.of(scope.strip().split(" +"));
    return new AccessClaims(sub, sid, org, jti, iat, exp, clientId, scopes, roles, amr, authTime);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** An array-of-strings member, empty when absent; any other type is malformed. */
  private static List<String> strings(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new InvalidTokenException(TokenFailureReason.MALFORMED);
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode n : v) {
      if (!n.isTextual()) {
        throw new InvalidTokenException(TokenFailureReason.MALFORMED);
      }
      out.add(n.textValue());
    }
    return out;
  }

  /** {@code aud} is our audience, or an array of strings that holds it; other types are malformed. */
  private boolean audienceOk(JsonNode aud) {
    if (aud == null || aud.isNull()) {
      return false;
    }
    if (aud.isTextual()) {
      return audience.equals(aud.textValue());
    }
    if (!aud.isArray()) {
      throw new InvalidTokenException(TokenFailureReason.MALFORMED);
    }
    boolean found = false;
    for (JsonNode n : aud) {
      if (!n.isTextual()) {
        throw new InvalidTokenException(TokenFailureReason.MALFORMED);
      }
      found |= audience.equals(n.textValue());
    }
    return found;
  }

  /** A string member, {@code null} when absent; any other type is malformed. */
  private static String text(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidTokenException(TokenFailureReason.MALFORMED);
    }
    return v.textValue();
  }

  /** A NumericDate member (seconds, possibly fractional), {@code null} when absent. */
  private static Instant numericDate(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw new InvalidTokenException(TokenFailureReason.MALFORMED);
    }
    double seconds = v.doubleValue(); // exact for every integer in range
    if (!(seconds >= 0 && seconds <= MAX_NUMERIC_DATE)) {
      throw new InvalidTokenException(TokenFailureReason.MALFORMED);
    }
    return v.isIntegralNumber() ? Instant.ofEpochSecond(v.longValue())
        : Instant.ofEpochMilli((long) (seconds * 1000));
  }

  private static JsonNode json(byte[] utf8) {
    try {
      // UTF-8 only (RFC 8259 8.1), decoded strictly: Jackson alone would detect UTF-16 and UTF-32
      // and let overlong forms and surrogates through, which no other JWT library reads alike.
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8)).toString();
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw new InvalidTokenException(TokenFailureReason.MALFORMED);
      }
      return node;
    } catch (IOException e) {
      // Jackson's message quotes the input: keep it out of the exception.
      throw new InvalidTokenException(TokenFailureReason.MALFORMED);
    }
  }

  private static int modulusBytes(PublicKey key) {
    return key instanceof RSAPublicKey rsa ? (rsa.getModulus().bitLength() + 7) >> 3 : -1;
  }

  /**
   * One {@link Signature} per algorithm and thread, re-initialised only when the key changes, and
   * one buffer for the signing input: verifying allocates nothing but what the provider does.
   */
  private static final class Verifiers {
    private static final ThreadLocal<Verifiers> LOCAL = ThreadLocal.withInitial(Verifiers::new);
    private final byte[] input = new byte[MAX_TOKEN_LENGTH];
    private Signature rs256;
    private PublicKey rs256Key;
    private Signature es256;
    private PublicKey es256Key;

    static boolean verify(SigningKey key, String token, int signedLength, byte[] sig) {
      Verifiers v = LOCAL.get();
      boolean es = "ES256".equals(key.algorithm());
      try {
        Signature s = es ? v.es256() : v.rs256();
        PublicKey current = es ? v.es256Key : v.rs256Key;
        if (current != key.publicKey()) {
          s.initVerify(key.publicKey());
          v.remember(es, key.publicKey());
        }
        byte[] in = v.input;
        for (int i = 0; i < signedLength; i++) {
          in[i] = (byte) token.charAt(i); // ASCII: Base64Url.decode has checked every char
        }
        s.update(in, 0, signedLength);
        return s.verify(sig);
      } catch (GeneralSecurityException e) {
        v.remember(es, null); // the Signature's state is unknown: initialise again next time
        return false;
      }
    }

    private void remember(boolean es, PublicKey key) {
      if (es) {
        es256Key = key;
      } else {
        rs256Key = key;
      }
    }

    private Signature rs256() throws GeneralSecurityException {
      if (rs256 == null) {
        rs256 = Signature.getInstance("SHA256withRSA");
      }
      return rs256;
    }

    private Signature es256() throws GeneralSecurityException {
      if (es256 == null) {
        // JDK 9+: takes the JOSE R||S form directly, so no hand-made DER.
        es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
      }
      return es256;
    }
  }
}
