package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.redis.internal.KeyCodec;
import dev.janua.redis.internal.RevocationEvent;
import dev.janua.spi.RevocationListener;
import io.lettuce.core.XAddArgs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisRevocationSource} against entries written straight to the stream on the shared
 * Redis: what it delivers, and when a missing last-read entry counts as lost events (removed
 * while it should still be kept) or not (trimmed by age, newer entries present).
 */
class RedisRevocationSourceIT {
  private final String prefix = RedisTestSupport.freshPrefix(RedisRevocationSourceIT.class);
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private RedisJanua redis;
  private RedisRevocationSource source;
  private byte[] key;

  private final RevocationListener recorder = new RevocationListener() {
    @Override
    public void sessionRevoked(String sessionId, Instant at) {
      seen.add("session " + sessionId);
    }

    @Override
    public void userRevoked(String userId, Instant at) {
      seen.add("user " + userId);
    }

    @Override
    public void connected() {
      seen.add("connected");
    }

    @Override
    public void disconnected() {
      seen.add("disconnected");
    }

    @Override
    public void eventsLost() {
      seen.add("lost");
    }
  };

  @BeforeEach
  void connect() {
    RedisConnectionConfig config = RedisTestSupport.loopbackOnly(RedisConnectionConfig.builder()
        .url(RedisTestSupport.sharedUrl())).keyPrefix(prefix).poolSize(1).build();
    redis = RedisTestSupport.connect(config, RedisRateLimitConfig.defaults());
    source = RedisRevocationSource.of(config).withPollInterval(Duration.ofMillis(20));
    key = KeyCodec.utf8(source.streamKey());
  }

  @AfterEach
  void close() {
    source.close();
    redis.connector().scanAndUnlink(KeyCodec.utf8(KeyCodec.escapeGlob(prefix) + "*"), 500);
    redis.close();
  }

  private String append(String entryId, RevocationEvent.Kind kind, String id, Duration keep) {
    return redis.connector().sync().xadd(key, new XAddArgs().id(entryId),
        new RevocationEvent(kind, id, Instant.now(), keep).fields());
  }

  private void await(String what, String entry) {
    RedisProcesses.await(what, () -> seen.contains(entry), null);
  }

  @Test
  void poll_entriesWrittenBeforeAndAfterStart_deliveredInOrderAfterConnected() {
    long now = System.currentTimeMillis();
    append((now - 1000) + "-0", RevocationEvent.Kind.SESSION, "s-before", Duration.ofHours(1));
    redis.connector().sync().xadd(key, new XAddArgs().id((now - 900) + "-0"),
        java.util.Map.of(KeyCodec.utf8("v"), KeyCodec.utf8("2"))); // a later version: skipped
    source.start(recorder);
    await("connected", "connected");
    append("*", RevocationEvent.Kind.USER, "u-after", Duration.ofHours(1));
    await("the user revocation", "user u-after");
    assertThat(seen).containsExactly("session s-before", "connected", "user u-after");
  }

  @Test
  void poll_lastReadEntryTrimmedByAge_notLost() {
    long now = System.currentTimeMillis();
    // Read an entry whose keep has passed (written 10 min ago, kept for 1 min).
    String old = append((now - 600_000) + "-0", RevocationEvent.Kind.SESSION, "s-old",
        Duration.ofMinutes(1));
    source.start(recorder);
    await("connected", "connected");
    // A newer entry arrives, and its append trims the old one (as the issuer's XADD ... MINID).
    redis.connector().sync().xadd(key, new XAddArgs().minId(Long.toString(now - 60_000)),
        new RevocationEvent(RevocationEvent.Kind.SESSION, "s-new", Instant.now(),
            Duration.ofMinutes(1)).fields());
    assertThat(redis.connector().sync().xlen(key)).isEqualTo(1);
    await("the new revocation", "session s-new");
    append("*", RevocationEvent.Kind.SESSION, "s-newer", Duration.ofMinutes(1));
    await("the next revocation", "session s-newer");
    assertThat(old).isNotBlank();
    assertThat(seen).doesNotContain("lost");
  }

  @Test
  void poll_lastReadEntryRemovedWhileItShouldBeKept_lost() {
    String first = append("*", RevocationEvent.Kind.SESSION, "s-1", Duration.ofHours(1));
    source.start(recorder);
    await("the revocation", "session s-1");
    append("*", RevocationEvent.Kind.SESSION, "s-2", Duration.ofHours(1));
    await("the second revocation", "session s-2");
    // Entries vanish although kept for an hour: Redis lost data.
    redis.connector().sync().del(key);
    await("lost events", "lost");
    append("*", RevocationEvent.Kind.USER, "u-3", Duration.ofHours(1));
    await("a revocation on the new stream", "user u-3");
    assertThat(first).isNotBlank();
    assertThat(seen.stream().filter("lost"::equals).count()).isEqualTo(1);
  }
}
