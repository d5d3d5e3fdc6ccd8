package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.cache.CachePolicy;
import dev.janua.AuthEngine;
import dev.janua.ClientInfo;
import dev.janua.InvalidCredentialsException;
import dev.janua.JanuaConfig;
import dev.janua.memory.InMemoryStore;
import dev.janua.redis.internal.KeyCodec;
import dev.janua.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The keys the cache tier writes to the real Redis name users by id or by hash: after signups,
 * signins and lookups of unknown addresses, no key under the test's prefix holds an email.
 */
class RedisKeyPrivacyIT {
  private static final String PASSWORD = "correct horse battery";

  private final MutableClock clock = MutableClock.startingAt2026();
  private String prefix;
  private RedisJanua observer;
  private AuthEngine engine;

  @BeforeEach
  void setUp() {
    prefix = RedisTestSupport.freshPrefix(getClass());
    RedisConnectionConfig config = RedisTestSupport.loopbackOnly(RedisConnectionConfig.builder()
        .url(RedisTestSupport.sharedUrl())).keyPrefix(prefix).poolSize(1)
        .clientName("janua-it-" + UUID.randomUUID().toString().substring(0, 8)).build();
    observer = RedisTestSupport.connect(config, RedisRateLimitConfig.defaults());
    engine = AuthEngine.builder().config(JanuaConfig.builder().bcryptRounds(4).build())
        .store(new InMemoryStore()).clock(clock)
        .install(new TestCachePlugin(CachePolicy.builder().sensitiveInShared(true).build()))
        .install(RedisPlugin.of(config)).build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
    observer.connector().scanAndUnlink(KeyCodec.utf8(KeyCodec.escapeGlob(prefix) + "*"), 500);
    observer.close();
  }

  @Test
  void cacheKeysInRedis_neverContainAnEmail() {
    String known = "ada.lovelace." + UUID.randomUUID().toString().substring(0, 8)
        + "@analytical-engine.example";
    String unknown = "charles.babbage@difference-engine.example";
    ClientInfo client = ClientInfo.of("198.51.100.23");
    engine.signup(known, PASSWORD, client, "Ada");
    engine.signin(known, PASSWORD, client);
    assertThatThrownBy(() -> engine.signin(unknown, PASSWORD, client))
        .isExactlyInstanceOf(InvalidCredentialsException.class);
    assertThatThrownBy(() -> engine.signin(unknown, PASSWORD, client))
        .isExactlyInstanceOf(InvalidCredentialsException.class);

    List<String> keys = observer.connector().sync()
        .keys(KeyCodec.escapeGlob(prefix) + "*").stream()
        .map(k -> new String(k, StandardCharsets.UTF_8)).toList();
    assertThat(keys).as("the cache wrote user entries to Redis")
        .anyMatch(k -> k.startsWith(prefix + "cache:email:"));
    assertThat(keys).allSatisfy(k -> {
      assertThat(k).doesNotContain("@").doesNotContain("lovelace").doesNotContain("babbage")
          .doesNotContain("engine.example");
    });
  }
}
