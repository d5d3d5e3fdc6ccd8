package dev.janua.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitScriptTest {
  private final RateLimitScript script = new RateLimitScript("janua:");

  @Test
  void keys_ofOneClient_areNamedByWindowIndex() {
    String[] k = script.keys("authentication:203.0.113.9", 3_661_000);
    assertThat(k).containsExactly("janua:rl:{authentication:203.0.113.9}:m:60",
        "janua:rl:{authentication:203.0.113.9}:m:61", "janua:rl:{authentication:203.0.113.9}:h:0",
        "janua:rl:{authentication:203.0.113.9}:h:1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"authentication:203.0.113.9", "user_operations:2001:db8::1", "a{b}c",
      "}x", "{", "x}"})
  void keys_minuteAndHour_fallInOneClusterSlot(String clientKey) {
    String[] k = script.keys(clientKey, 1_930_384_800_000L);
    for (String key : k) {
      assertThat(SlotHash.getSlot(key.getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(SlotHash.getSlot(k[0].getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void ttl_currentWindow_outlivesTheNextWindow() {
    // 10:00:15 -> the minute counter serves until 10:02:00, plus the grace.
    assertThat(RateLimitScript.ttlMs(15_000, 60_000)).isEqualTo(105_000 + 60_000);
  }

  @Test
  void sha_isTheSha1OfTheSource() {
    assertThat(RateLimitScript.sha()).hasSize(40).isEqualTo(RateLimitScript.sha1(
        RateLimitScript.SOURCE));
  }
}
