package dev.janua.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.AuthEngineBuilder;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.JanuaConfig;
import dev.janua.JanuaConfigException;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.CacheStatsSource;
import dev.janua.spi.JanuaPlugin;
import dev.janua.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link CachePlugin} on the engine builder, with the in-process doubles of the Redis parts. */
class CachePluginTest {
  private final MutableClock clock = MutableClock.startingAt2026();
  private final ClientInfo client = new ClientInfo("203.0.113.7", "junit");
  private final AtomicReference<TieredCache> cache = new AtomicReference<>();
  private final AtomicReference<CacheStatsSource> stats = new AtomicReference<>();

  /** Captures what the cache plugin provides, once every plugin is installed. */
  private final JanuaPlugin capture = ctx -> ctx.whenAssembled(() -> {
    cache.set(ctx.find(TieredCache.class).orElse(null));
    stats.set(ctx.find(CacheStatsSource.class).orElse(null));
  });

  private AuthEngineBuilder builder(CachePlugin plugin) {
    return AuthEngine.builder()
        .config(JanuaConfig.builder().bcryptRounds(4).build())
        .store(new InMemoryStore())
        .clock(clock)
        .install(plugin)
        .install(capture);
  }

  private static JanuaPlugin providing(RemoteCache remote, InvalidationBus bus) {
    return ctx -> {
      if (remote != null) {
        ctx.provide(RemoteCache.class, remote);
      }
      if (bus != null) {
        ctx.provide(InvalidationBus.class, bus);
      }
    };
  }

  private String signedUpToken(AuthEngine engine) {
    AuthResult r = engine.signup("ada-" + System.nanoTime() + "@example.com",
        "correct horse battery", client, "Ada");
    return r.tokens().accessToken();
  }

  @Test
  void install_remoteWithoutBus_buildFailsNamingTheBus() {
    var b = builder(CachePlugin.of(CachePolicy.defaults()))
        .install(providing(new MapRemoteCache(clock), null));
    assertThatThrownBy(b::build)
        .isInstanceOf(JanuaConfigException.class)
        .hasMessageContaining("InvalidationBus")
        .hasMessageContaining("RemoteCache");
  }

  @Test
  void install_noRemote_inProcessCacheProvidedAsStatsSource() {
    try (AuthEngine engine = builder(CachePlugin.of(CachePolicy.defaults())).build()) {
      String token = signedUpToken(engine);
      engine.validate(token);
      engine.validate(token);
      assertThat(cache.get()).isNotNull();
      assertThat(stats.get()).isSameAs(cache.get());
      assertThat(cache.get().circuitState()).isEmpty();
      assertThat(cache.get().stats().l2Connected()).isFalse();
      assertThat(cache.get().stats().l1Hits()).isPositive();
    }
  }

  @Test
  void install_remoteAndBus_bothUsed_inEitherInstallOrder() {
    MapRemoteCache l2 = new MapRemoteCache(clock);
    InProcessBus bus = new InProcessBus();
    // the Redis parts installed before the cache plugin this time
    AuthEngine engine = AuthEngine.builder()
        .config(JanuaConfig.builder().bcryptRounds(4).build())
        .store(new InMemoryStore())
        .clock(clock)
        .install(providing(l2, bus.endpoint()))
        .install(CachePlugin.of(CachePolicy.builder().sensitiveInShared(true).build()))
        .install(capture)
        .build();
    try (engine) {
      engine.validate(signedUpToken(engine));
      assertThat(cache.get().circuitState()).contains(BreakerState.CLOSED);
      assertThat(l2.puts.get()).isPositive();
      assertThat(bus.listeners()).isEqualTo(1);
    }
  }

  @Test
  void engineClose_closesTheCache_andUnsubscribesFromTheBus() {
    InProcessBus bus = new InProcessBus();
    AuthEngine engine = builder(CachePlugin.of(CachePolicy.defaults()))
        .install(providing(new MapRemoteCache(clock), bus.endpoint()))
        .build();
    engine.validate(signedUpToken(engine));
    assertThat(cache.get().isClosed()).isFalse();
    assertThat(cache.get().stats().l1Size()).isPositive();
    assertThat(bus.listeners()).isEqualTo(1);

    engine.close();

    assertThat(cache.get().isClosed()).isTrue();
    assertThat(cache.get().stats().l1Size()).isZero();
    assertThat(bus.listeners()).isZero();
  }

  @Test
  void engineClose_onTheSystemClock_stopsTheCachesTickerThread() {
    AuthEngine engine = AuthEngine.builder()
        .config(JanuaConfig.builder().bcryptRounds(4).build())
        .store(new InMemoryStore())
        .install(CachePlugin.of(CachePolicy.defaults()))
        .install(capture)
        .build();
    engine.validate(signedUpToken(engine));
    Thread ticker = cache.get().tickerThread();
    assertThat(ticker).isNotNull();
    assertThat(ticker.getName()).isEqualTo("janua-cache-ticker");
    assertThat(ticker.isAlive()).isTrue();

    engine.close();

    assertThat(ticker.isAlive()).isFalse();
  }

  @Test
  void cache_followsTheEnginesClock() {
    try (AuthEngine engine = builder(CachePlugin.of(CachePolicy.defaults())).build()) {
      String token = signedUpToken(engine);
      engine.validate(token);
      long misses = cache.get().stats().misses();
      engine.validate(token);
      assertThat(cache.get().stats().misses()).isEqualTo(misses);
      clock.advance(CacheDataType.SESSION.defaultTtl());
      engine.validate(token);
      assertThat(cache.get().stats().misses()).isGreaterThan(misses);
    }
  }

  @Test
  void fromEnv_readsThePolicyVariables() {
    CachePlugin plugin = CachePlugin.fromEnv(Map.of("CACHE_TTL_SESSION_SECONDS", "15",
        "CACHE_L1_MAX_SIZE", "10"));
    assertThat(plugin.policy().ttl(CacheDataType.SESSION)).isEqualTo(Duration.ofSeconds(15));
    assertThat(plugin.policy().l1MaximumSize()).isEqualTo(10);
    assertThat(CachePlugin.fromEnv(Map.of()).policy()).isEqualTo(CachePolicy.defaults());
    try (AuthEngine engine = builder(plugin).build()) {
      assertThat(cache.get().policy()).isEqualTo(plugin.policy());
    }
  }

  @Test
  void fromEnv_malformed_namesTheVariable() {
    assertThatThrownBy(() -> CachePlugin.fromEnv(Map.of("CACHE_TTL_SESSION_SECONDS", "soon")))
        .isInstanceOf(JanuaConfigException.class)
        .satisfies(e -> assertThat(((JanuaConfigException) e).variable())
            .isEqualTo("CACHE_TTL_SESSION_SECONDS"));
    assertThatThrownBy(() -> CachePlugin.of(null)).hasMessage("policy");
    assertThatThrownBy(() -> CachePlugin.fromEnv(null)).isInstanceOf(NullPointerException.class);
  }
}
