package dev.janua.jdbc.internal;

import dev.janua.StoreUnavailableException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Janua's Flyway migrations ({@code classpath:db/janua}) on one schema, recording them in
 * that schema's {@value #HISTORY_TABLE}, apart from any history table of the host's own Flyway.
 * Concurrent runs are safe: each holds a PostgreSQL session advisory lock of its own on a
 * dedicated connection for the whole run (schema creation and Flyway's migrate), because two
 * Flyway runs racing on a fresh schema can both try to create or baseline its history table before
 * Flyway's own lock applies. A run therefore needs two connections of the data source.
 */
public final class Migrations {
  /** Janua's Flyway history table. */
  public static final String HISTORY_TABLE = "janua_schema_history";
  /** Where the migrations live in the jar. */
  public static final String LOCATION = "classpath:db/janua";

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /**
   * Brings {@code schema} up to date.
   *
   * @return how many migrations ran
   * @throws StoreUnavailableException when the database cannot be reached
   * @throws IllegalStateException when a migration fails or the schema's history does not match
   */
  public static int migrate(DataSource dataSource, String schema) {
    try (var lock = dataSource.getConnection(); var st = lock.createStatement()) {
      st.execute("SELECT pg_advisory_lock(hashtext('janua.migrate'))");
      try {
        st.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
        return flywayMigrate(dataSource, schema);
      } finally {
        st.execute("SELECT pg_advisory_unlock(hashtext('janua.migrate'))");
      }
    } catch (SQLException e) {
      if (Errors.isConnectionFailure(e, e)) {
        throw new StoreUnavailableException("The database is unavailable (migrate)", e);
      }
      throw new IllegalStateException("Could not migrate schema " + schema + " (SQLState "
          + e.getSQLState() + ")", e);
    }
  }

  private static int flywayMigrate(DataSource dataSource, String schema) {
    try {
      Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(dataSource)
          .schemas(schema)
          .defaultSchema(schema)
          .table(HISTORY_TABLE)
          .locations(LOCATION)
          .createSchemas(true)
          // A schema shared with the host's tables but new to Janua: start Janua's history at 0.
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .cleanDisabled(true)
          .load();
      MigrateResult result = flyway.migrate();
      if (result.migrationsExecuted > 0) {
        LOG.info("Migrated schema {} to version {} ({} migrations)", schema,
            result.targetSchemaVersion, result.migrationsExecuted);
      }
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      if (Errors.isConnectionFailure(e, null)) {
        throw new StoreUnavailableException("The database is unavailable (migrate)", rootSql(e));
      }
      throw new IllegalStateException("Janua's migrations on schema " + schema + " failed: "
          + e.getMessage(), e);
    }
  }

  private static SQLException rootSql(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException s) {
        return s;
      }
    }
    return null;
  }
}
