package dev.janua.redis;

import dev.janua.spi.RevocationListener;
import dev.janua.spi.RevocationSource;
import dev.janua.redis.internal.KeyCodec;
import dev.janua.redis.internal.RedisConnector;
import dev.janua.redis.internal.RevocationEvent;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revocations a Janua issuer with {@link RedisPlugin} publishes, for a {@link
 * dev.janua.JanuaVerifier} ({@code JanuaVerifier.builder(issuer).revocations(source)}). It reads
 * the stream {@code <prefix>revocations} (the issuer's {@code REDIS_KEY_PREFIX}, so configure the
 * same prefix) every poll interval, from the first entry the stream holds, so a verifier started
 * late, or back from an outage, catches up on every revocation still relevant (the issuer keeps
 * entries for its access-token lifetime plus the clock skew and a minute).
 *
 * <p>A poll that fails reports the source disconnected; the next poll that succeeds reads what was
 * missed and reports it connected again. When the entry it read last is gone although it should
 * still be kept, or the stream vanished, or it is gone after a failed poll, Redis may have lost
 * revocations (a restart without persistence, a failover, a flush): the source reports {@link
 * RevocationListener#eventsLost()}.
 *
 * <p>It opens one connection on {@link #start} (in the background: a Redis that is down at start
 * counts as an outage) and closes it on {@link #close()}. One source serves one verifier.
 */
public final class RedisRevocationSource implements RevocationSource {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRevocationSource.class);
  private static final int BATCH = 500;

  private final RedisConnectionConfig config;
  private final Duration pollInterval;
  private final byte[] key;
  private final Object lock = new Object();
  private @Nullable Thread thread;
  private volatile boolean stopped;
  private volatile boolean connected;
  private volatile @Nullable RedisConnector connector;
  // Used by the polling thread only.
  private @Nullable String lastId;
  private long lastKeepMillis;
  private boolean polledOnce;

  private RedisRevocationSource(RedisConnectionConfig config, Duration pollInterval) {
    this.config = config.toBuilder().poolSize(1).build();
    this.pollInterval = pollInterval;
    this.key = KeyCodec.utf8(RevocationPublisher.streamKey(config.keyPrefix()));
  }

  /**
   * A source reading the stream of the Redis and key prefix in {@code config} (its pool size is
   * ignored: one connection), polling every 200 ms.
   */
  public static RedisRevocationSource of(RedisConnectionConfig config) {
    return new RedisRevocationSource(Objects.requireNonNull(config, "config"),
        Duration.ofMillis(200));
  }

  /**
   * This source polling every {@code interval}: the longest a revocation takes to reach the
   * verifier (plus one round trip).
   *
   * @throws IllegalArgumentException when the interval is not positive
   */
  public RedisRevocationSource withPollInterval(Duration interval) {
    if (Objects.requireNonNull(interval, "interval").isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    return new RedisRevocationSource(config, interval);
  }

  /** The poll interval. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** The stream read, e.g. {@code janua:revocations}. */
  public String streamKey() {
    return RevocationPublisher.streamKey(config.keyPrefix());
  }

  /** Whether the last poll succeeded. */
  public boolean connected() {
    return connected;
  }

  /**
   * Starts polling on a daemon thread.
   *
   * @throws IllegalStateException when started already, or closed
   */
  @Override
  public void start(RevocationListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (lock) {
      if (thread != null || stopped) {
        throw new IllegalStateException("a RedisRevocationSource serves one verifier");
      }
      Thread t = new Thread(() -> run(listener), "janua-redis-revocations");
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  private void run(RevocationListener listener) {
    try {
      loop(listener);
    } finally {
      Thread.interrupted(); // close() interrupts the sleep; closing the client must not see it
      closeConnector();
    }
  }

  private void loop(RevocationListener listener) {
    boolean failed = false;
    while (!stopped) {
      try {
        RedisConnector c = connector;
        if (c == null) {
          c = RedisConnector.open(config, LettuceUris.of(config));
          synchronized (lock) {
            connector = c;
          }
          if (stopped) {
            break;
          }
        }
        poll(c, listener, failed);
        if (!connected) {
          connected = true;
          LOG.info("Reading revocations from {} on {}", streamKey(), c.redactedUrl());
          listener.connected();
        }
        failed = false;
      } catch (RuntimeException e) {
        if (stopped) {
          break;
        }
        if (connected || !failed) {
          LOG.warn("Reading revocations from {} failed ({}); retrying every {}", streamKey(),
              e.getClass().getSimpleName(), pollInterval);
        }
        failed = true;
        if (connected) {
          connected = false;
          listener.disconnected();
        }
      }
      try {
        TimeUnit.NANOSECONDS.sleep(pollInterval.toNanos());
      } catch (InterruptedException e) {
        break;
      }
    }
  }

  /** Reads every entry after the last one seen, in batches. */
  private void poll(RedisConnector c, RevocationListener listener, boolean afterFailure) {
    boolean first = true;
    while (true) {
      String from = lastId;
      Range<String> range = from == null ? Range.unbounded()
          : Range.from(Range.Boundary.including(from), Range.Boundary.unbounded());
      List<StreamMessage<byte[], byte[]>> batch = c.sync().xrange(key, range,
          Limit.from(BATCH));
      int start = 0;
      if (from != null) {
        boolean present = !batch.isEmpty() && batch.get(0).getId().equals(from);
        if (present) {
          start = 1;
        } else if (first && lost(batch.isEmpty(), afterFailure, from)) {
          listener.eventsLost();
          lastId = null; // a new stream: read it from its start, suspecting nothing more
        }
      } else if (first && afterFailure && polledOnce) {
        // The stream was empty when last read: what was appended before the failure may be lost.
        listener.eventsLost();
      }
      polledOnce = true;
      for (int i = start; i < batch.size(); i++) {
        deliver(batch.get(i), listener);
      }
      first = false;
      if (batch.size() < BATCH) {
        return;
      }
    }
  }

  /**
   * Whether the missing last-read entry means lost revocations: not when the issuer trimmed it
   * by age while newer entries exist and no poll failed in between.
   */
  private boolean lost(boolean streamEmpty, boolean afterFailure, String missingId) {
    long stillKeptUntil = RevocationEvent.idMillis(missingId) + lastKeepMillis;
    return streamEmpty || afterFailure || System.currentTimeMillis() < stillKeptUntil;
  }

  private void deliver(StreamMessage<byte[], byte[]> m, RevocationListener listener) {
    lastId = m.getId();
    RevocationEvent e;
    try {
      e = RevocationEvent.parse(m.getBody());
    } catch (RuntimeException ex) {
      LOG.warn("Skipped a malformed revocation entry {}: {}", m.getId(), ex.getMessage());
      return;
    }
    if (e == null) {
      return; // another version or kind
    }
    lastKeepMillis = e.keep().toMillis();
    if (e.kind() == RevocationEvent.Kind.SESSION) {
      listener.sessionRevoked(e.id(), e.at());
    } else {
      listener.userRevoked(e.id(), e.at());
    }
  }

  /** Stops polling (waiting up to five seconds for the thread) and closes the connection. */
  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      if (stopped) {
        return;
      }
      stopped = true;
      t = thread;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeConnector();
    connected = false;
  }

  private void closeConnector() {
    RedisConnector c;
    synchronized (lock) {
      c = connector;
      connector = null;
    }
    if (c != null) {
      c.close();
    }
  }

  @Override
  public String toString() {
    return "RedisRevocationSource[" + config.endpoint().redacted() + ", stream=" + streamKey()
        + ", pollInterval=" + pollInterval + "]";
  }
}
