package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.spi.RevocationListener;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The source's settings; reading is tested against real Redis in {@link RedisRevocationIT}. */
class RedisRevocationSourceTest {
  private static final RevocationListener IGNORE = new RevocationListener() {
    @Override
    public void sessionRevoked(String sessionId, Instant at) {}

    @Override
    public void userRevoked(String userId, Instant at) {}

    @Override
    public void connected() {}

    @Override
    public void disconnected() {}

    @Override
    public void eventsLost() {}
  };

  @Test
  void of_defaultsAndPrefix_streamKeyAndPollInterval() {
    RedisRevocationSource s = RedisRevocationSource.of(RedisConnectionConfig.builder()
        .url("redis://:hunter2@127.0.0.1:6390/0").keyPrefix("auth:").build());
    assertThat(s.streamKey()).isEqualTo("auth:revocations");
    assertThat(s.pollInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(s.withPollInterval(Duration.ofSeconds(1)).pollInterval())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(s.toString()).doesNotContain("hunter2").contains("auth:revocations");
    assertThat(s.connected()).isFalse();
  }

  @Test
  void withPollInterval_notPositive_refused() {
    RedisRevocationSource s = RedisRevocationSource.of(RedisConnectionConfig.builder().build());
    assertThatThrownBy(() -> s.withPollInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    assertThatThrownBy(() -> RedisRevocationSource.of(null)).hasMessage("config");
  }

  @Test
  void start_twiceOrAfterClose_refused() {
    RedisRevocationSource s = RedisRevocationSource.of(RedisConnectionConfig.builder()
        .url("redis://127.0.0.1:1/0").build()).withPollInterval(Duration.ofSeconds(1));
    s.start(IGNORE);
    assertThatThrownBy(() -> s.start(IGNORE)).isInstanceOf(IllegalStateException.class);
    s.close();
    s.close();
    RedisRevocationSource closed = RedisRevocationSource.of(RedisConnectionConfig.builder().build());
    closed.close();
    assertThatThrownBy(() -> closed.start(IGNORE)).isInstanceOf(IllegalStateException.class);
  }
}
