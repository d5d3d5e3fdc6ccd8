package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.JanuaConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisConnectionConfigTest {

  @Test
  void fromEnv_empty_usesGuideDefaults() {
    RedisConnectionConfig c = RedisConnectionConfig.fromEnv(Map.of());
    assertThat(c.endpoint()).isEqualTo(RedisUrls.parse("redis://localhost:6379/0"));
    assertThat(c.poolSize()).isEqualTo(10);
    assertThat(c.keyPrefix()).isEqualTo("janua:");
    assertThat(c.commandTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.healthTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void fromEnv_everyVariable_isMapped() {
    RedisConnectionConfig c = RedisConnectionConfig.fromEnv(Map.of(
        "REDIS_URL", "redis://r:6380/2",
        "REDIS_POOL_SIZE", "4",
        "REDIS_DECODE_RESPONSES", "false",
        "REDIS_KEY_PREFIX", "svc1:",
        "REDIS_COMMAND_TIMEOUT_MS", "250",
        "REDIS_CONNECT_TIMEOUT_MS", "900",
        "REDIS_HEALTH_TIMEOUT_MS", "100",
        "REDIS_RECONNECT_MAX_DELAY_MS", "5000"));
    assertThat(c.endpoint().nodes()).containsExactly(new RedisEndpoint.Node("r", 6380));
    assertThat(c.endpoint().database()).isEqualTo(2);
    assertThat(c.poolSize()).isEqualTo(4);
    assertThat(c.decodeResponses()).isFalse();
    assertThat(c.keyPrefix()).isEqualTo("svc1:");
    assertThat(c.commandTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(900));
    assertThat(c.healthTimeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.reconnectMaxDelay()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void fromEnv_clusterFlagWithOneSeed_isCluster() {
    RedisConnectionConfig c = RedisConnectionConfig.fromEnv(Map.of(
        "REDIS_URL", "redis://seed:7000", "REDIS_CLUSTER", "true"));
    assertThat(c.endpoint().kind()).isEqualTo(RedisEndpoint.Kind.CLUSTER);
  }

  @Test
  void fromEnv_badPoolSize_throwsNamingTheVariable() {
    assertThatThrownBy(() -> RedisConnectionConfig.fromEnv(Map.of("REDIS_POOL_SIZE", "0")))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("REDIS_POOL_SIZE"));
    assertThatThrownBy(() -> RedisConnectionConfig.fromEnv(Map.of("REDIS_POOL_SIZE", "ten")))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("REDIS_POOL_SIZE"));
    assertThatThrownBy(() -> RedisConnectionConfig.fromEnv(Map.of("REDIS_POOL_SIZE", "65")))
        .isInstanceOf(JanuaConfigException.class)
        .hasMessageContaining("REDIS_POOL_SIZE").hasMessageContaining("from 1 to 64")
        .hasMessageContaining("'65'");
  }

  @Test
  void fromEnv_badDecodeResponses_throwsNamingTheVariable() {
    assertThatThrownBy(() -> RedisConnectionConfig.fromEnv(Map.of("REDIS_DECODE_RESPONSES", "x")))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("REDIS_DECODE_RESPONSES"));
  }

  @Test
  void fromEnv_prefixWithBrace_throwsNamingTheVariable() {
    assertThatThrownBy(() -> RedisConnectionConfig.fromEnv(Map.of("REDIS_KEY_PREFIX", "a{b}:")))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("REDIS_KEY_PREFIX"));
  }

  @Test
  void builder_badArguments_throwNamingTheArgument() {
    RedisConnectionConfig.Builder b = RedisConnectionConfig.builder();
    assertThatThrownBy(() -> b.poolSize(65)).hasMessageContaining("poolSize");
    assertThatThrownBy(() -> b.commandTimeout(Duration.ZERO)).hasMessageContaining("commandTimeout");
    assertThatThrownBy(() -> b.keyPrefix("")).hasMessageContaining("keyPrefix");
    assertThatThrownBy(() -> b.keyPrefix("has space")).hasMessageContaining("keyPrefix");
    assertThatThrownBy(() -> b.url(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("url");
  }

  @Test
  void toBuilder_roundTrip_keepsEverything() {
    RedisConnectionConfig c = RedisConnectionConfig.builder().url("rediss://:pw@h:1/1")
        .poolSize(3).keyPrefix("x:").build();
    RedisConnectionConfig copy = c.toBuilder().build();
    assertThat(copy.endpoint()).isEqualTo(c.endpoint());
    assertThat(copy.poolSize()).isEqualTo(3);
    assertThat(copy.keyPrefix()).isEqualTo("x:");
  }
}
