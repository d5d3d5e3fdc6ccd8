package dev.janua.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.janua.InvalidTokenException;
import dev.janua.KeyRing;
import dev.janua.SigningKey;
import dev.janua.TokenFailureReason;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.Locator;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.security.SignatureException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs access tokens and validates them: one immutable jjwt parser whose key locator enforces the
 * key ring's per-key algorithm allowlist and refuses key-carrying headers, and a bounded cache of
 * validated tokens whose entries never outlive the token.
 */
public final class TokenService {
  /** The {@code typ} header of access tokens (RFC 9068). */
  public static final String ACCESS_TOKEN_TYPE = "at+jwt";

  /** Our tokens are under 1 KiB; anything past 8 KiB is refused before any parsing. */
  private static final int MAX_TOKEN_LENGTH = 8192;
  private static final List<String> FORBIDDEN_HEADERS = List.of("jku", "x5u", "jwk", "x5c", "crit");
  private static final Pattern ALG = Pattern.compile("\"alg\"\\s*:\\s*\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern FORBIDDEN = Pattern.compile("\"(jku|x5u|jwk|x5c|crit)\"\\s*:");

  private final AtomicReference<KeyRing> ring;
  private final Supplier<KeyRing> reloader;
  private final Clock clock;
  private final String issuer;
  private final String audience;
  private final Duration ttl;
  private final Duration skew;
  private final JwtParser parser;
  private final Cache<String, AccessClaims> validated;
  private volatile long lastReloadNanos = System.nanoTime() - Duration.ofMinutes(1).toNanos();

  /**
   * @param ring       the initial key ring
   * @param reloader   reloads the ring when a token names an unknown kid (at most every 5 s), or
   *                   {@code null} when keys never change behind the engine's back
   * @param clock      the time source
   * @param issuer     the {@code iss} to issue and require
   * @param audience   the {@code aud} to issue and require
   * @param ttl        access token lifetime
   * @param skew       tolerated clock skew
   * @param cacheSize  validated-token cache size; 0 disables the cache
   */
  public TokenService(KeyRing ring, Supplier<KeyRing> reloader, Clock clock, String issuer,
      String audience, Duration ttl, Duration skew, long cacheSize) {
    this.ring = new AtomicReference<>(ring);
    this.reloader = reloader;
    this.clock = clock;
    this.issuer = issuer;
    this.audience = audience;
    this.ttl = ttl;
    this.skew = skew;
    this.parser = Jwts.parser()
        .keyLocator(new KeyLocator())
        .requireIssuer(issuer)
        .requireAudience(audience)
        .clockSkewSeconds(skew.getSeconds())
        .clock(() -> Date.from(clock.instant()))
        .build();
    this.validated = cacheSize == 0 ? null : Caffeine.newBuilder()
        .maximumSize(cacheSize)
        .expireAfter(Expiry.<String, AccessClaims>creating((token, p) -> {
          Duration left = Duration.between(clock.instant(), p.expiresAt().plus(skew));
          return left.isNegative() ? Duration.ZERO : left;
        }))
        .build();
  }

  /** The current key ring. */
  public KeyRing keyRing() {
    return ring.get();
  }

  /** Replaces the key ring (rotation). Cached validations stay valid: their keys still verify. */
  public void keyRing(KeyRing next) {
    ring.set(next);
  }

  /** Access token lifetime. */
  public Duration ttl() {
    return ttl;
  }

  /** A signed access token. */
  public Issued issue(String userId, String sessionId, String organizationId, Instant now) {
    SigningKey key = ring.get().active();
    String jti = UUID.randomUUID().toString();
    Instant exp = now.plus(ttl);
    var builder = Jwts.builder()
        .header().keyId(key.kid()).type(ACCESS_TOKEN_TYPE).and()
        .issuer(issuer)
        .audience().add(audience).and()
        .subject(userId)
        .id(jti)
        .issuedAt(Date.from(now))
        .expiration(Date.from(exp))
        .claim("sid", sessionId);
    if (organizationId != null) {
      builder.claim("org", organizationId);
    }
    String token = "RS256".equals(key.algorithm())
        ? builder.signWith(key.privateKey(), Jwts.SIG.RS256).compact()
        : builder.signWith(key.privateKey(), Jwts.SIG.ES256).compact();
    return new Issued(token, jti, exp);
  }

  /** A freshly signed token with its id and expiry. */
  public record Issued(String token, String jti, Instant expiresAt) {}

  /** The result of a signature and claims check. */
  public record Verified(AccessClaims claims, boolean cached) {}

  /**
   * Checks signature, header and claims (not the session). Costs no RSA work when the same token
   * was verified before and is still in the cache.
   *
   * @throws InvalidTokenException with the reason
   */
  public Verified verify(String token) {
    if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
      throw new InvalidTokenException(TokenFailureReason.MALFORMED);
    }
    if (token.startsWith(RefreshTokens.PREFIX)) {
      throw new InvalidTokenException(TokenFailureReason.REFRESH_TOKEN_AS_ACCESS_TOKEN);
    }
    if (validated != null) {
      AccessClaims hit = validated.getIfPresent(token);
      if (hit != null) {
        // Caffeine expires on its own ticker; the injected clock decides.
        if (clock.instant().isBefore(hit.expiresAt().plus(skew))) {
          return new Verified(hit, true);
        }
        validated.invalidate(token);
        throw new InvalidTokenException(TokenFailureReason.EXPIRED);
      }
    }
    AccessClaims p;
    try {
      p = parseFast(token);
    } catch (InvalidTokenException e) {
      if (e.reason() == TokenFailureReason.UNKNOWN_KEY && reload()) {
        p = parseFast(token);
      } else {
        throw e;
      }
    }
    if (validated != null) {
      validated.put(token, p);
    }
    return new Verified(p, false);
  }

  private boolean reload() {
    long nowNanos = System.nanoTime();
    if (reloader == null || nowNanos - lastReloadNanos < Duration.ofSeconds(5).toNanos()) {
      return false;
    }
    lastReloadNanos = nowNanos;
    KeyRing fresh = reloader.get();
    if (fresh == null) {
      return false;
    }
    ring.set(fresh);
    return true;
  }

  /**
   * The RS256 fast path: split once, check the header, verify with a per-thread {@link Signature},
   * read the claims with one Jackson tree each. Same checks and reasons as the jjwt path, which
   * still handles ES256. Measured against bare jjwt and Nimbus in the benchmarks module.
   */
  private AccessClaims parseFast(String token) {
    int d1 = token.indexOf('.');
    int d2 = d1 < 0 ? -1 : token.indexOf('.', d1 + 1);
    if (d1 <= 0 || d2 < 0 || token.indexOf('.', d2 + 1) >= 0) {
      throw new InvalidTokenException(TokenFailureReason.MALFORMED);
    }
    JsonNode header = json(token, 0, d1);
    for (String name : FORBIDDEN_HEADERS) {
      if (header.has(name)) {
        throw new InvalidTokenException(TokenFailureReason.FORBIDDEN_HEADER);
      }
    }
    String alg = text(header, "alg");
    if (alg == null) {
      throw new InvalidTokenException(TokenFailureReason.MALFORMED);
    }
    if (!alg.equals("RS256") && !alg.equals("ES256")) {
      throw new InvalidTokenException(TokenFailureReason.ALGORITHM_NOT_ALLOWED);
    }
    if (!ACCESS_TOKEN_TYPE.equals(text(header, "typ"))) {
      throw new InvalidTokenException(TokenFailureReason.WRONG_TOKEN_TYPE);
    }
    if (header.has("zip") || header.has("enc") || header.has("b64")) {
      throw new InvalidTokenException(TokenFailureReason.MALFORMED);
    }
    String kid = text(header, "kid");
    SigningKey key = kid == null ? null : ring.get().find(kid).orElse(null);
    if (key == null) {
      throw new InvalidTokenException(TokenFailureReason.UNKNOWN_KEY);
    }
    if (!key.algorithm().equals(alg)) {
      throw new InvalidTokenException(TokenFailureReason.ALGORITHM_NOT_ALLOWED);
    }
    if (!alg.equals("RS256")) {
      return parse(token);
    }
    byte[] signature = decode(token, d2 + 1, token.length());
    if (signature.length == 0 || !Rs256.verify(key.publicKey(), token, d2, signature)) {
      throw new InvalidTokenException(TokenFailureReason.BAD_SIGNATURE);
    }
    return claims(json(token, d1 + 1, d2));
  }

  private AccessClaims claims(JsonNode c) {
    if (!issuer.equals(text(c, "iss"))) {
      throw new InvalidTokenException(TokenFailureReason.WRONG_ISSUER);
    }
    JsonNode aud = c.get("aud");
    boolean audienceOk = aud != null && (aud.isTextual() ? audience.equals(aud.textValue())
        : aud.isArray() && contains(aud, audience));
    if (!audienceOk) {
      throw new InvalidTokenException(TokenFailureReason.WRONG_AUDIENCE);
    }
    String sub = text(c, "sub");
    String sid = text(c, "sid");
    String jti = text(c, "jti");
    Instant iat = numericDate(c, "iat");
    Instant exp = numericDate(c, "exp");
    if (sub == null || sid == null || jti == null || iat == null || exp == null) {
      throw new InvalidTokenException(TokenFailureReason.MISSING_CLAIM);
    }
    Instant now = clock.instant();
    if (now.isAfter(exp.plus(skew))) {
      throw new InvalidTokenException(TokenFailureReason.EXPIRED);
    }
    Instant nbf = numericDate(c, "nbf");
    if (nbf != null && now.plus(skew).isBefore(nbf)) {
      throw new InvalidTokenException(TokenFailureReason.NOT_YET_VALID);
    }
    return new AccessClaims(sub, sid, text(c, "org"), jti, iat, exp);
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode n : array) {
      if (n.isTextual() && value.equals(n.textValue())) {
        return true;
      }
    }
    return false;
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
    return v.isIntegralNumber() ? Instant.ofEpochSecond(v.longValue())
        : Instant.ofEpochMilli((long) (v.doubleValue() * 1000));
  }

  private static byte[] decode(String token, int from, int to) {
    try {
      return Base64.getUrlDecoder().decode(token.substring(from, to));
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException(TokenFailureReason.MALFORMED);
    }
  }

  private static JsonNode json(String token, int from, int to) {
    try {
      JsonNode node = JSON.readTree(decode(token, from, to));
      if (node == null || !node.isObject()) {
        throw new InvalidTokenException(TokenFailureReason.MALFORMED);
      }
      return node;
    } catch (java.io.IOException e) {
      throw new InvalidTokenException(TokenFailureReason.MALFORMED);
    }
  }

  /** SHA256withRSA with one {@link Signature} per thread, re-initialised only when the key changes. */
  private static final class Rs256 {
    private static final ThreadLocal<Rs256> LOCAL = ThreadLocal.withInitial(Rs256::new);
    private final Signature signature;
    private java.security.PublicKey key;

    private Rs256() {
      try {
        signature = Signature.getInstance("SHA256withRSA");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA256withRSA is required of every JVM", e);
      }
    }

    static boolean verify(java.security.PublicKey key, String token, int signedLength, byte[] sig) {
      Rs256 r = LOCAL.get();
      try {
        if (r.key != key) {
          r.signature.initVerify(key);
          r.key = key;
        }
        for (int i = 0; i < signedLength; i++) {
          r.signature.update((byte) token.charAt(i));
        }
        return r.signature.verify(sig);
      } catch (java.security.GeneralSecurityException e) {
        r.key = null; // the Signature's state is unknown: initialise again next time
        return false;
      }
    }
  }

  private AccessClaims parse(String token) {
    Jws<Claims> jws;
    try {
      jws = parser.parseSignedClaims(token);
    } catch (InvalidTokenException e) {
      throw e;
    } catch (ExpiredJwtException e) {
      throw new InvalidTokenException(TokenFailureReason.EXPIRED);
    } catch (PrematureJwtException e) {
      throw new InvalidTokenException(TokenFailureReason.NOT_YET_VALID);
    } catch (IncorrectClaimException | MissingClaimException e) {
      String claim = e instanceof IncorrectClaimException ice ? ice.getClaimName()
          : ((MissingClaimException) e).getClaimName();
      throw new InvalidTokenException(switch (claim) {
        case "iss" -> TokenFailureReason.WRONG_ISSUER;
        case "aud" -> TokenFailureReason.WRONG_AUDIENCE;
        default -> TokenFailureReason.MISSING_CLAIM;
      });
    } catch (SignatureException e) {
      throw new InvalidTokenException(TokenFailureReason.BAD_SIGNATURE);
    } catch (RuntimeException e) {
      // Unsecured ("alg":"none") tokens, unknown algorithms and headers jjwt cannot even parse
      // (a bogus "jwk") land here: the raw header tells which.
      throw new InvalidTokenException(classifyHeader(token));
    }
    Claims c = jws.getPayload();
    String sub = c.getSubject();
    String sid = c.get("sid", String.class);
    String jti = c.getId();
    Date iat = c.getIssuedAt();
    Date exp = c.getExpiration();
    if (sub == null || sid == null || jti == null || iat == null || exp == null) {
      throw new InvalidTokenException(TokenFailureReason.MISSING_CLAIM);
    }
    return new AccessClaims(sub, sid, c.get("org", String.class), jti, iat.toInstant(), exp.toInstant());
  }

  /** Why a token jjwt refused is bad, judged from its raw header; read only on failure paths. */
  private static TokenFailureReason classifyHeader(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return TokenFailureReason.MALFORMED;
    }
    String header;
    try {
      header = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return TokenFailureReason.MALFORMED;
    }
    if (FORBIDDEN.matcher(header).find()) {
      return TokenFailureReason.FORBIDDEN_HEADER;
    }
    Matcher alg = ALG.matcher(header);
    if (alg.find() && !alg.group(1).equals("RS256") && !alg.group(1).equals("ES256")) {
      return TokenFailureReason.ALGORITHM_NOT_ALLOWED;
    }
    return TokenFailureReason.MALFORMED;
  }

  /** Picks the verification key named by {@code kid}, enforcing its algorithm and the header rules. */
  private final class KeyLocator implements Locator<Key> {
    @Override
    public Key locate(io.jsonwebtoken.Header header) {
      for (String name : FORBIDDEN_HEADERS) {
        if (header.containsKey(name)) {
          throw new InvalidTokenException(TokenFailureReason.FORBIDDEN_HEADER);
        }
      }
      if (!ACCESS_TOKEN_TYPE.equals(header.getType())) {
        throw new InvalidTokenException(TokenFailureReason.WRONG_TOKEN_TYPE);
      }
      Object kid = header.get("kid");
      SigningKey key = kid instanceof String s ? ring.get().find(s).orElse(null) : null;
      if (key == null) {
        throw new InvalidTokenException(TokenFailureReason.UNKNOWN_KEY);
      }
      if (!key.algorithm().equals(header.getAlgorithm())) {
        throw new InvalidTokenException(TokenFailureReason.ALGORITHM_NOT_ALLOWED);
      }
      return key.publicKey();
    }
  }
}
