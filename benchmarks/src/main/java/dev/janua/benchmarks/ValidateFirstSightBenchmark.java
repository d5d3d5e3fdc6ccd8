package dev.janua.benchmarks;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.janua.AuthResult;
import dev.janua.Principal;
import io.jsonwebtoken.Claims;
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
 * {@code validate} of a token the engine has not seen, against the physical floor (a bare {@code
 * java.security.Signature} RS256 verify of the token's signing input), bare jjwt RS256 parse+verify and
 * Nimbus {@code SignedJWT.parse} + {@code RSASSAVerifier} + claims check, on the same tokens and
 * the same key.
 *
 * <p>Fairness: Janua's validated-token cache is turned off ({@code tokenCacheMaxSize(0)}), so every
 * call pays what a first sight pays: header checks, the RSA signature, the claims, and the session
 * lookup. Signing a fresh token per invocation would cost a private-key operation (about 30 times a
 * verify) per measured call, so instead all three verify the same rotating set of {@value #TOKENS}
 * distinct tokens. What a real first sight pays on top, a cache miss and one insertion into the
 * Caffeine cache, is a few hundred nanoseconds against tens of microseconds of RSA
 * (docs/performance.md explains the choice).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ValidateFirstSightBenchmark {
  static final int TOKENS = 256;

  private Fixture fixture;
  private Peers peers;
  private String[] tokens;
  private Peers.SignedInput[] signed;
  private Peers.BareVerifier bare;
  private int next;

  /** One engine without a token cache, one account, {@value #TOKENS} access tokens of its session. */
  @Setup(Level.Trial)
  public void setUp() {
    fixture = Fixture.create(Fixture.config().tokenCacheMaxSize(0).build(), null);
    AuthResult first = fixture.signUp(Fixture.EMAIL);
    tokens = new String[TOKENS];
    String refresh = first.tokens().refreshToken();
    for (int i = 0; i < TOKENS; i++) {
      AuthResult r = fixture.engine().refresh(refresh, Fixture.CLIENT);
      tokens[i] = r.tokens().accessToken();
      refresh = r.tokens().refreshToken();
    }
    var config = fixture.engine().config();
    peers = new Peers(fixture.publicKey(), config.issuer(), config.audience());
    signed = new Peers.SignedInput[TOKENS];
    for (int i = 0; i < TOKENS; i++) {
      signed[i] = Peers.SignedInput.of(tokens[i]);
    }
    bare = new Peers.BareVerifier(fixture.publicKey());
    bare.verify(signed[0]);
    // Fail here, not in the measurement, when any of the three refuses the tokens.
    fixture.engine().validate(tokens[0]);
    peers.jjwt(tokens[0]);
    peers.nimbus(tokens[0]);
  }

  private String token() {
    int i = next;
    next = (i + 1) & (TOKENS - 1);
    return tokens[i];
  }

  /** Janua: signature, header rules, claims, session liveness. */
  @Benchmark
  public Principal janua() {
    return fixture.engine().validate(token());
  }

  /** Bare jjwt: the floor (RSA verify plus JSON). */
  @Benchmark
  public Claims jjwt() {
    return peers.jjwt(token());
  }

  /**
   * The physical floor: a bare {@code java.security.Signature} SHA256withRSA verify of the same
   * token's signing input, split and decoded in the setup (no parsing, no claims, no session).
   */
  @Benchmark
  public boolean bareVerify() {
    int i = next;
    next = (i + 1) & (TOKENS - 1);
    return bare.verify(signed[i]);
  }

  /** Nimbus, as Spring Security's resource server uses it. */
  @Benchmark
  public JWTClaimsSet nimbus() {
    return peers.nimbus(token());
  }
}
