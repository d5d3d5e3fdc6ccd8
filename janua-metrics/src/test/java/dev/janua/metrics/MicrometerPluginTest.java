package dev.janua.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.AuthEngineBuilder;
import dev.janua.AuthResult;
import dev.janua.ClientCredentials;
import dev.janua.ClientInfo;
import dev.janua.InvalidClientException;
import dev.janua.InvalidCredentialsException;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.JanuaConfigException;
import dev.janua.OAuthClients;
import dev.janua.Principal;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitRule;
import dev.janua.spi.CacheStats;
import dev.janua.spi.CacheStatsSource;
import dev.janua.spi.JanuaPlugin;
import dev.janua.spi.MetricsRecorder;
import dev.janua.spi.PluginContext;
import dev.janua.spi.PoolStats;
import dev.janua.spi.PoolStatsSource;
import dev.janua.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MicrometerPlugin} installed on a real engine. */
class MicrometerPluginTest {
  private static final String PASSWORD = "correct horse battery";
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "test-agent");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00.400Z"));
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /**
   * Provides a cache the way janua-cache's plugin does (while decorating the store) and a pool the
   * way janua-jdbc's does (on install).
   */
  private record StatsPlugin(CacheStatsSource cache, PoolStatsSource pool) implements JanuaPlugin {
    @Override
    public void install(PluginContext context) {
      context.provide(PoolStatsSource.class, pool);
      context.decorateStore(
          store -> {
            context.provide(CacheStatsSource.class, cache);
            return store;
          });
    }
  }

  private AuthEngineBuilder builder() {
    return AuthEngine.builder()
        .clock(clock)
        .config(JanuaConfig.builder()
            .bcryptRounds(4)
            .rateLimit(RateLimitCategory.WEBHOOKS, new RateLimitRule(7, 70))
            .build());
  }

  private static StatsPlugin stats(long cacheHits, int poolActive) {
    return new StatsPlugin(
        () -> new CacheStats(cacheHits, 1823, 2045, 15000, 234, 156, true),
        () -> new PoolStats(poolActive, 5, 2, 20));
  }

  @ParameterizedTest(name = "metrics installed first: {0}")
  @ValueSource(booleans = {true, false})
  void install_withStatsSourcesOfAnotherPlugin_publishesCacheAndPoolMeters(boolean metricsFirst) {
    AuthEngineBuilder b = builder();
    if (metricsFirst) {
      b.install(MicrometerPlugin.of(registry)).install(stats(15234, 15));
    } else {
      b.install(stats(15234, 15)).install(MicrometerPlugin.of(registry));
    }

    try (AuthEngine engine = b.build()) {
      String scrape = registry.scrape();
      assertThat(scrape).containsPattern("(?m)^janua_cache_hits_total 15234(\\.0)?$");
      assertThat(scrape).containsPattern("(?m)^janua_cache_l1_size 156(\\.0)?$");
      assertThat(scrape).containsPattern("(?m)^janua_cache_l2_connected 1(\\.0)?$");
      assertThat(scrape).containsPattern("(?m)^janua_db_connections_active 15(\\.0)?$");
      assertThat(scrape).containsPattern("(?m)^janua_db_connections_pending 2(\\.0)?$");
      assertThat(scrape).containsPattern("(?m)^janua_db_connections_max 20(\\.0)?$");

      Map<String, Object> snapshot = engine.metricsSnapshot();
      assertThat(snapshot.get("cache_stats")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("hits", 15234L)
          .containsEntry("redis_connected", true);
      assertThat(snapshot.get("database").toString()).isEqualTo("{connection_pool={active=15, idle=5, pending=2}}");
    }
  }

  @Test
  void install_publishesTheEngineRateLimitRulesAndStampsTheSnapshotWithTheEngineClock() {
    try (AuthEngine engine = builder().install(MicrometerPlugin.of(registry)).build()) {
      String scrape = registry.scrape();

      assertThat(scrape).contains("janua_rate_limit_limit{category=\"webhooks\",window=\"minute\"} 7");
      assertThat(scrape).contains("janua_rate_limit_limit{category=\"webhooks\",window=\"hour\"} 70");
      assertThat(engine.metricsSnapshot()).containsEntry("timestamp", "2026-03-01T10:00:00Z");
    }
  }

  @Test
  void install_withoutStatsSources_registersNoCacheOrPoolMetersAndSnapshotsZeros() {
    try (AuthEngine engine = builder().install(MicrometerPlugin.of(registry)).build()) {
      assertThat(registry.find(MeterNames.CACHE_HITS).meter()).isNull();
      assertThat(registry.find(MeterNames.DB_CONNECTIONS_ACTIVE).meter()).isNull();
      assertThat(engine.metricsSnapshot().get("database").toString())
          .isEqualTo("{connection_pool={active=0, idle=0, pending=0}}");
    }
  }

  @Test
  void install_hostSetRecorder_stillBindsTheStatsSourcesAndTheHostRecorderWins() {
    AtomicLong signins = new AtomicLong();
    MetricsRecorder host = new MetricsRecorder() {
      @Override public void signinAttempt(String result) { signins.incrementAndGet(); }
    };
    try (AuthEngine engine =
        builder().metrics(host).install(MicrometerPlugin.of(registry)).install(stats(9, 3)).build()) {
      engine.signup("erin@example.com", PASSWORD, CLIENT);
      engine.signin("erin@example.com", PASSWORD, CLIENT);

      assertThat(signins).hasValue(1);
      assertThat(registry.get(MeterNames.CACHE_HITS).functionCounter().count()).isEqualTo(9);
      assertThat(registry.get(MeterNames.DB_CONNECTIONS_ACTIVE).gauge().value()).isEqualTo(3);
    }
  }

  @Test
  void close_removesTheStateMetersButLeavesTheRegistryOpenForTheNextEngine() {
    MicrometerPlugin plugin = MicrometerPlugin.of(registry);
    AuthEngine first = builder().install(plugin).install(stats(100, 4)).build();
    first.signup("frank@example.com", PASSWORD, CLIENT);
    first.close();

    assertThat(registry.isClosed()).isFalse();
    assertThat(registry.find(MeterNames.CACHE_HITS).meter()).isNull();
    assertThat(registry.find(MeterNames.DB_CONNECTIONS_ACTIVE).meter()).isNull();
    assertThat(registry.find(MeterNames.RATE_LIMIT_LIMIT).meter()).isNull();
    // counts stay with the registry
    assertThat(registry.get(MeterNames.SIGNUP_ATTEMPTS).tag("result", "success").counter().count()).isEqualTo(1);

    // the same plugin on a new engine publishes the new engine's sources, not the closed ones
    try (AuthEngine second = builder().install(plugin).install(stats(200, 8)).build()) {
      assertThat(registry.get(MeterNames.CACHE_HITS).functionCounter().count()).isEqualTo(200);
      assertThat(registry.get(MeterNames.DB_CONNECTIONS_ACTIVE).gauge().value()).isEqualTo(8);
      second.signup("grace@example.com", PASSWORD, CLIENT);
      assertThat(registry.get(MeterNames.SIGNUP_ATTEMPTS).tag("result", "success").counter().count()).isEqualTo(2);
    }
  }

  @Test
  void refresh_failed_isCountedLikeASigninFailure() {
    try (AuthEngine engine = builder().install(MicrometerPlugin.of(registry)).build()) {
      AuthResult signedUp = engine.signup("hana@example.com", PASSWORD, CLIENT);
      assertThatThrownBy(() -> engine.refresh("not-a-refresh-token", CLIENT))
          .isInstanceOf(InvalidTokenException.class);
      engine.refresh(signedUp.tokens().refreshToken(), CLIENT);

      assertThat(registry.get(MeterNames.REFRESH_ATTEMPTS).tag("result", "invalid_token").counter().count())
          .isEqualTo(1);
      assertThat(registry.get(MeterNames.REFRESH_ATTEMPTS).tag("result", "success").counter().count())
          .isEqualTo(1);
      String scrape = registry.scrape();
      assertThat(scrape).contains("janua_auth_refresh_attempts_total{result=\"invalid_token\"} 1");
      assertThat(scrape).contains("janua_operations_total{operation=\"refresh\",result=\"invalid_token\"} 1");
      assertThat(scrape).contains("janua_operations_total{operation=\"refresh\",result=\"success\"} 1");
    }
  }

  @Test
  void changePassword_outcomes_areCounted() {
    try (AuthEngine engine = builder().install(MicrometerPlugin.of(registry)).build()) {
      AuthResult signedUp = engine.signup("ivan@example.com", PASSWORD, CLIENT);
      Principal p = engine.validate(signedUp.tokens().accessToken());

      assertThatThrownBy(() -> engine.users().changePassword(p, "wrong password!", "a new long password", CLIENT))
          .isInstanceOf(InvalidCredentialsException.class);
      engine.users().changePassword(p, PASSWORD, "a new long password", CLIENT);

      assertThat(operations("change_password", "invalid_credentials")).isEqualTo(1);
      assertThat(operations("change_password", "success")).isEqualTo(1);
      assertThat(registry.scrape())
          .contains("janua_operations_total{operation=\"change_password\",result=\"success\"} 1");
    }
  }

  @Test
  void everyOperation_isCountedUnderItsName() {
    try (AuthEngine engine = builder().install(MicrometerPlugin.of(registry)).build()) {
      engine.signup("judy@example.com", PASSWORD, CLIENT);
      AuthResult signedIn = engine.signin("judy@example.com", PASSWORD, CLIENT);
      Principal p = engine.validate(signedIn.tokens().accessToken());
      engine.users().me(p);
      engine.sessions().list(p);
      engine.organizations().create(p, "Acme", "acme");
      engine.signingKeys().rotate();
      engine.signout(p);
      assertThatThrownBy(() -> engine.sessions().list(p)).isInstanceOf(InvalidTokenException.class);

      for (String op : new String[] {"signup", "signin", "users", "sessions", "organizations", "keys", "signout"}) {
        assertThat(operations(op, "success")).as(op).isEqualTo(1);
      }
      assertThat(operations("sessions", "invalid_token")).isEqualTo(1);
      // signin and signup still reach the guide's counters
      assertThat(registry.get(MeterNames.SIGNIN_ATTEMPTS).tag("result", "success").counter().count()).isEqualTo(1);
      assertThat(registry.get(MeterNames.SIGNUP_ATTEMPTS).tag("result", "success").counter().count()).isEqualTo(1);
    }
  }

  @Test
  void introspectionAndRevocation_countedUnderTheirNames_invalidClientKeptAsAResult() {
    String secret = "0123456789abcdef0123";
    try (AuthEngine engine = builder().config(JanuaConfig.builder().bcryptRounds(4)
        .clients(OAuthClients.builder().add("orders", secret).build()).build())
        .install(MicrometerPlugin.of(registry)).build()) {
      String token = engine.signup("kim@example.com", PASSWORD, CLIENT).tokens().accessToken();
      ClientCredentials rs = new ClientCredentials("orders", secret);
      engine.oauth().introspect(rs, token, CLIENT);
      engine.oauth().revoke(rs, token, CLIENT);
      assertThatThrownBy(() -> engine.oauth().introspect(new ClientCredentials("orders", "wrong"),
          token, CLIENT)).isInstanceOf(InvalidClientException.class);
      assertThat(operations("introspect", "success")).isEqualTo(1);
      assertThat(operations("revoke", "success")).isEqualTo(1);
      assertThat(operations("introspect", "invalid_client")).isEqualTo(1);
    }
  }

  @Test
  void requestTimer_ofThePlugin_feedsTheEngineSnapshotAndIsProvidedToOtherPlugins() {
    AtomicLong ticker = new AtomicLong();
    MicrometerPlugin plugin = MicrometerPlugin.builder()
        .registry(registry)
        .ticker(ticker::get)
        .slowRequestLog((m, path, d, s) -> {})
        .build();
    AtomicReference<RequestTimer> provided = new AtomicReference<>();
    JanuaPlugin adapter = ctx -> ctx.whenAssembled(() -> provided.set(ctx.find(RequestTimer.class).orElseThrow()));

    try (AuthEngine engine = builder().install(adapter).install(plugin).build()) {
      TimedRequest r = plugin.requestTimer().start("POST", "/api/v1/auth/signin", null);
      ticker.addAndGet(Duration.ofMillis(12).toNanos());
      r.finish(200);

      assertThat(provided.get()).isSameAs(plugin.requestTimer());
      assertThat(engine.metricsSnapshot().get("endpoint_performance").toString())
          .contains("POST:/api/v1/auth/signin");
    }
  }

  @Test
  void fromEnv_readsTheSlowRequestThreshold() {
    assertThat(MicrometerPlugin.fromEnv(registry, Map.of("LOG_SLOW_REQUEST_THRESHOLD", "350"))
            .slowRequestThreshold())
        .isEqualTo(Duration.ofMillis(350));
    assertThat(MicrometerPlugin.fromEnv(registry, Map.of()).slowRequestThreshold())
        .isEqualTo(Duration.ofMillis(200));
    assertThat(MicrometerPlugin.of(registry).slowRequestThreshold()).isEqualTo(Duration.ofMillis(200));
    assertThat(MicrometerPlugin.of(registry).requestTimer().slowRequestThreshold())
        .isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void fromEnv_malformedThreshold_failsNamingTheVariable() {
    assertThatThrownBy(() -> MicrometerPlugin.fromEnv(registry, Map.of("LOG_SLOW_REQUEST_THRESHOLD", "fast")))
        .isInstanceOf(JanuaConfigException.class)
        .hasMessageContaining("LOG_SLOW_REQUEST_THRESHOLD")
        .satisfies(e -> assertThat(((JanuaConfigException) e).variable()).isEqualTo("LOG_SLOW_REQUEST_THRESHOLD"));
  }

  @Test
  void builder_badArguments_failAtOnceNamingTheSetting() {
    assertThatThrownBy(() -> MicrometerPlugin.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("registry");
    assertThatThrownBy(() -> MicrometerPlugin.of(null)).hasMessageContaining("registry");
    assertThatThrownBy(() -> MicrometerPlugin.fromEnv(registry, null)).hasMessageContaining("env");
    assertThatThrownBy(() -> MicrometerPlugin.builder().slowRequestThreshold(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LOG_SLOW_REQUEST_THRESHOLD");
    assertThatThrownBy(() -> MicrometerPlugin.builder().slowRequestThreshold(Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LOG_SLOW_REQUEST_THRESHOLD");
    assertThatThrownBy(() -> MicrometerPlugin.builder().slowRequestLog(null)).hasMessageContaining("log");
    assertThatThrownBy(() -> MicrometerPlugin.builder().ticker(null)).hasMessageContaining("ticker");
    assertThatThrownBy(() -> MicrometerPlugin.builder().clock(null)).hasMessageContaining("clock");
  }

  @Test
  void toBuilder_copiesTheSettingsAndBuildsANewPlugin() {
    MicrometerPlugin a = MicrometerPlugin.builder()
        .registry(registry)
        .slowRequestThreshold(Duration.ofMillis(75))
        .build();
    SimpleMeterRegistry other = new SimpleMeterRegistry();

    MicrometerPlugin b = a.toBuilder().registry(other).build();

    assertThat(b.registry()).isSameAs(other);
    assertThat(b.slowRequestThreshold()).isEqualTo(Duration.ofMillis(75));
    assertThat(a.registry()).isSameAs(registry);
    assertThat(b.requestTimer()).isNotSameAs(a.requestTimer());
  }

  private double operations(String operation, String result) {
    return registry.get(MeterNames.OPERATIONS).tags("operation", operation, "result", result).counter().count();
  }
}
