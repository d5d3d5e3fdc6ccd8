package dev.janua.redis;

import dev.janua.cache.InvalidationBus;
import dev.janua.redis.internal.AckWaiter;
import dev.janua.redis.internal.BusScripts;
import dev.janua.redis.internal.InvalidationMessage;
import dev.janua.redis.internal.KeyCodec;
import dev.janua.redis.internal.RedisConnector;
import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache invalidations between instances over Redis pub/sub, with loss detection and
 * acknowledgements.
 *
 * <ul>
 *   <li><b>Sequence numbers.</b> Every message goes through one Lua script that takes the next
 *       number from {@code INCR <prefix>{invalidation}:seq} and publishes it on {@code
 *       <prefix>invalidation} (format: the internal {@code InvalidationMessage}). Every instance,
 *       the sender included, tracks the last number it received; a gap means lost messages, and
 *       the caches drop their whole in-process tier ({@link State#GAP}).
 *   <li><b>Heartbeat.</b> Every {@link RedisBusConfig#heartbeat()} each instance makes one round
 *       trip: it registers itself in the sorted set {@code <prefix>{invalidation}:instances}
 *       (scored by Redis time) and reads the last number. The bus is lost ({@link State#LOST})
 *       when that round trip fails or takes longer than a heartbeat, when its pub/sub connection
 *       is closed, when a number Redis had given out at the previous heartbeat has still not
 *       arrived, or when no heartbeat was confirmed for {@link RedisBusConfig#timeout()}. A lost
 *       instance leaves the live set; it is back ({@link State#HEALTHY}) after a heartbeat
 *       succeeds and a probe it publishes on the channel comes back to it, and then takes Redis's
 *       number as its last one.
 *   <li><b>Acknowledgements.</b> After applying a message from another instance, an instance
 *       publishes {@code ack <sender> <nonce> <its id>} on {@code <prefix>invalidation:ack}.
 *       {@link #publish} returns once every live instance (heartbeat within the timeout) has
 *       acknowledged, or after {@link RedisBusConfig#ackTimeout()} (logged and counted); the
 *       laggard notices its own loss by its heartbeat.
 * </ul>
 *
 * <p>Listeners run on one background thread, in message order, never on the Netty I/O thread; a
 * listener that throws is logged and the next one still runs. Publishing never throws: a failure
 * is logged and counted. Thread-safe.
 */
public final class RedisInvalidationBus implements InvalidationBus {
  private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidationBus.class);
  private static final String PROBE = "janua-bus-probe ";

  private final RedisConnector connector;
  private final RedisBusConfig config;
  private final byte[] channel;
  private final byte[] ackChannel;
  private final String instanceId = UUID.randomUUID().toString();
  private final BusScripts scripts;
  private final StatefulRedisPubSubConnection<byte[], byte[]> pubSub;
  private final long subscriberClientId;
  private final List<Consumer<Invalidation>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<State>> stateListeners = new CopyOnWriteArrayList<>();
  private final ExecutorService dispatcher;
  private final ScheduledExecutorService heartbeat;
  private final AtomicLong lastSeq = new AtomicLong(-1);
  private final AtomicLong nonces = new AtomicLong();
  private final ConcurrentHashMap<Long, AckWaiter> waiting = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, CompletableFuture<Void>> probes = new ConcurrentHashMap<>();
  private final LongAdder lostTransitions = new LongAdder();
  private final LongAdder gaps = new LongAdder();
  private final LongAdder ackTimeouts = new LongAdder();
  private final LongAdder publishFailures = new LongAdder();
  private final long forgetAfterMs;
  private final byte[] seqKey;
  private volatile boolean healthy;
  private volatile boolean closed;
  /**
   * A publish failed: once Redis answers again, this instance takes a number it never publishes,
   * so that every other instance notices a lost message and drops its in-process tier.
   */
  private volatile boolean owesLoss;
  /** Heartbeat thread only: Redis's last number at the previous confirmed heartbeat. */
  private long observedSeq = -1;
  private volatile long lastConfirmedNanos;

  RedisInvalidationBus(RedisConnector connector, String keyPrefix, RedisBusConfig config) {
    this.connector = Objects.requireNonNull(connector, "connector");
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    this.channel = KeyCodec.utf8(keyPrefix + "invalidation");
    this.ackChannel = KeyCodec.utf8(keyPrefix + "invalidation:ack");
    this.scripts = new BusScripts(keyPrefix, channel);
    this.seqKey = KeyCodec.utf8(BusScripts.seqKey(keyPrefix));
    this.forgetAfterMs = Math.max(60_000, 10 * config.timeout().toMillis());
    this.dispatcher = Executors.newSingleThreadExecutor(r -> daemon(r, "janua-redis-invalidation"));
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(
        r -> daemon(r, "janua-redis-bus-heartbeat"));
    this.pubSub = connector.connectPubSub();
    pubSub.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(byte[] ch, byte[] message) {
        if (Arrays.equals(ch, channel)) {
          dispatcher.execute(() -> deliver(message));
        } else if (Arrays.equals(ch, ackChannel)) {
          onAck(message);
        }
      }
    });
    long clientId = -1;
    try {
      try {
        clientId = pubSub.sync().clientId();
      } catch (RuntimeException e) {
        LOG.debug("CLIENT ID is not available on the pub/sub connection: {}",
            e.getClass().getSimpleName());
      }
      // subscribed before registered: a live instance always hears the messages it must ack
      pubSub.sync().subscribe(channel, ackChannel);
      long seq = scripts.heartbeat(connector.async(), instanceId, true, forgetAfterMs)
          .toCompletableFuture().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
      lastSeq.accumulateAndGet(seq, Math::max);
      observedSeq = seq;
      lastConfirmedNanos = System.nanoTime();
      healthy = true;
    } catch (RuntimeException | ExecutionException | TimeoutException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      pubSub.close();
      dispatcher.shutdown();
      heartbeat.shutdownNow();
      throw e instanceof RedisException re ? re
          : new RedisException("the invalidation bus could not register with Redis ("
              + e.getClass().getSimpleName() + ")", e);
    }
    this.subscriberClientId = clientId;
    long period = config.heartbeat().toMillis();
    heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  // ---- receiving ----

  private void deliver(byte[] payload) {
    if (startsWith(payload, PROBE)) {
      onProbe(new String(payload, StandardCharsets.UTF_8).substring(PROBE.length()));
      return;
    }
    InvalidationMessage m;
    try {
      m = InvalidationMessage.decode(payload);
    } catch (RuntimeException e) {
      LOG.warn("Dropped a malformed invalidation message: {}", e.getMessage());
      return;
    }
    if (m.seq() >= 0) {
      long last = lastSeq.get();
      if (last >= 0 && m.seq() > last + 1) {
        gaps.increment();
        LOG.warn("Missed {} cache invalidation message(s) before number {}: dropping the "
            + "in-process cache", m.seq() - last - 1, m.seq());
        fire(State.GAP);
      }
      lastSeq.accumulateAndGet(m.seq(), Math::max);
    }
    if (m.sender().equals(instanceId)) {
      return;
    }
    Invalidation inv = new Invalidation(m.keys(), m.prefixes());
    for (Consumer<Invalidation> l : listeners) {
      try {
        l.accept(inv);
      } catch (RuntimeException e) {
        LOG.warn("An invalidation listener failed", e);
      }
    }
    if (m.nonce() >= 0) {
      // applied: tell the sender, which may be waiting for us
      sendQuietly(ackChannel, "ack " + m.sender() + " " + m.nonce() + " " + instanceId);
    }
  }

  private void onAck(byte[] payload) {
    String[] parts = new String(payload, StandardCharsets.UTF_8).split(" ");
    if (parts.length == 4 && parts[0].equals("ack") && parts[1].equals(instanceId)) {
      AckWaiter w = waiting.get(parseOr(parts[2]));
      if (w != null) {
        w.ack(parts[3]);
      }
    }
  }

  private void onProbe(String rest) {
    String[] parts = rest.split(" ");
    if (parts.length == 2 && parts[0].equals(instanceId)) {
      CompletableFuture<Void> f = probes.get(parseOr(parts[1]));
      if (f != null) {
        f.complete(null);
      }
    }
  }

  private static long parseOr(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean startsWith(byte[] payload, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    return payload.length >= p.length && Arrays.equals(payload, 0, p.length, p, 0, p.length);
  }

  private void sendQuietly(byte[] ch, String text) {
    try {
      connector.async().publish(ch, text.getBytes(StandardCharsets.UTF_8))
          .whenComplete((n, e) -> {
            if (e != null) {
              LOG.debug("bus message not sent: {}", e.getClass().getSimpleName());
            }
          });
    } catch (RuntimeException e) {
      LOG.debug("bus message not sent: {}", e.getClass().getSimpleName());
    }
  }

  // ---- heartbeat ----

  private void beat() {
    if (closed) {
      return;
    }
    try {
      if (healthy && System.nanoTime() - lastConfirmedNanos > config.timeout().toNanos()) {
        lose("no heartbeat was confirmed for more than " + config.timeout().toMillis() + " ms");
        return;
      }
      long seq;
      try {
        seq = scripts.heartbeat(connector.async(), instanceId, healthy, forgetAfterMs)
            .toCompletableFuture().get(config.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        lose("Redis did not answer the heartbeat in time (" + e.getClass().getSimpleName() + ")");
        return;
      }
      if (owesLoss) {
        announceLoss();
      }
      if (!healthy) {
        tryRecover(seq);
      } else if (seq < observedSeq) {
        lose("Redis's invalidation number went back from " + observedSeq + " to " + seq
            + " (a restart or a failover)");
      } else if (!pubSub.isOpen()) {
        lose("its pub/sub connection is closed");
      } else if (lastSeq.get() < observedSeq) {
        lose("invalidation number " + observedSeq + " did not arrive within a heartbeat");
      } else {
        observedSeq = seq;
        lastConfirmedNanos = System.nanoTime();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("cache bus heartbeat failed: {}", e.getClass().getName());
    }
  }

  /** Takes a number nobody publishes: every instance, this one too, sees a lost message. */
  private void announceLoss() throws InterruptedException {
    try {
      connector.async().incr(seqKey).toCompletableFuture()
          .get(config.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
      owesLoss = false;
      LOG.warn("Invalidations this instance could not publish are announced as a lost message: "
          + "every instance drops its in-process cache");
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.debug("could not announce the failed invalidations yet: {}",
          e.getClass().getSimpleName());
    }
  }

  private void lose(String reason) {
    if (!healthy || closed) {
      return;
    }
    healthy = false;
    lostTransitions.increment();
    LOG.warn("The cache invalidation bus is lost: {}. Sessions, users and permissions are read "
        + "from the store until it is back.", reason);
    fire(State.LOST);
    try {
      // leave the live set, so that publishers do not wait for us (best effort)
      scripts.heartbeat(connector.async(), instanceId, false, forgetAfterMs);
    } catch (RuntimeException e) {
      LOG.debug("could not leave the live set: {}", e.getClass().getSimpleName());
    }
  }

  private void tryRecover(long seq) throws InterruptedException {
    if (!pubSub.isOpen() || !probe()) {
      return;
    }
    // Everything numbered up to seq was published before this heartbeat read it, so after the
    // in-process tier is dropped (HEALTHY) the store shows it; later numbers arrive (or gap).
    // Redis's number, even when it is lower than ours (a restart or failover lost increments);
    // should a message numbered above it have arrived meanwhile, the next one shows a (harmless)
    // gap.
    lastSeq.set(seq);
    observedSeq = seq;
    lastConfirmedNanos = System.nanoTime();
    fire(State.HEALTHY);
    healthy = true;
    LOG.info("The cache invalidation bus is back (number {}); the in-process cache starts empty",
        seq);
    try {
      scripts.heartbeat(connector.async(), instanceId, true, forgetAfterMs);
    } catch (RuntimeException e) {
      LOG.debug("could not rejoin the live set: {}", e.getClass().getSimpleName());
    }
  }

  /** Publishes a probe on the channel and waits (one heartbeat) for it to come back to us. */
  private boolean probe() throws InterruptedException {
    long nonce = nonces.incrementAndGet();
    CompletableFuture<Void> back = new CompletableFuture<>();
    probes.put(nonce, back);
    long wait = config.heartbeat().toMillis();
    try {
      connector.async().publish(channel,
          (PROBE + instanceId + " " + nonce).getBytes(StandardCharsets.UTF_8))
          .toCompletableFuture().get(wait, TimeUnit.MILLISECONDS);
      back.get(wait, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    } finally {
      probes.remove(nonce);
    }
  }

  private void fire(State state) {
    for (Consumer<State> l : stateListeners) {
      try {
        l.accept(state);
      } catch (RuntimeException e) {
        LOG.warn("A bus state listener failed: {}", e.getClass().getName());
      }
    }
  }

  // ---- the InvalidationBus ----

  /**
   * Numbers and publishes the keys and prefixes, then waits until every other live instance has
   * applied them, at most {@link RedisBusConfig#ackTimeout()} (not at all while this instance's
   * own bus is lost: it could not hear the acknowledgements). Never throws: a failure to publish
   * or a missing acknowledgement is logged (without keys) and counted in {@link #stats()}.
   */
  @Override
  public void publish(Collection<String> keys, Collection<String> prefixes) {
    if ((keys == null || keys.isEmpty()) && (prefixes == null || prefixes.isEmpty())) {
      return;
    }
    long nonce = nonces.incrementAndGet();
    AckWaiter waiter = new AckWaiter();
    waiting.put(nonce, waiter);
    try {
      BusScripts.Published published = scripts.publish(connector.sync(),
          InvalidationMessage.of(instanceId, nonce, keys, prefixes), config.timeout().toMillis());
      Set<String> expected = new HashSet<>(published.live());
      expected.remove(instanceId);
      if (expected.isEmpty() || config.ackTimeout().isZero() || !healthy) {
        return;
      }
      int missing = waiter.await(expected, config.ackTimeout().toNanos());
      if (missing > 0) {
        ackTimeouts.increment();
        LOG.warn("Cache invalidation {} was not acknowledged within {} ms by {} of {} live "
            + "instance(s); each drops its in-process cache when its heartbeat notices",
            published.seq(), config.ackTimeout().toMillis(), missing, expected.size());
      }
    } catch (RuntimeException e) {
      publishFailures.increment();
      owesLoss = true;
      LOG.warn("Publishing a cache invalidation failed ({}); other instances notice the lost bus "
          + "within {} ms", e.getClass().getSimpleName(), config.stalenessBound().toMillis());
    } finally {
      waiting.remove(nonce);
    }
  }

  @Override
  public void subscribe(Consumer<Invalidation> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void unsubscribe(Consumer<Invalidation> listener) {
    listeners.remove(listener);
  }

  @Override
  public boolean healthy() {
    return healthy && !closed;
  }

  @Override
  public void subscribeState(Consumer<State> listener) {
    stateListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void unsubscribeState(Consumer<State> listener) {
    stateListeners.remove(listener);
  }

  /** This bus's instance id, carried by every message it publishes. */
  public String instanceId() {
    return instanceId;
  }

  /** The channel name, e.g. {@code janua:invalidation}. */
  public String channel() {
    return new String(channel, StandardCharsets.UTF_8);
  }

  /** Its settings. */
  public RedisBusConfig config() {
    return config;
  }

  /** Whether anything subscribed (a cache that uses this bus). */
  boolean hasListeners() {
    return !listeners.isEmpty();
  }

  /** Whether the pub/sub connection is currently open. */
  public boolean connected() {
    return pubSub.isOpen();
  }

  /** Tests: the Redis client id of the pub/sub connection when it was opened, or -1. */
  long subscriberClientId() {
    return subscriberClientId;
  }

  /** Tests: stops hearing the invalidation channel, silently (messages are lost from now). */
  void unsubscribeSilentlyForTests() {
    pubSub.sync().unsubscribe(channel);
  }

  /**
   * What happened to this bus so far.
   *
   * @param lostTransitions times it went from healthy to lost
   * @param gaps            sequence gaps seen (lost messages noticed on the next message)
   * @param ackTimeouts     publishes that returned before every live instance acknowledged
   * @param publishFailures publishes that did not reach Redis
   */
  public record Stats(long lostTransitions, long gaps, long ackTimeouts, long publishFailures) {}

  /** The counters now. */
  public Stats stats() {
    return new Stats(lostTransitions.sum(), gaps.sum(), ackTimeouts.sum(), publishFailures.sum());
  }

  /**
   * Stops the heartbeat, leaves the live set, unsubscribes and closes the pub/sub connection, and
   * stops the listener thread once the messages already received are delivered (waiting at most
   * two seconds); the shared connections stay open.
   */
  @Override
  public void close() {
    closed = true;
    heartbeat.shutdownNow();
    try {
      heartbeat.awaitTermination(2, TimeUnit.SECONDS);
      scripts.heartbeat(connector.async(), instanceId, false, forgetAfterMs)
          .toCompletableFuture().get(500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.debug("could not leave the live set: {}", e.getClass().getSimpleName());
    }
    try {
      pubSub.close();
    } finally {
      dispatcher.shutdown();
      try {
        if (!dispatcher.awaitTermination(2, TimeUnit.SECONDS)) {
          dispatcher.shutdownNow();
        }
      } catch (InterruptedException e) {
        dispatcher.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
