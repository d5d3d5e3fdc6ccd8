package dev.janua.jdbc.internal;

import dev.janua.StoreUnavailableException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Janua's Flyway migrations ({@code classpath:db/janua}) on one schema, recording them in
 * that schema's {@value #HISTORY_TABLE}, apart from any history table of the host's own Flyway.
 * Concurrent runs are safe: Flyway serializes them with a PostgreSQL advisory lock, and the
 * schema is created up front under a lock of our own, since two {@code CREATE SCHEMA} at once
 * may collide before Flyway's lock applies. On a fresh schema two runs can still race to create
 * and baseline the history table before Flyway's lock applies ("Unable to baseline schema history
 * table ... already exists, and is empty"); a run that loses that race tries again, a few times,
 * and then finds the history in place.
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
    try {
      createSchema(dataSource, schema);
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
      MigrateResult result = migrateRetryingLostRace(flyway);
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

  private static MigrateResult migrateRetryingLostRace(Flyway flyway) {
    for (int attempt = 1; ; attempt++) {
      try {
        return flyway.migrate();
      } catch (FlywayException e) {
        boolean lostRace = e.getMessage() != null && e.getMessage().contains("Unable to baseline");
        if (!lostRace || attempt == 5) {
          throw e;
        }
        LOG.debug("Another instance is creating the schema history; trying again ({})", attempt);
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static void createSchema(DataSource dataSource, String schema) {
    try (var c = dataSource.getConnection(); var st = c.createStatement()) {
      c.setAutoCommit(false);
      // Serializes concurrent creators; released at commit.
      st.execute("SELECT pg_advisory_xact_lock(hashtext('janua.create_schema'))");
      st.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
      c.commit();
    } catch (SQLException e) {
      if (Errors.isConnectionFailure(e, e)) {
        throw new StoreUnavailableException("The database is unavailable (migrate)", e);
      }
      throw new IllegalStateException("Could not create schema " + schema + " (SQLState "
          + e.getSQLState() + ")", e);
    }
  }

  private static @Nullable SQLException rootSql(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException s) {
        return s;
      }
    }
    return null;
  }
}
