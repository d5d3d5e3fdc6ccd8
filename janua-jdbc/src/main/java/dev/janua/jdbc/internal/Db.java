package dev.janua.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
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
  private final DataSource dataSource;
  private final String quotedSchema;
  private final SlowQueryLogger slowQueries;

  private Db(Jdbi jdbi, DataSource dataSource, String quotedSchema, SlowQueryLogger slowQueries) {
    this.jdbi = jdbi;
    this.dataSource = dataSource;
    this.quotedSchema = quotedSchema;
    this.slowQueries = slowQueries;
  }

  /**
   * A Jdbi over {@code dataSource} whose statements address {@code schema}.
   *
   * @throws IllegalArgumentException when {@code schema} is not a valid schema name
   */
  public static Db create(DataSource dataSource, String schema, SlowQueryLogger logger) {
    Schemas.check(schema, "schema");
    Jdbi jdbi = Jdbi.create(dataSource);
    String quoted = "\"" + schema + "\"";
    jdbi.define(SCHEMA, quoted);
    jdbi.setSqlLogger(logger);
    // Exception messages without statement text or arguments; the store wraps them anyway.
    jdbi.getConfig(StatementExceptions.class)
        .setMessageRendering(StatementExceptions.MessageRendering.NONE);
    jdbi.registerArgument(new InstantArgumentFactory());
    return new Db(jdbi, dataSource, quoted, logger);
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

  /**
   * The SQL of {@link #findOne}: {@code sql} with {@code <schema>} replaced by the quoted schema
   * (checked by {@link Schemas}), once, when the aggregate is built.
   */
  public String render(String sql) {
    return sql.replace("<" + SCHEMA + ">", quotedSchema);
  }

  /**
   * The row of a one-parameter, at-most-one-row read, in plain JDBC on a pooled connection
   * (auto-commit, as a handle's): the same statement through Jdbi costs several microseconds of
   * CPU more (its statement context, mapper lookup and configuration copies), which the one read
   * on the hot path of a cache miss should not pay (docs/performance.md, the L1-miss row). Timed
   * for slow-query reports under {@code name}; failures become the core's exceptions as with
   * {@link #withHandle}.
   *
   * @param rendered a statement from {@link #render} with one {@code ?}
   * @param mapper   maps the row; its statement context is {@code null}
   */
  public <T> Optional<T> findOne(String operation, String name, String rendered, String key,
      RowMapper<T> mapper) {
    long start = System.nanoTime();
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(rendered)) {
      statement.setString(1, key);
      Optional<T> row;
      try (ResultSet rs = statement.executeQuery()) {
        row = rs.next() ? Optional.of(mapper.map(rs, null)) : Optional.empty();
        if (row.isPresent() && rs.next()) {
          throw new IllegalStateException("Expected at most one row (" + name + ")");
        }
      }
      if (!c.getAutoCommit()) {
        c.rollback(); // a pool handing out connections outside auto-commit: end the read's transaction
      }
      return row;
    } catch (SQLException e) {
      throw Errors.translate(operation, new UncheckedSqlException(e));
    } catch (RuntimeException e) {
      throw Errors.translate(operation, e);
    } finally {
      slowQueries.report(name, System.nanoTime() - start);
    }
  }

  /** Carries a driver exception to {@link Errors#translate}, which reads it from the cause. */
  private static final class UncheckedSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedSqlException(SQLException cause) {
      super(null, cause, false, false);
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
