package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.JanuaConfigException;
import dev.janua.RateLimitCategory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plugin's configuration; nothing here connects (see RedisPluginIT for install). */
class RedisPluginTest {

  @Test
  void fromEnv_connectionAndLimiterVariables_areBothRead() {
    RedisPlugin p = RedisPlugin.fromEnv(Map.of(
        "REDIS_URL", "redis://r:6380/2",
        "REDIS_POOL_SIZE", "3",
        "REDIS_KEY_PREFIX", "svc:",
        "REDIS_RATE_LIMIT_FALLBACK_AUTHENTICATION", "closed",
        "CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "12"));
    assertThat(p.connectionConfig().endpoint().nodes())
        .containsExactly(new RedisEndpoint.Node("r", 6380));
    assertThat(p.connectionConfig().poolSize()).isEqualTo(3);
    assertThat(p.connectionConfig().keyPrefix()).isEqualTo("svc:");
    assertThat(p.rateLimitConfig()).hasValueSatisfying(c -> {
      assertThat(c.fallback(RateLimitCategory.AUTHENTICATION)).isEqualTo(RateLimitFallback.CLOSED);
      assertThat(c.fallback(RateLimitCategory.WEBHOOKS)).isEqualTo(RateLimitFallback.OPEN);
      assertThat(c.recoveryDelay()).isEqualTo(Duration.ofSeconds(12));
    });
    assertThat(p.providesCacheTier()).isTrue();
  }

  @Test
  void fromEnv_empty_everyPartWithTheGuideDefaults() {
    RedisPlugin p = RedisPlugin.fromEnv(Map.of());
    assertThat(p.connectionConfig().endpoint()).isEqualTo(RedisUrls.parse("redis://localhost:6379/0"));
    assertThat(p.rateLimitConfig()).hasValueSatisfying(c -> {
      assertThat(c.failureThreshold()).isEqualTo(5);
      assertThat(c.recoveryDelay()).isEqualTo(Duration.ofSeconds(30));
    });
    assertThat(p.providesCacheTier()).isTrue();
  }

  @Test
  void fromEnv_malformedVariable_throwsNamingIt() {
    assertThatThrownBy(() -> RedisPlugin.fromEnv(Map.of("REDIS_URL", "http://h")))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("REDIS_URL"));
    assertThatThrownBy(() -> RedisPlugin.fromEnv(Map.of("REDIS_RATE_LIMIT_FALLBACK", "maybe")))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("REDIS_RATE_LIMIT_FALLBACK"));
  }

  @Test
  void of_connectionOnly_limiterDefaultsAndEveryPart() {
    RedisConnectionConfig c = RedisConnectionConfig.builder().url("redis://h:1/0").build();
    RedisPlugin p = RedisPlugin.of(c);
    assertThat(p.connectionConfig()).isSameAs(c);
    assertThat(p.rateLimitConfig()).hasValueSatisfying(l -> assertThat(l.toString())
        .isEqualTo(RedisRateLimitConfig.defaults().toString()));
    assertThat(p.providesCacheTier()).isTrue();
  }

  @Test
  void without_parts_returnNewPluginsAndLeaveTheOriginal() {
    RedisPlugin all = RedisPlugin.of(RedisConnectionConfig.builder().build());
    RedisPlugin noLimiter = all.withoutRateLimiter();
    RedisPlugin noCache = all.withoutCacheTier();
    RedisPlugin neither = noLimiter.withoutCacheTier();

    assertThat(noLimiter.rateLimitConfig()).isEmpty();
    assertThat(noLimiter.providesCacheTier()).isTrue();
    assertThat(noCache.rateLimitConfig()).isPresent();
    assertThat(noCache.providesCacheTier()).isFalse();
    assertThat(neither.rateLimitConfig()).isEmpty();
    assertThat(neither.providesCacheTier()).isFalse();
    assertThat(all.rateLimitConfig()).isPresent();
    assertThat(all.providesCacheTier()).isTrue();
    RedisPlugin quiet = neither.withoutRevocationEvents();
    assertThat(all.publishesRevocationEvents()).isTrue();
    assertThat(neither.publishesRevocationEvents()).isTrue();
    assertThat(quiet.publishesRevocationEvents()).isFalse();
    assertThat(quiet.rateLimitConfig()).isEmpty();
    assertThat(quiet.providesCacheTier()).isFalse();
    assertThat(quiet.withRateLimit(RedisRateLimitConfig.defaults()).publishesRevocationEvents())
        .isFalse();
    assertThat(quiet.toString()).contains("revocationEvents=false");
  }

  @Test
  void withRateLimit_afterWithout_includesTheLimiterAgainWithThatConfig() {
    RedisRateLimitConfig closed = RedisRateLimitConfig.builder()
        .fallback(RateLimitFallback.CLOSED).build();
    RedisPlugin p = RedisPlugin.of(RedisConnectionConfig.builder().build())
        .withoutRateLimiter().withoutCacheTier().withRateLimit(closed);
    assertThat(p.rateLimitConfig()).containsSame(closed);
    assertThat(p.providesCacheTier()).isFalse();
  }

  @Test
  void nullArguments_throwNamingThem() {
    assertThatThrownBy(() -> RedisPlugin.of(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("connection");
    assertThatThrownBy(() -> RedisPlugin.fromEnv(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("env");
    RedisPlugin p = RedisPlugin.of(RedisConnectionConfig.builder().build());
    assertThatThrownBy(() -> p.withRateLimit(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("config");
  }

  @Test
  void toString_withPassword_hidesIt() {
    RedisPlugin p = RedisPlugin.of(RedisConnectionConfig.builder()
        .url("rediss://app:hunter2@h:6380/1").build());
    assertThat(p.toString()).doesNotContain("hunter2").contains("rediss://app:***@h:6380/1");
  }
}
