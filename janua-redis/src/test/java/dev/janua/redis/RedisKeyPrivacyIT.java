package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.cache.CachePolicy;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.ConflictException;
import dev.janua.InvalidCredentialsException;
import dev.janua.JanuaConfig;
import dev.janua.memory.InMemoryStore;
import dev.janua.redis.internal.KeyCodec;
import dev.janua.testing.MutableClock;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
  private final InMemoryStore store = new InMemoryStore();
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
        .store(store).clock(clock)
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
    // a second signup looks the address up through the cache (signin reads the store itself)
    assertThatThrownBy(() -> engine.signup(known, PASSWORD, client, "Ada"))
        .isExactlyInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> engine.signin(unknown, PASSWORD, client))
        .isExactlyInstanceOf(InvalidCredentialsException.class);
    assertThatThrownBy(() -> engine.signin(unknown, PASSWORD, client))
        .isExactlyInstanceOf(InvalidCredentialsException.class);

    List<String> keys = observer.connector().sync()
        .keys(KeyCodec.escapeGlob(prefix) + "*").stream()
        .map(k -> new String(k, StandardCharsets.UTF_8)).toList();
    assertThat(keys).as("the cache wrote user entries to Redis")
        .anyMatch(k -> k.startsWith(prefix + "cache:email:"));
    assertThat(keys).as("the shared limiter counted the client in Redis")
        .anyMatch(k -> k.startsWith(prefix + "rl:{"));
    assertThat(keys).allSatisfy(k -> {
      assertThat(k).doesNotContain("@").doesNotContain("lovelace").doesNotContain("babbage")
          .doesNotContain("engine.example").doesNotContain("198.51.100.23");
    });
  }

  @Test
  void cacheValuesInRedis_neverContainAPasswordHash() {
    String email = "grace." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    ClientInfo client = ClientInfo.of("198.51.100.24");
    AuthResult signup = engine.signup(email, PASSWORD, client, "Grace");
    String userId = signup.user().id();
    AuthResult signin = engine.signin(email, PASSWORD, client);
    engine.validate(signin.tokens().accessToken());
    engine.users().get(userId);
    engine.users().me(engine.validate(signup.tokens().accessToken()));
    engine.refresh(signin.tokens().refreshToken(), client);
    assertThatThrownBy(() -> engine.signup(email, PASSWORD, client, "Grace"))
        .isExactlyInstanceOf(ConflictException.class);
    String hash = store.users().findCredentialsById(userId).orElseThrow().passwordHash();
    String salt = hash.substring(7, 29); // bcrypt: $2a$04$ + 22 characters of salt

    RedisClusterCommands<byte[], byte[]> redis = observer.connector().sync();
    List<byte[]> keys = redis.keys(KeyCodec.escapeGlob(prefix) + "*");
    List<String> names = keys.stream().map(k -> new String(k, StandardCharsets.UTF_8)).toList();
    assertThat(names).as("the user's profile is cached in Redis")
        .contains(prefix + "cache:user:" + userId);
    for (byte[] key : keys) {
      String name = new String(key, StandardCharsets.UTF_8);
      for (byte[] value : values(redis, key)) {
        String text = new String(value, StandardCharsets.ISO_8859_1);
        assertThat(text).as(name).doesNotContain(hash).doesNotContain(salt);
      }
    }
  }

  /** Every value stored under a key, whatever its type. */
  private static List<byte[]> values(RedisClusterCommands<byte[], byte[]> redis, byte[] key) {
    String type = redis.type(key);
    List<byte[]> out = new ArrayList<>();
    switch (type) {
      case "string" -> out.add(redis.get(key));
      case "hash" -> redis.hgetall(key).forEach((f, v) -> {
        out.add(f);
        out.add(v);
      });
      case "list" -> out.addAll(redis.lrange(key, 0, -1));
      case "set" -> out.addAll(redis.smembers(key));
      case "zset" -> out.addAll(redis.zrange(key, 0, -1));
      case "none" -> { } // expired meanwhile
      default -> throw new AssertionError("unexpected Redis type " + type);
    }
    return out;
  }
}
