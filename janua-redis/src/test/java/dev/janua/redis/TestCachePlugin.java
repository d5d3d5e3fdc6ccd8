package dev.janua.redis;

import dev.janua.cache.CachePolicy;
import dev.janua.cache.CachingStore;
import dev.janua.cache.InvalidationBus;
import dev.janua.cache.RemoteCache;
import dev.janua.cache.TieredCache;
import dev.janua.spi.JanuaPlugin;
import dev.janua.spi.PluginContext;
import java.util.Objects;
import java.util.Optional;

/**
 * Test-only stand-in for janua-cache's {@code CachePlugin}: it decorates the store with a
 * {@link TieredCache} over whatever {@link RemoteCache} and {@link InvalidationBus} another plugin
 * provided (here {@link RedisPlugin}), found when the store is decorated, after every plugin is
 * installed. Remembers what it found and built, for the assertions.
 */
final class TestCachePlugin implements JanuaPlugin {
  private final CachePolicy policy;
  private volatile TieredCache cache;
  private volatile Optional<RemoteCache> remote = Optional.empty();
  private volatile Optional<InvalidationBus> bus = Optional.empty();

  TestCachePlugin(CachePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  TestCachePlugin() {
    this(CachePolicy.defaults());
  }

  @Override
  public void install(PluginContext context) {
    context.decorateStore(store -> {
      remote = context.find(RemoteCache.class);
      bus = context.find(InvalidationBus.class);
      TieredCache.Builder b = TieredCache.builder().policy(policy).clock(context.clock());
      remote.ifPresent(b::remote);
      bus.ifPresent(b::bus);
      cache = b.build();
      return CachingStore.wrap(store, cache);
    });
  }

  /** The cache built for the engine. */
  TieredCache cache() {
    return cache;
  }

  /** The shared tier found when the store was decorated. */
  Optional<RemoteCache> remote() {
    return remote;
  }

  /** The bus found when the store was decorated. */
  Optional<InvalidationBus> bus() {
    return bus;
  }
}
