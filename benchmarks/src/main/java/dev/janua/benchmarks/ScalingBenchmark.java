package dev.janua.benchmarks;

import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import dev.janua.AuthResult;
import dev.janua.Membership;
import dev.janua.MembershipStatus;
import dev.janua.Organization;
import dev.janua.Principal;
import dev.janua.Session;
import dev.janua.cache.CachingStore;
import dev.janua.cache.TieredCache;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.StoredUser;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How validate and {@code checkPermission} cost grows with the work: an engine over {@code
 * CachingStore(InMemoryStore)} with the tiered cache's L1 bounded as configured (default {@code
 * CACHE_L1_MAX_SIZE}, 50,000), holding {@link #size} live sessions and {@link #size} memberships
 * besides the measured ones. Every background session is read once through the cache before the
 * measurement, so L1 is full and has churned. Measured: the cached validate of 64 tokens of 64
 * sessions in turn, and {@code checkPermission} of a member of an organization with {@link #size}
 * members. The setup prints the heap per stored session and per session cached in L1.
 *
 * <p>Run it with a heap that holds a million sessions ({@code ./bench} gives this class -Xmx3g).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScalingBenchmark {
  static final int MEASURED = 64;

  /** Live sessions and memberships besides the measured ones. */
  @Param({"1000", "100000", "1000000"})
  public int size;

  private InMemoryStore store;
  private TieredCache cache;
  private CachingStore cached;
  private Fixture fixture;
  private String[] tokens;
  private Principal member;
  private String organizationId;
  private int next;

  /** Fills the store and L1, then the measured sessions, organization and member. */
  @Setup(Level.Trial)
  public void setUp() {
    store = new InMemoryStore();
    cache = TieredCache.builder().build();
    cached = CachingStore.wrap(store, cache);
    fixture = Fixture.create(Fixture.config().build(), cached);
    AuthResult owner = fixture.signUp(Fixture.EMAIL);
    Principal ownerPrincipal = fixture.engine().validate(owner.tokens().accessToken());
    Organization org = fixture.engine().organizations().create(ownerPrincipal, "Bench", "bench");
    organizationId = org.id();

    Instant now = Instant.now();
    long before = usedHeap();
    for (int i = 0; i < size; i++) {
      String sid = "bg-session-" + i;
      String uid = "bg-user-" + i;
      store.users().create(new StoredUser(uid, uid + "@example.com", null, StoredUser.HASH_WITHHELD,
          true, now, now, null), event(uid, null, now));
      boolean created = store.sessions().create(new Session(sid, uid, "203.0.113.9", "bench", now, now,
          now.plus(Duration.ofDays(30)), null), new RefreshTokenRecord(
          String.format(Locale.ROOT, "%064x", i), sid, uid, now, now.plus(Duration.ofDays(7))),
          event(uid, sid, now));
      if (!created) {
        throw new IllegalStateException("the background session was not stored");
      }
    }
    long stored = usedHeap();
    for (int i = 0; i < size; i++) {
      cached.sessions().find("bg-session-" + i);
    }
    long inL1 = usedHeap();
    long l1Entries = Math.min(size, 50_000);
    for (int i = 0; i < size; i++) {
      store.organizations().addMember(new Membership(organizationId, "bg-user-" + i, "member",
          MembershipStatus.ACTIVE, now), event("bg-user-" + i, null, now));
    }
    long members = usedHeap();
    System.out.printf(Locale.ROOT, "%nHEAP size=%d: %.0f bytes per stored session (with its user, "
        + "refresh token and two audit events), %.0f bytes per session cached in L1 (%d entries), %.0f bytes "
        + "per membership (with its audit event)%n", size, (stored - before) / (double) size,
        (inL1 - stored) / (double) l1Entries, l1Entries, (members - inL1) / (double) size);

    tokens = new String[MEASURED];
    for (int i = 0; i < MEASURED; i++) {
      tokens[i] = fixture.engine().signin(Fixture.EMAIL, Fixture.PASSWORD, Fixture.CLIENT)
          .tokens().accessToken();
      fixture.engine().validate(tokens[i]);
    }
    AuthResult m = fixture.signUp("member-" + Fixture.EMAIL);
    store.organizations().addMember(new Membership(organizationId, m.user().id(), "member",
        MembershipStatus.ACTIVE, now), event(m.user().id(), null, now));
    member = fixture.engine().validate(m.tokens().accessToken());
    if (!fixture.engine().checkPermission(member, organizationId, "members:read")) {
      throw new IllegalStateException("a member should read members");
    }
  }

  private static AuditEvent event(String userId, String sessionId, Instant now) {
    return new AuditEvent(java.util.UUID.randomUUID().toString(), AuditEventType.SIGNIN_SUCCEEDED,
        userId, sessionId, null, null, null, Map.of(), now);
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Closes the engine (and its cache's ticker). */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (fixture != null) {
      fixture.engine().close();
    }
  }

  /** Cached validate of 64 tokens in turn, with {@link #size} other live sessions. */
  @Benchmark
  public Principal validate() {
    int i = next;
    next = (i + 1) & (MEASURED - 1);
    return fixture.engine().validate(tokens[i]);
  }

  /** checkPermission of a member of an organization with {@link #size} members. */
  @Benchmark
  public boolean checkPermission() {
    return fixture.engine().checkPermission(member, organizationId, "members:read");
  }
}
