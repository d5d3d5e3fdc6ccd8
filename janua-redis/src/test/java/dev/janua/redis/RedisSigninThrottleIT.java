package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.JanuaConfig;
import dev.janua.JanuaException;
import dev.janua.SigninThrottledException;
import dev.janua.memory.InMemoryStore;
import dev.janua.redis.internal.KeyCodec;
import dev.janua.spi.MetricsRecorder;
import dev.janua.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-account signin throttle on the real Redis, shared by two engines (two instances): 300
 * guesses from 300 addresses spread over both reach bcrypt at most 20 times, an unknown email gets
 * the same answers, the owner's device signs in during the attack, the Redis keys hold no email,
 * and successful signins do not spend the shared per-IP budget.
 */
class RedisSigninThrottleIT {
  private static final String PASSWORD = "correct horse battery";

  private final MutableClock clock = MutableClock.startingAt2026();
  private final AtomicInteger hashes = new AtomicInteger();
  private final InMemoryStore store = new InMemoryStore();
  private String prefix;
  private RedisJanua observer;
  private AuthEngine a;
  private AuthEngine b;

  @BeforeEach
  void setUp() {
    prefix = RedisTestSupport.freshPrefix(getClass());
    RedisConnectionConfig config = RedisTestSupport.loopbackOnly(RedisConnectionConfig.builder()
        .url(RedisTestSupport.sharedUrl())).keyPrefix(prefix).poolSize(1)
        .clientName("janua-it-" + UUID.randomUUID().toString().substring(0, 8)).build();
    observer = RedisTestSupport.connect(config, RedisRateLimitConfig.defaults());
    MetricsRecorder counting = new MetricsRecorder() {
      @Override
      public void passwordHash(Duration queueWait, Duration duration) {
        hashes.incrementAndGet();
      }
    };
    a = engine(config, counting);
    b = engine(config, counting);
  }

  private AuthEngine engine(RedisConnectionConfig config, MetricsRecorder metrics) {
    return AuthEngine.builder().config(JanuaConfig.builder().bcryptRounds(4)
        .emailVerification(false).build()).store(store).clock(clock).metrics(metrics)
        .install(RedisPlugin.of(config)).build();
  }

  @AfterEach
  void tearDown() {
    a.close();
    b.close();
    observer.connector().scanAndUnlink(KeyCodec.utf8(KeyCodec.escapeGlob(prefix) + "*"), 500);
    observer.close();
  }

  private String answer(AuthEngine engine, String email, String password, String ip,
      String device) {
    try {
      engine.signin(email, password, new ClientInfo(ip, "it"), device);
      return "success";
    } catch (SigninThrottledException e) {
      return e.code() + "/" + e.httpStatus() + "/" + e.retryAfterSeconds() + "/" + e.getMessage();
    } catch (JanuaException e) {
      return e.code() + "/" + e.httpStatus() + "/" + e.getMessage();
    }
  }

  private List<String> guesses(String email) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      AuthEngine instance = i % 2 == 0 ? a : b;
      out.add(answer(instance, email, "guess " + i, "10.77." + (i / 250) + "." + (i % 250 + 1),
          null));
    }
    return out;
  }

  @Test
  void throttle_sharedThroughRedis_atMostTheThresholdHashed_unknownAlike_ownerGetsIn() {
    String email = "grace." + UUID.randomUUID().toString().substring(0, 8) + "@navy.example";
    a.signup(email, PASSWORD, ClientInfo.of("198.51.100.40"), "Grace");
    AuthResult owner = b.signin(email, PASSWORD, ClientInfo.of("198.51.100.41"));
    String device = owner.deviceToken();
    assertThat(device).isNotNull();

    int before = hashes.get();
    List<String> existing = guesses(email);
    assertThat(hashes.get() - before).isEqualTo(20);
    assertThat(existing.subList(20, 300)).allSatisfy(s -> assertThat(s)
        .startsWith("signin_throttled/429/60/"));

    // The owner's known device gets in through either instance; without it, refused unhashed.
    before = hashes.get();
    assertThat(answer(a, email, PASSWORD, "192.0.2.50", null)).startsWith("signin_throttled/");
    assertThat(hashes.get()).isEqualTo(before);
    assertThat(answer(a, email, PASSWORD, "192.0.2.51", device)).isEqualTo("success");
    assertThat(answer(b, email, PASSWORD, "192.0.2.52", device)).isEqualTo("success");

    clock.advance(Duration.ofDays(1));
    before = hashes.get();
    List<String> unknown = guesses("nobody." + UUID.randomUUID().toString().substring(0, 8)
        + "@navy.example");
    assertThat(hashes.get() - before).isEqualTo(20);
    assertThat(unknown).isEqualTo(existing);

    List<String> keys = observer.connector().sync().keys(KeyCodec.escapeGlob(prefix) + "*")
        .stream().map(k -> new String(k, StandardCharsets.UTF_8)).toList();
    assertThat(keys).anyMatch(k -> k.startsWith(prefix + "fl:{signin:"));
    assertThat(keys).allSatisfy(k -> assertThat(k).doesNotContain("@").doesNotContain("grace")
        .doesNotContain("nobody"));
  }

  @Test
  void perIpBudget_sharedThroughRedis_spentByFailuresOnly() {
    String email = "ada." + UUID.randomUUID().toString().substring(0, 8) + "@engine.example";
    a.signup(email, PASSWORD, ClientInfo.of("198.51.100.60"), "Ada");
    ClientInfo nat = ClientInfo.of("198.51.100.61");
    for (int i = 0; i < 25; i++) {
      AuthEngine instance = i % 2 == 0 ? a : b;
      assertThat(instance.signin(email, PASSWORD, nat).rateLimit().remaining()).isEqualTo(10);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(answer(i % 2 == 0 ? a : b, email, "wrong", "198.51.100.61", null))
          .startsWith("invalid_credentials/");
    }
    assertThat(answer(b, email, PASSWORD, "198.51.100.61", null)).startsWith("rate_limited/");
  }
}
