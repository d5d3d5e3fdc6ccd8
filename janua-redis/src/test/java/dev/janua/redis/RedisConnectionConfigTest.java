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
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.reconnectMaxDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.clientName()).isEqualTo("janua");
    assertThat(c.decodeResponses()).isTrue();
    assertThat(c.endpoint().kind()).isEqualTo(RedisEndpoint.Kind.STANDALONE);
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
        "REDIS_RECONNECT_MAX_DELAY_MS", "5000",
        "REDIS_CLIENT_NAME", "billing-api"));
    assertThat(c.endpoint().nodes()).containsExactly(new RedisEndpoint.Node("r", 6380));
    assertThat(c.endpoint().database()).isEqualTo(2);
    assertThat(c.poolSize()).isEqualTo(4);
    assertThat(c.decodeResponses()).isFalse();
    assertThat(c.keyPrefix()).isEqualTo("svc1:");
    assertThat(c.commandTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(900));
    assertThat(c.healthTimeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.reconnectMaxDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.clientName()).isEqualTo("billing-api");
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
  void fromEnv_clusterFlagWithSentinelUrl_throwsNamingRedisCluster() {
    assertThatThrownBy(() -> RedisConnectionConfig.fromEnv(Map.of(
        "REDIS_URL", "redis+sentinel://s1:26379/mymaster/0", "REDIS_CLUSTER", "true")))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("REDIS_CLUSTER"));
  }

  @Test
  void fromEnv_badTimeoutOrClientName_throwsNamingTheVariable() {
    assertThatThrownBy(() -> RedisConnectionConfig.fromEnv(
        Map.of("REDIS_COMMAND_TIMEOUT_MS", "0")))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("REDIS_COMMAND_TIMEOUT_MS"));
    assertThatThrownBy(() -> RedisConnectionConfig.fromEnv(
        Map.of("REDIS_HEALTH_TIMEOUT_MS", "soon")))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("REDIS_HEALTH_TIMEOUT_MS"));
    assertThatThrownBy(() -> RedisConnectionConfig.fromEnv(
        Map.of("REDIS_CLIENT_NAME", "two words")))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("REDIS_CLIENT_NAME"));
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
  void builder_badArguments_throwAtOnceNamingTheVariable() {
    RedisConnectionConfig.Builder b = RedisConnectionConfig.builder();
    assertThatThrownBy(() -> b.poolSize(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("REDIS_POOL_SIZE").hasMessageContaining("from 1 to 64")
        .hasMessageContaining("got 0");
    assertThatThrownBy(() -> b.commandTimeout(Duration.ofNanos(999_999)))
        .hasMessageStartingWith("REDIS_COMMAND_TIMEOUT_MS");
    assertThatThrownBy(() -> b.connectTimeout(Duration.ofMillis(-1)))
        .hasMessageStartingWith("REDIS_CONNECT_TIMEOUT_MS").hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> b.healthTimeout(Duration.ZERO))
        .hasMessageStartingWith("REDIS_HEALTH_TIMEOUT_MS").hasMessageContaining("healthTimeout");
    assertThatThrownBy(() -> b.reconnectMaxDelay(Duration.ofDays(30)))
        .hasMessageStartingWith("REDIS_RECONNECT_MAX_DELAY_MS")
        .hasMessageContaining("reconnectMaxDelay");
    assertThatThrownBy(() -> b.keyPrefix("a{b}")).hasMessageStartingWith("REDIS_KEY_PREFIX");
    assertThatThrownBy(() -> b.clientName("")).hasMessageStartingWith("REDIS_CLIENT_NAME");
    assertThatThrownBy(() -> b.clientName("a\nb")).hasMessageStartingWith("REDIS_CLIENT_NAME");
    assertThatThrownBy(() -> b.url("redis://h:0")).isInstanceOfSatisfying(
        JanuaConfigException.class, e -> assertThat(e.variable()).isEqualTo("REDIS_URL"));
    // The builder is still usable and holds the defaults: nothing bad was stored.
    RedisConnectionConfig c = b.build();
    assertThat(c.poolSize()).isEqualTo(10);
    assertThat(c.keyPrefix()).isEqualTo("janua:");
    assertThat(c.clientName()).isEqualTo("janua");
  }

  @Test
  void builder_clusterWithSentinel_refusedWhicheverComesFirst() {
    assertThatThrownBy(() -> RedisConnectionConfig.builder().cluster(true)
        .url("redis+sentinel://s1/mymaster")).hasMessageStartingWith("REDIS_CLUSTER");
    assertThatThrownBy(() -> RedisConnectionConfig.builder()
        .url("redis+sentinel://s1/mymaster").cluster(true)).hasMessageStartingWith("REDIS_CLUSTER");
  }

  @Test
  void build_twice_givesEqualIndependentConfigs() {
    RedisConnectionConfig.Builder b = RedisConnectionConfig.builder().poolSize(3);
    RedisConnectionConfig first = b.build();
    b.poolSize(4);
    assertThat(first.poolSize()).isEqualTo(3);
    assertThat(b.build().poolSize()).isEqualTo(4);
  }

  @Test
  void toBuilder_roundTrip_keepsEverything() {
    RedisConnectionConfig c = RedisConnectionConfig.builder().url("rediss://:pw@h:1/1")
        .poolSize(3).keyPrefix("x:").clientName("svc").build();
    RedisConnectionConfig copy = c.toBuilder().build();
    assertThat(copy.endpoint()).isEqualTo(c.endpoint());
    assertThat(copy.poolSize()).isEqualTo(3);
    assertThat(copy.keyPrefix()).isEqualTo("x:");
    assertThat(copy.clientName()).isEqualTo("svc");
  }
}
