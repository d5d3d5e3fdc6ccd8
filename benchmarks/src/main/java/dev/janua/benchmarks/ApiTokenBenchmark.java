package dev.janua.benchmarks;

import dev.janua.Organization;
import dev.janua.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
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
 * A warm API-token authentication ({@code engine.authenticate("jnu_...")}: the token seen before,
 * its record, its owner and the owner's membership read again, as every use does) against a warm
 * access-token validation ({@code engine.validate}, the same token again: a cache probe and the
 * session lookup), in one engine on the in-memory store. Rate limits are off for both, as in the
 * other validation rows; the per-token limit adds one decision (see the rate-limit row).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ApiTokenBenchmark {
  private Fixture fixture;
  private String accessToken;
  private String apiToken;

  /** An account with an organization, an access token and an API token, each used once. */
  @Setup(Level.Trial)
  public void setUp() {
    fixture = Fixture.create(Fixture.config().build(), null);
    accessToken = fixture.signUp(Fixture.EMAIL).tokens().accessToken();
    Principal p = fixture.engine().validate(accessToken);
    Organization org = fixture.engine().organizations().create(p, "Bench", "bench-org");
    apiToken = fixture.engine().apiTokens().create(p, org.id(), "bench", Set.of("org:read"),
        Instant.now().plus(Duration.ofDays(30))).token();
    fixture.engine().authenticate(apiToken);
  }

  /** Janua, an API token seen before. */
  @Benchmark
  public Principal apiToken() {
    return fixture.engine().authenticate(apiToken);
  }

  /** Janua, an access token seen before. */
  @Benchmark
  public Principal accessToken() {
    return fixture.engine().validate(accessToken);
  }
}
