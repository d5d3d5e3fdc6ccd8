package dev.janua.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.janua.Principal;
import dev.janua.Session;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.Store;
import io.jsonwebtoken.Claims;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code validate} of a token seen before against what a user of jjwt or Nimbus would build for
 * the same job: the bare library behind a Caffeine cache of verified claims (keyed by the token,
 * bounded like Janua's {@code TOKEN_CACHE_MAX_SIZE}), an {@code exp} check against the clock, and
 * the session-liveness lookup Janua does on every call (the same in-memory store's {@code
 * sessions().find}, then {@code isLive(now)}). Bare jjwt verifying again is kept for information.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ValidateAgainBenchmark {
  private Fixture fixture;
  private Peers peers;
  private Store store;
  private String token;
  private Cache<String, Claims> jjwtCache;
  private Cache<String, JWTClaimsSet> nimbusCache;
  private Cache<String, Claims> expiringCache;

  /** An engine with the default token cache, and a token it (and each peer) has validated once. */
  @Setup(Level.Trial)
  public void setUp() {
    store = new InMemoryStore();
    fixture = Fixture.create(Fixture.config().build(), store);
    token = fixture.signUp(Fixture.EMAIL).tokens().accessToken();
    var config = fixture.engine().config();
    peers = new Peers(fixture.publicKey(), config.issuer(), config.audience());
    long size = Math.max(1, config.tokenCacheMaxSize());
    jjwtCache = Caffeine.newBuilder().maximumSize(size).build();
    nimbusCache = Caffeine.newBuilder().maximumSize(size).build();
    // As Janua's own token cache is built: each entry expires at its token's exp.
    expiringCache = Caffeine.newBuilder().maximumSize(size)
        .expireAfter(Expiry.<String, Claims>creating((t, c) -> {
          Duration left = Duration.between(Instant.now(), c.getExpiration().toInstant());
          return left.isNegative() ? Duration.ZERO : left;
        })).build();
    fixture.engine().validate(token);
    peers.jjwt(token);
    if (jjwtCached() == null || nimbusCached() == null || jjwtCachedExpiring() == null) {
      throw new IllegalStateException("the cached peers should accept the token");
    }
  }

  /** Janua, cached: a cache probe, an expiry check against the clock, the session lookup. */
  @Benchmark
  public Principal janua() {
    return fixture.engine().validate(token);
  }

  /** jjwt + Caffeine of verified claims + exp check + the session lookup in the same store. */
  @Benchmark
  public Claims jjwtCached() {
    Claims c = jjwtCache.getIfPresent(token);
    if (c == null) {
      c = peers.jjwt(token);
      jjwtCache.put(token, c);
    }
    Instant now = Instant.now();
    if (!c.getExpiration().toInstant().isAfter(now)) {
      throw new IllegalStateException("expired");
    }
    requireLive(c.getSubject(), c.get("sid", String.class), now);
    return c;
  }

  /** Nimbus + Caffeine of verified claims + exp check + the session lookup in the same store. */
  @Benchmark
  public JWTClaimsSet nimbusCached() {
    JWTClaimsSet c = nimbusCache.getIfPresent(token);
    if (c == null) {
      c = peers.nimbus(token);
      nimbusCache.put(token, c);
    }
    Instant now = Instant.now();
    Date exp = c.getExpirationTime();
    if (!exp.toInstant().isAfter(now)) {
      throw new IllegalStateException("expired");
    }
    try {
      requireLive(c.getSubject(), c.getStringClaim("sid"), now);
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
    return c;
  }

  /**
   * For the profile, not a peer: {@link #jjwtCached} with a cache whose entries expire at their
   * token's {@code exp} (a variable {@code Expiry}), as Janua's token cache is built.
   */
  @Benchmark
  public Claims jjwtCachedExpiring() {
    Claims c = expiringCache.getIfPresent(token);
    if (c == null) {
      c = peers.jjwt(token);
      expiringCache.put(token, c);
    }
    Instant now = Instant.now();
    if (!c.getExpiration().toInstant().isAfter(now)) {
      throw new IllegalStateException("expired");
    }
    requireLive(c.getSubject(), c.get("sid", String.class), now);
    return c;
  }

  private void requireLive(String userId, String sessionId, Instant now) {
    Session s = store.sessions().find(sessionId).orElse(null);
    if (s == null || !s.userId().equals(userId) || !s.isLive(now)) {
      throw new IllegalStateException("session ended");
    }
  }

  /** Bare jjwt, which verifies the signature again every time (the old, unfair peer). */
  @Benchmark
  public Claims jjwt() {
    return peers.jjwt(token);
  }
}
