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
    String tag = "authentication:"
        + RateLimitScript.sha256("authentication:203.0.113.9").substring(0, 32);
    assertThat(k).containsExactly("janua:rl:{" + tag + "}:m:60", "janua:rl:{" + tag + "}:m:61",
        "janua:rl:{" + tag + "}:h:0", "janua:rl:{" + tag + "}:h:1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"authentication:203.0.113.9", "user_operations:2001:db8::/64",
      "signin:ada@example.com", "203.0.113.9", "Odd Category:198.51.100.7"})
  void keys_neverHoldTheClientValueInClear(String clientKey) {
    String value = clientKey.substring(clientKey.indexOf(':') + 1);
    for (String key : script.keys(clientKey, 3_661_000)) {
      assertThat(key).doesNotContain(value).doesNotContain("@");
    }
  }

  @Test
  void tag_differsPerClient_andKeepsAPlainCategory() {
    assertThat(RateLimitScript.tag("authentication:203.0.113.9"))
        .startsWith("authentication:").hasSize("authentication:".length() + 32)
        .isNotEqualTo(RateLimitScript.tag("authentication:203.0.113.10"));
    assertThat(RateLimitScript.tag("Odd Category:x")).hasSize(32);
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
