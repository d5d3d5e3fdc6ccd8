package dev.janua.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.janua.Organization;
import dev.janua.Principal;
import dev.janua.Session;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * {@code checkPermission} of an owner on the in-memory store, warm, against one bare Caffeine
 * {@code getIfPresent} of a cached answer (what a hand-rolled permission cache costs), and against
 * the least a check can do that honours a signout or revocation at once: that same get, plus the
 * session's liveness (a map lookup and one read of the clock).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PermissionBenchmark {
  private Fixture fixture;
  private Principal principal;
  private String organizationId;
  private Cache<String, Boolean> caffeine;
  private String key;
  private Map<String, Session> sessions;
  private String sessionId;

  /** One account owning one organization; a Caffeine cache holding the same answer. */
  @Setup(Level.Trial)
  public void setUp() {
    fixture = Fixture.create(Fixture.config().build(), null);
    principal = fixture.engine().validate(fixture.signUp(Fixture.EMAIL).tokens().accessToken());
    Organization org = fixture.engine().organizations().create(principal, "Bench", "bench");
    organizationId = org.id();
    if (!fixture.engine().checkPermission(principal, organizationId, "members:read")) {
      throw new IllegalStateException("an owner should read members");
    }
    caffeine = Caffeine.newBuilder().maximumSize(10_000).build();
    key = organizationId + ":" + principal.userId() + ":members:read";
    caffeine.put(key, Boolean.TRUE);
    sessionId = principal.sessionId();
    sessions = new ConcurrentHashMap<>();
    sessions.put(sessionId, fixture.engine().sessions().list(principal).get(0));
  }

  /** Janua: membership lookup, role's permissions, wildcard-aware grant check. */
  @Benchmark
  public boolean janua() {
    return fixture.engine().checkPermission(principal, organizationId, "members:read");
  }

  /** The floor: one bare Caffeine {@code getIfPresent}. */
  @Benchmark
  public Boolean caffeine() {
    return caffeine.getIfPresent(key);
  }

  /**
   * The floor of a check that sees a revocation at once: the session by id from a map, its
   * liveness against the clock ({@code Instant.now()}), then the cached answer from Caffeine.
   */
  @Benchmark
  public Boolean caffeineAndLiveness() {
    Session s = sessions.get(sessionId);
    if (s == null || !s.isLive(Instant.now())) {
      return Boolean.FALSE;
    }
    return caffeine.getIfPresent(key);
  }
}
