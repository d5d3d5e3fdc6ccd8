package dev.janua.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.ClientInfo;
import dev.janua.InvalidCredentialsException;
import dev.janua.cache.internal.CacheKeys;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.CacheStats;
import dev.janua.testing.MutableClock;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile signin input never reaches the cache: a malformed email is answered before any lookup,
 * a well-formed one is looked up in the store of record only, and an unknown email looked up as a
 * profile is cached under its hash, never under the address itself.
 */
class HostileInputCacheTest {
  private final MutableClock clock = MutableClock.startingAt2026();
  private final ClientInfo client = new ClientInfo("203.0.113.7", "junit");
  private MapRemoteCache l2;
  private AuthEngine engine;
  private TieredCache cache;

  @BeforeEach
  void setUp() {
    l2 = new MapRemoteCache(clock);
    AtomicReference<TieredCache> built = new AtomicReference<>();
    engine = EngineCrossInstanceTest.engine(new InMemoryStore(), l2, new InProcessBus(), built,
        clock);
    cache = built.get();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  @Test
  void signin_600Distinct64KbGarbageEmails_neitherTierReadNorWritten() {
    CacheStats before = cache.stats();
    int l2Calls = l2.calls.get();
    for (int i = 0; i < 600; i++) {
      String garbage = i + "-" + "x".repeat(64 * 1024) + "@example.com";
      // One address per attempt, as a botnet would: the per-address limit stays out of the way.
      ClientInfo from = new ClientInfo("198.51." + (i / 200) + "." + (1 + i % 200), "junit");
      assertThatThrownBy(() -> engine.signin(garbage, "correct horse battery", from))
          .isExactlyInstanceOf(InvalidCredentialsException.class);
    }
    CacheStats after = cache.stats();
    assertThat(after.misses()).isEqualTo(before.misses());
    assertThat(after.sets()).isEqualTo(before.sets());
    assertThat(after.hits()).isEqualTo(before.hits());
    assertThat(after.l1Size()).isEqualTo(before.l1Size());
    assertThat(l2.calls.get()).isEqualTo(l2Calls);
    assertThat(l2.size()).isZero();
  }

  @Test
  void signin_unknownWellFormedEmail_readsTheStoreAndCachesNothing() {
    String email = "nobody.here@example.com";
    int l2Calls = l2.calls.get();
    assertThatThrownBy(() -> engine.signin(email, "correct horse battery", client))
        .isExactlyInstanceOf(InvalidCredentialsException.class);
    // signin reads credentials from the store of record, never through the cache
    assertThat(l2.calls.get()).isEqualTo(l2Calls);
    assertThat(l2.contains(CacheKeys.email(email))).isFalse();
  }

  @Test
  void profileLookup_unknownWellFormedEmail_negativeEntryKeyedByHashNotAddress() {
    String email = "nobody.here@example.com";
    assertThat(CachingStore.wrap(new InMemoryStore(), cache).users().findByEmail(email)).isEmpty();
    String key = CacheKeys.email(email);
    assertThat(key).doesNotContain("nobody").matches("email:[0-9a-f]{64}");
    // users (and their email keys) stay out of the shared tier by default (CACHE_L2_SENSITIVE)
    assertThat(l2.contains(key)).isFalse();
    assertThat(cache.stats().l1Size()).isPositive();
    assertThat(l2.keys()).noneMatch(k -> k.contains("nobody") || k.contains("example.com"));
  }

  @Test
  void localTier_longKeysWeighMore_entriesAndMemoryBounded() {
    // 1,000 ordinary entries fit; entries under 64 KB keys each weigh 129, so at most 7 stay.
    LocalTier tier = new LocalTier(1_000, () -> 0L, () -> 0L, 60_000_000_000L);
    for (int i = 0; i < 1_000; i++) {
      tier.put("k" + i, "v", 60_000_000_000L, "k" + i);
    }
    assertThat(tier.size()).isEqualTo(1_000);
    for (int i = 0; i < 600; i++) {
      String key = i + "x".repeat(64 * 1024);
      tier.put(key, "v", 60_000_000_000L, key);
    }
    assertThat(LocalTier.weight("x".repeat(64 * 1024))).isEqualTo(129);
    assertThat(tier.size()).isLessThan(1_000);
    int heavy = 0;
    for (int i = 0; i < 600; i++) {
      heavy += tier.get(i + "x".repeat(64 * 1024)) == null ? 0 : 1;
    }
    assertThat(heavy).isLessThanOrEqualTo(1_000 / 129);
  }
}
