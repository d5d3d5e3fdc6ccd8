package dev.janua.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A fake of our {@link RemoteCache} SPI for unit tests: a map with expiry, and a failure switch. */
final class MapRemoteCache implements RemoteCache {
  private record Stored(byte[] value, Instant expiresAt) {}

  private final Map<String, Stored> map = new ConcurrentHashMap<>();
  private final Clock clock;
  volatile boolean failing;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger gets = new AtomicInteger();
  final AtomicInteger puts = new AtomicInteger();
  final AtomicInteger deletes = new AtomicInteger();

  MapRemoteCache(Clock clock) {
    this.clock = clock;
  }

  private void call() {
    calls.incrementAndGet();
    if (failing) {
      throw new IllegalStateException("redis down (fake)");
    }
  }

  @Override
  public Optional<byte[]> get(String key) {
    call();
    gets.incrementAndGet();
    Stored s = map.get(key);
    if (s == null || !clock.instant().isBefore(s.expiresAt())) {
      return Optional.empty();
    }
    return Optional.of(s.value().clone());
  }

  @Override
  public void put(String key, byte[] value, Duration ttl) {
    call();
    puts.incrementAndGet();
    map.put(key, new Stored(value.clone(), clock.instant().plus(ttl)));
  }

  @Override
  public void delete(Collection<String> keys) {
    call();
    deletes.incrementAndGet();
    keys.forEach(map::remove);
  }

  @Override
  public long deleteByPrefix(String prefix) {
    call();
    deletes.incrementAndGet();
    long before = map.size();
    map.keySet().removeIf(k -> k.startsWith(prefix));
    return before - map.size();
  }

  boolean contains(String key) {
    Stored s = map.get(key);
    return s != null && clock.instant().isBefore(s.expiresAt());
  }

  int size() {
    return map.size();
  }

  /** The keys stored now. */
  java.util.Set<String> keys() {
    return java.util.Set.copyOf(map.keySet());
  }
}
