package dev.janua.spring.boot.internal;

import dev.janua.jdbc.JdbcStore;
import dev.janua.spi.JanuaPlugin;
import dev.janua.spi.PluginContext;
import dev.janua.spi.PoolStatsSource;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * janua-jdbc's store over the application's {@link DataSource} (its pool, not one of Janua's
 * own): the store of record, signing keys in the database, the {@code database} readiness check
 * and the pool's statistics, as {@code JdbcPlugin} contributes them. The engine closes the store
 * on shutdown, which leaves the application's data source open.
 */
public final class DataSourceJdbcPlugin implements JanuaPlugin {
  private final DataSource dataSource;
  private final String schema;
  private final boolean migrate;

  /** A plugin over {@code dataSource}, with Janua's tables in {@code schema}. */
  public DataSourceJdbcPlugin(DataSource dataSource, String schema, boolean migrate) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.migrate = migrate;
  }

  @Override
  public void install(PluginContext context) {
    JdbcStore store = JdbcStore.builder().dataSource(dataSource).schema(schema).migrate(migrate)
        .build();
    context.closeOnShutdown(store);
    context.store(store);
    context.persistentKeys();
    context.healthCheck(store.healthCheck());
    context.provide(PoolStatsSource.class, store);
  }

  @Override
  public String toString() {
    return "DataSourceJdbcPlugin[schema=" + schema + ", migrate=" + migrate + "]";
  }
}
