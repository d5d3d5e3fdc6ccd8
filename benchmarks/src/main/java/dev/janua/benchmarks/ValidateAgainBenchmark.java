package dev.janua.benchmarks;

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
 * {@code validate} of a token seen before (the validated-token cache answers, the session is still
 * looked up) against bare jjwt verifying the same token every time.
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
  private String token;

  /** An engine with the default token cache, and a token it has validated once. */
  @Setup(Level.Trial)
  public void setUp() {
    fixture = Fixture.create(Fixture.config().build(), null);
    token = fixture.signUp(Fixture.EMAIL).tokens().accessToken();
    var config = fixture.engine().config();
    peers = new Peers(fixture.publicKey(), config.issuer(), config.audience());
    fixture.engine().validate(token);
    peers.jjwt(token);
  }

  /** Janua, cached: a cache probe, an expiry check against the clock, the session lookup. */
  @Benchmark
  public Principal janua() {
    return fixture.engine().validate(token);
  }

  /** Bare jjwt, which verifies the signature again every time. */
  @Benchmark
  public Claims jjwt() {
    return peers.jjwt(token);
  }
}
