package dev.janua.cache;

import dev.janua.JanuaConfigException;
import dev.janua.spi.CacheStatsSource;
import dev.janua.spi.JanuaPlugin;
import dev.janua.spi.PluginContext;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Installs the tiered cache in front of the engine's store:
 * {@code AuthEngine.builder().install(CachePlugin.fromEnv())}.
 *
 * <p>Once every plugin is installed, it wraps the store of record in a {@link CachingStore} over a
 * new {@link TieredCache} with this plugin's {@link CachePolicy} and the engine's clock. The shared
 * tier and the invalidation bus are the {@link RemoteCache} and {@link InvalidationBus} another
 * plugin provides (janua-redis's {@code RedisPlugin} provides both); without them the cache is
 * in-process only. The cache is provided to the other plugins as a {@link CacheStatsSource} (the
 * metrics plugin binds its statistics) and as a {@link TieredCache}, and the engine closes it on
 * {@code close()}, which also stops the cache's ticker thread ({@code janua-cache-ticker}).
 *
 * <p>A shared tier without a bus is refused: every other instance would keep serving its
 * in-process copy of what this one changed, for up to the time to live.
 */
public final class CachePlugin implements JanuaPlugin {
  private final CachePolicy policy;

  private CachePlugin(CachePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * A plugin with the policy the process environment sets (see {@link CachePolicy#fromEnv()}).
   *
   * @throws JanuaConfigException naming the variable when a value is malformed or out of range
   */
  public static CachePlugin fromEnv() {
    return of(CachePolicy.fromEnv());
  }

  /**
   * A plugin with the policy these variables set (see {@link CachePolicy#fromMap(Map)}).
   *
   * @throws JanuaConfigException naming the variable when a value is malformed or out of range
   */
  public static CachePlugin fromEnv(Map<String, String> env) {
    return of(CachePolicy.fromMap(env));
  }

  /**
   * A plugin with this policy.
   *
   * @throws NullPointerException when {@code policy} is null
   */
  public static CachePlugin of(CachePolicy policy) {
    return new CachePlugin(policy);
  }

  /** The policy of the caches this plugin builds. */
  public CachePolicy policy() {
    return policy;
  }

  /**
   * Registers the store decorator that builds the cache (it runs after every plugin is installed,
   * so the Redis plugin may be installed before or after this one).
   *
   * @throws JanuaConfigException (from the engine builder's {@code build()}) when a {@link
   *     RemoteCache} is provided without an {@link InvalidationBus}
   */
  @Override
  public void install(PluginContext context) {
    Objects.requireNonNull(context, "context");
    context.decorateStore(store -> {
      TieredCache cache = build(context);
      context.closeOnShutdown(cache);
      context.provide(CacheStatsSource.class, cache);
      context.provide(TieredCache.class, cache);
      return CachingStore.wrap(store, cache);
    });
  }

  private TieredCache build(PluginContext context) {
    Optional<RemoteCache> remote = context.find(RemoteCache.class);
    Optional<InvalidationBus> bus = context.find(InvalidationBus.class);
    if (remote.isPresent() && bus.isEmpty()) {
      throw new JanuaConfigException(null, "CachePlugin: a shared cache tier (RemoteCache "
          + remote.get().getClass().getSimpleName() + ") is installed without an "
          + "InvalidationBus; other instances would keep serving stale in-process copies. "
          + "Install a plugin that provides both (janua-redis's RedisPlugin does), or provide an "
          + "InvalidationBus as well.");
    }
    TieredCache.Builder builder = TieredCache.builder().policy(policy).clock(context.clock());
    remote.ifPresent(builder::remote);
    bus.ifPresent(builder::bus);
    return builder.build();
  }

  @Override
  public String toString() {
    return "CachePlugin[" + policy + "]";
  }
}
