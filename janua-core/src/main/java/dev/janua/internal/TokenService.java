package dev.janua.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.KeyRing;
import dev.janua.SigningKey;
import dev.janua.TokenFailureReason;
import io.jsonwebtoken.Jwts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Signs access tokens (with jjwt) and validates them (with {@link JwtVerifier}, the one strict
 * verifier for every algorithm), in front of a bounded cache of validated tokens whose entries
 * never outlive the token.
 */
public final class TokenService {
  private final AtomicReference<KeyRing> ring;
  private final @Nullable Supplier<KeyRing> reloader;
  private final Clock clock;
  private final String type;
  private final String issuer;
  private final String audience;
  private final String clientId;
  private final Duration ttl;
  private final Duration skew;
  private final JwtVerifier verifier;
  private final @Nullable Cache<String, AccessClaims> validated;
  private final long reloadEveryMillis;
  /** When the last unknown-kid reload ran, by the engine's clock; none yet at first. */
  private final AtomicLong lastReloadMillis = new AtomicLong(Long.MIN_VALUE);

  /**
   * @param ring     the initial key ring
   * @param reloader reloads the ring when a token names an unknown kid (at most once per {@code
   *                 JWT_UNKNOWN_KID_RELOAD_SECONDS}), returning {@code null} when it could not, or
   *                 {@code null} when keys never change behind the engine's back
   * @param clock    the time source
   * @param config   the {@code typ}, {@code iss}, {@code aud} and {@code client_id} to write and
   *                 require, the lifetime, the clock skew and the validated-token cache size (0
   *                 disables the cache)
   */
  public TokenService(KeyRing ring, @Nullable Supplier<KeyRing> reloader, Clock clock,
      JanuaConfig config) {
    this.ring = new AtomicReference<>(ring);
    this.reloader = reloader;
    this.clock = clock;
    this.type = config.accessTokenType().header();
    this.issuer = config.issuer();
    this.audience = config.audience();
    this.clientId = config.clientId();
    this.ttl = config.accessTokenTtl();
    this.skew = config.clockSkew();
    this.verifier = new JwtVerifier(clock, config);
    this.reloadEveryMillis = config.unknownKidReloadInterval().toMillis();
    // Bounded by size only: every hit checks exp against the engine's clock (and drops an expired
    // entry), so a per-entry Expiry would add nothing but its cost, which on the hit path is most
    // of the time (docs/performance.md, "validate, same token again").
    this.validated = config.tokenCacheMaxSize() == 0 ? null : Caffeine.newBuilder()
        .maximumSize(config.tokenCacheMaxSize())
        .build();
  }

  /** The current key ring, a pending key that is due by now having taken over. */
  public KeyRing keyRing() {
    return ringAt(clock.instant());
  }

  private KeyRing ringAt(Instant now) {
    KeyRing current = ring.get();
    KeyRing advanced = current.advancedTo(now);
    if (advanced != current) {
      ring.compareAndSet(current, advanced);
    }
    return advanced;
  }

  /**
   * Replaces the key ring (rotation, reload). Cached validations stay valid while their keys still
   * verify; when a key left the ring (deleted), every cached validation is dropped so that no token
   * of that key is accepted from the cache.
   */
  public void keyRing(KeyRing next) {
    KeyRing previous = ring.getAndSet(next);
    if (validated != null) {
      for (SigningKey k : previous.keys()) {
        if (next.find(k.kid()).isEmpty()) {
          validated.invalidateAll();
          return;
        }
      }
    }
  }

  /** Access token lifetime. */
  public Duration ttl() {
    return ttl;
  }

  /**
   * An access token for {@code grant}, signed by the ring's active key: header {@code typ} (the
   * configured type) and {@code kid}; claims {@code iss aud sub client_id jti iat exp sid}, and
   * {@code org roles scope amr auth_time} when the grant has them (docs/tokens.md). ES256 signatures are
   * normalised to low S, the only form the verifier accepts.
   */
  public Issued issue(AccessGrant grant, Instant now) {
    SigningKey key = ringAt(now).active();
    String jti = UUID.randomUUID().toString();
    Instant exp = now.plus(ttl);
    var builder = Jwts.builder()
        .header().keyId(key.kid()).type(type).and()
        .issuer(issuer)
        .audience().add(audience).and()
        .subject(grant.userId())
        .claim("client_id", clientId)
        .id(jti)
        .issuedAt(Date.from(now))
        .expiration(Date.from(exp))
        .claim("sid", grant.sessionId());
    if (grant.organizationId() != null) {
      builder.claim("org", grant.organizationId());
    }
    if (!grant.roles().isEmpty()) {
      builder.claim("roles", grant.roles());
    }
    if (!grant.scopes().isEmpty()) {
      builder.claim("scope", String.join(" ", grant.scopes()));
    }
    if (!grant.amr().isEmpty()) {
      builder.claim("amr", grant.amr());
    }
    if (grant.authTime() != null) {
      builder.claim("auth_time", grant.authTime().getEpochSecond());
    }
    String token = "RS256".equals(key.algorithm())
        ? builder.signWith(key.privateKey(), Jwts.SIG.RS256).compact()
        : EcdsaP256.withLowS(builder.signWith(key.privateKey(), Jwts.SIG.ES256).compact());
    return new Issued(token, jti, exp);
  }

  /**
   * A freshly signed token with its id and expiry.
   *
   * @param token     the compact JWS
   * @param jti       its {@code jti} claim
   * @param expiresAt its {@code exp} claim
   */
  public record Issued(String token, String jti, Instant expiresAt) {}

  /**
   * The result of a signature and claims check.
   *
   * @param claims what the token says; its session is still to be checked
   * @param cached whether the check came from the validated-token cache (no signature work)
   */
  public record Verified(AccessClaims claims, boolean cached) {}

  /**
   * Checks signature, header and claims (not the session). Costs no signature work when the same
   * token was verified before and is still in the cache.
   *
   * @throws InvalidTokenException with the reason
   */
  public Verified verify(String token) {
    return verify(token, clock.instant());
  }

  /**
   * Like {@link #verify(String)}, with the engine clock's {@code now} read by the caller (who
   * checks the session against the same instant: one clock read per validation).
   *
   * @throws InvalidTokenException with the reason
   */
  public Verified verify(String token, Instant now) {
    JwtVerifier.precheck(token);
    if (validated != null) {
      AccessClaims hit = validated.getIfPresent(token);
      if (hit != null) {
        // The cache holds entries past their exp (it is bounded by size); the engine clock decides.
        if (!now.isAfter(hit.expiresAt().plus(skew))) {
          return new Verified(hit, true);
        }
        validated.invalidate(token);
        throw new InvalidTokenException(TokenFailureReason.EXPIRED);
      }
    }
    AccessClaims claims;
    try {
      claims = verifier.verify(token, ring.get());
    } catch (InvalidTokenException e) {
      if (e.reason() == TokenFailureReason.UNKNOWN_KEY && reload()) {
        claims = verifier.verify(token, ring.get());
      } else {
        throw e;
      }
    }
    if (validated != null) {
      validated.put(token, claims);
    }
    return new Verified(claims, false);
  }

  /**
   * Reloads the ring for an unknown kid, at most once per interval by the engine's clock, however
   * many threads ask at once: a flood of random kids costs one store read per interval.
   */
  private boolean reload() {
    if (reloader == null) {
      return false;
    }
    long now = clock.millis();
    long last = lastReloadMillis.get();
    if (last != Long.MIN_VALUE && now - last < reloadEveryMillis && now >= last) {
      return false;
    }
    if (!lastReloadMillis.compareAndSet(last, now)) {
      return false; // another thread reloads
    }
    KeyRing fresh = reloader.get();
    if (fresh == null) {
      return false;
    }
    keyRing(fresh);
    return true;
  }
}
