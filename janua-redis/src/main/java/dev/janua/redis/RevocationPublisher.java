package dev.janua.redis;

import dev.janua.redis.internal.KeyCodec;
import dev.janua.redis.internal.RedisConnector;
import dev.janua.redis.internal.RevocationEvent;
import io.lettuce.core.XAddArgs;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends revocations to the stream {@code <prefix>revocations} for verifiers
 * ({@link RedisRevocationSource}). Each append trims the entries older than the retention
 * ({@code XADD ... MINID ~}), so the stream holds what a verifier needs to catch up after an
 * outage, and little more. Asynchronous; a failure is logged and never reaches the caller (the
 * revocation itself has happened in the store).
 */
final class RevocationPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationPublisher.class);

  private final RedisConnector connector;
  private final byte[] key;
  private final Duration keep;

  RevocationPublisher(RedisConnector connector, String keyPrefix, Duration keep) {
    this.connector = Objects.requireNonNull(connector, "connector");
    this.key = KeyCodec.utf8(Objects.requireNonNull(keyPrefix, "keyPrefix") + "revocations");
    this.keep = Objects.requireNonNull(keep, "keep");
  }

  /** The stream's key, e.g. {@code janua:revocations}. */
  static String streamKey(String keyPrefix) {
    return keyPrefix + "revocations";
  }

  void publish(RevocationEvent.Kind kind, String id, Instant at) {
    try {
      // Trim by the wall clock, like the entry ids Redis assigns; the engine's clock may be a
      // test clock.
      XAddArgs args = new XAddArgs().approximateTrimming()
          .minId(Long.toString(Math.max(0, System.currentTimeMillis() - keep.toMillis())));
      connector.async().xadd(key, args, new RevocationEvent(kind, id, at, keep).fields())
          .whenComplete((entryId, e) -> {
            if (e != null) {
              failed(e);
            }
          });
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private static void failed(Throwable e) {
    LOG.warn("Publishing a revocation failed ({}); verifiers accept that session's access tokens "
        + "until they expire", e.getClass().getSimpleName());
  }
}
