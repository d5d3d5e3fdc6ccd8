package dev.janua.jdbc;

import dev.janua.JanuaConfigException;
import dev.janua.StoreUnavailableException;
import dev.janua.spi.JanuaPlugin;
import dev.janua.spi.PluginContext;
import dev.janua.spi.PoolStatsSource;
import java.util.Map;
import java.util.Objects;

/**
 * Installs PostgreSQL as the engine's store of record:
 *
 * <pre>{@code
 * AuthEngine engine = AuthEngine.builder()
 *     .config(JanuaConfig.fromEnv())
 *     .install(JdbcPlugin.fromEnv())       // DATABASE_URL, DATABASE_POOL_SIZE, ...
 *     .build();
 * }</pre>
 *
 * <p>On {@code build()} it opens a {@link JdbcStore} (creating its pool and, unless {@code
 * DATABASE_MIGRATE=false}, migrating the schema) and contributes:
 * <ul>
 *   <li>the store of record ({@link PluginContext#store});
 *   <li>signing keys kept in the database, shared by every instance on it ({@link
 *       PluginContext#persistentKeys}), unless the host set a key ring or a PEM key;
 *   <li>the {@code database} readiness check ({@link PluginContext#healthCheck});
 *   <li>the pool's statistics as a {@link PoolStatsSource} for a metrics plugin ({@link
 *       PluginContext#provide});
 *   <li>the store itself to {@link PluginContext#closeOnShutdown}, so {@code engine.close()}
 *       closes the pool.
 * </ul>
 *
 * <p>Immutable; one plugin may be installed on several builders, and each {@code build()} opens a
 * store (and a pool) of its own.
 */
public final class JdbcPlugin implements JanuaPlugin {
  private final JdbcStoreConfig config;

  private JdbcPlugin(JdbcStoreConfig config) {
    this.config = config;
  }

  /**
   * The plugin configured from the process environment ({@link JdbcStoreConfig#fromEnv()}).
   *
   * @throws JanuaConfigException naming the variable that is missing or malformed
   */
  public static JdbcPlugin fromEnv() {
    return of(JdbcStoreConfig.fromEnv());
  }

  /**
   * The plugin configured from environment-style variables ({@link JdbcStoreConfig#fromMap}).
   *
   * @throws JanuaConfigException naming the variable that is missing or malformed
   */
  public static JdbcPlugin fromEnv(Map<String, String> env) {
    return of(JdbcStoreConfig.fromMap(env));
  }

  /** The plugin configured in code. */
  public static JdbcPlugin of(JdbcStoreConfig config) {
    return new JdbcPlugin(Objects.requireNonNull(config, "config"));
  }

  /** The configuration each installation opens its store with. */
  public JdbcStoreConfig config() {
    return config;
  }

  /**
   * Opens the store and contributes it; see the class description.
   *
   * @throws StoreUnavailableException when migrating and the database cannot be reached
   * @throws dev.janua.JanuaConfigException naming {@code DATABASE_URL} when PostgreSQL refuses the
   *     role, the database or the password (its reason quoted, the password never)
   * @throws IllegalStateException when a migration fails, or another plugin set the store already
   *     (the store opened here is then closed by the engine builder)
   */
  @Override
  public void install(PluginContext context) {
    Objects.requireNonNull(context, "context");
    JdbcStore store = JdbcStore.builder().config(config).build();
    // Handed over first, so that whatever fails next still closes the pool.
    context.closeOnShutdown(store);
    context.store(store);
    context.persistentKeys();
    context.healthCheck(store.healthCheck());
    context.provide(PoolStatsSource.class, store);
  }

  /** The configuration, without its password. */
  @Override
  public String toString() {
    return "JdbcPlugin[" + config + "]";
  }
}
