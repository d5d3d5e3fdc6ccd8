package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.JanuaConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisBusConfigTest {

  @Test
  void fromEnv_empty_defaults() {
    RedisBusConfig c = RedisBusConfig.fromEnv(Map.of());
    assertThat(c).isEqualTo(RedisBusConfig.defaults());
    assertThat(c.heartbeat()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.ackTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.stalenessBound()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void fromEnv_variables_read() {
    RedisBusConfig c = RedisBusConfig.fromEnv(Map.of("CACHE_BUS_HEARTBEAT_MS", "200",
        "CACHE_BUS_TIMEOUT_MS", "500", "CACHE_BUS_ACK_TIMEOUT_MS", "0"));
    assertThat(c).isEqualTo(new RedisBusConfig(Duration.ofMillis(200), Duration.ofMillis(500),
        Duration.ZERO));
  }

  @Test
  void fromEnv_longHeartbeat_defaultTimeoutIsTwiceIt() {
    RedisBusConfig c = RedisBusConfig.fromEnv(Map.of("CACHE_BUS_HEARTBEAT_MS", "5000"));
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void fromEnv_outOfRange_namesTheVariable() {
    assertThatThrownBy(() -> RedisBusConfig.fromEnv(Map.of("CACHE_BUS_HEARTBEAT_MS", "5")))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("CACHE_BUS_HEARTBEAT_MS");
    assertThatThrownBy(() -> RedisBusConfig.fromEnv(Map.of("CACHE_BUS_TIMEOUT_MS", "1500")))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("CACHE_BUS_TIMEOUT_MS");
    assertThatThrownBy(() -> RedisBusConfig.fromEnv(Map.of("CACHE_BUS_ACK_TIMEOUT_MS", "-1")))
        .isInstanceOf(JanuaConfigException.class)
        .hasMessageContaining("CACHE_BUS_ACK_TIMEOUT_MS");
    assertThatThrownBy(() -> RedisBusConfig.fromEnv(Map.of("CACHE_BUS_ACK_TIMEOUT_MS", "x")))
        .isInstanceOf(JanuaConfigException.class)
        .hasMessageContaining("CACHE_BUS_ACK_TIMEOUT_MS");
  }

  @Test
  void constructor_timeoutBelowTwoHeartbeats_refused() {
    assertThatThrownBy(() -> new RedisBusConfig(Duration.ofSeconds(1), Duration.ofMillis(1999),
        Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CACHE_BUS_TIMEOUT_MS");
    assertThatThrownBy(() -> new RedisBusConfig(Duration.ofMillis(1), Duration.ofSeconds(3),
        Duration.ZERO)).hasMessageContaining("CACHE_BUS_HEARTBEAT_MS");
  }

  @Test
  void plugin_fromEnv_readsTheBus_andWithMethodsKeepIt() {
    RedisPlugin p = RedisPlugin.fromEnv(Map.of("CACHE_BUS_HEARTBEAT_MS", "250"));
    assertThat(p.busConfig().heartbeat()).isEqualTo(Duration.ofMillis(250));
    assertThat(p.withoutRateLimiter().withoutRevocationEvents().withoutCacheTier().busConfig())
        .isEqualTo(p.busConfig());
    RedisBusConfig custom = new RedisBusConfig(Duration.ofMillis(100), Duration.ofMillis(300),
        Duration.ofMillis(50));
    assertThat(RedisPlugin.fromEnv(Map.of()).withBus(custom).busConfig()).isEqualTo(custom);
    assertThat(RedisPlugin.fromEnv(Map.of()).busConfig()).isEqualTo(RedisBusConfig.defaults());
  }
}
