package dev.janua.jdbc.internal;

import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.statement.Update;
import org.jspecify.annotations.Nullable;

/**
 * The one {@link Jdbi} every aggregate of a store shares, and the two ways they use it: a unit of
 * work on one handle ({@link #withHandle}) or one transaction ({@link #inTransaction}), each
 * translating failures into the core's exceptions.
 *
 * <p>SQL text names Janua's tables as {@code <schema>.users}: Jdbi's default template engine
 * ({@code DefinedAttributeTemplateEngine}) replaces {@code <schema>} with the attribute defined
 * once on the Jdbi, the schema's quoted identifier. The schema name was checked by {@link Schemas}
 * (a lower-case identifier), so quoting it cannot break out of the identifier. Every statement
 * carries a stable name (attribute {@value SlowQueryLogger#STATEMENT}) for slow-query reports.
 */
public final class Db {
  /** The template attribute holding the quoted schema. */
  public static final String SCHEMA = "schema";

  private final Jdbi jdbi;

  private Db(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * A Jdbi over {@code dataSource} whose statements address {@code schema}.
   *
   * @throws IllegalArgumentException when {@code schema} is not a valid schema name
   */
  public static Db create(DataSource dataSource, String schema, SqlLogger logger) {
    Schemas.check(schema, "schema");
    Jdbi jdbi = Jdbi.create(dataSource);
    jdbi.define(SCHEMA, "\"" + schema + "\"");
    jdbi.setSqlLogger(logger);
    // Exception messages without statement text or arguments; the store wraps them anyway.
    jdbi.getConfig(StatementExceptions.class)
        .setMessageRendering(StatementExceptions.MessageRendering.NONE);
    jdbi.registerArgument(new InstantArgumentFactory());
    return new Db(jdbi);
  }

  /** A query named {@code name} (for slow-query reports) on {@code h}. */
  public static Query query(Handle h, String name, String sql) {
    return h.createQuery(sql).define(SlowQueryLogger.STATEMENT, name);
  }

  /** An update named {@code name} (for slow-query reports) on {@code h}. */
  public static Update update(Handle h, String name, String sql) {
    return h.createUpdate(sql).define(SlowQueryLogger.STATEMENT, name);
  }

  /** Runs {@code body} on one handle (auto-commit); failures become the core's exceptions. */
  public <T extends @Nullable Object> T withHandle(String operation, Function<Handle, T> body) {
    try {
      return jdbi.withHandle(body::apply);
    } catch (RuntimeException e) {
      throw Errors.translate(operation, e);
    }
  }

  /** Runs {@code body} in one transaction; on any failure nothing of it is committed. */
  public <T extends @Nullable Object> T inTransaction(String operation, Function<Handle, T> body) {
    try {
      return jdbi.inTransaction(body::apply);
    } catch (RuntimeException e) {
      throw Errors.translate(operation, e);
    }
  }

  /** Binds instants as {@code timestamptz} at UTC, keeping microseconds. */
  private static final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {
    InstantArgumentFactory() {
      super(Types.TIMESTAMP_WITH_TIMEZONE);
    }

    @Override
    protected Argument build(Instant value, ConfigRegistry config) {
      return (position, statement, ctx) -> statement.setObject(position,
          value.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }
}
