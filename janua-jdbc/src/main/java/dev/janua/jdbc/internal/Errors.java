package dev.janua.jdbc.internal;

import dev.janua.ConflictException;
import dev.janua.JanuaException;
import dev.janua.NotFoundException;
import dev.janua.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns whatever Jdbi, HikariCP or the driver threw into the core's exceptions: a unique violation
 * into {@link ConflictException} naming the field, anything else into
 * {@link StoreUnavailableException}. No driver exception leaves the store, and no message carries
 * a bound value: the cause attached is the driver's {@link SQLException}, never Jdbi's wrapper
 * (whose message may list the statement's arguments).
 */
public final class Errors {
  /** Unique constraints and indexes, by the field a caller knows them as. */
  private static final Map<String, String> FIELDS = Map.of(
      "idx_users_email_lower", "email",
      "organizations_slug_key", "slug",
      "organization_members_pkey", "user_id",
      "roles_pkey", "name",
      "signing_keys_pkey", "kid");

  private Errors() {}

  /** The exception to throw for {@code failure}, raised by the store operation {@code operation}. */
  public static RuntimeException translate(String operation, RuntimeException failure) {
    if (failure instanceof JanuaException) {
      return failure;
    }
    SQLException sql = firstSqlException(failure);
    String state = sql == null ? null : sql.getSQLState();
    if ("23505".equals(state)) {
      String constraint = constraintOf(sql);
      String field = FIELDS.getOrDefault(constraint, "id");
      return new ConflictException(field, "A row with this " + field + " already exists ("
          + operation + ")");
    }
    if ("23503".equals(state)) {
      return new NotFoundException("A row it refers to does not exist (" + operation + ", constraint "
          + constraintOf(sql) + ")");
    }
    if (isConnectionFailure(failure, sql)) {
      return new StoreUnavailableException("The database is unavailable (" + operation + ")", sql);
    }
    return new StoreUnavailableException("The database failed " + operation
        + (state == null ? "" : " (SQLState " + state + ")"), sql);
  }

  /** Whether this is the database or the pool being unreachable rather than a bad statement. */
  public static boolean isConnectionFailure(Throwable failure, @Nullable SQLException sql) {
    if (failure instanceof org.jdbi.v3.core.ConnectionException) {
      return true;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException || t instanceof java.io.IOException) {
        return true;
      }
      if (t instanceof SQLException s && isUnavailableState(s.getSQLState())) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return sql != null && isUnavailableState(sql.getSQLState());
  }

  private static boolean isUnavailableState(@Nullable String state) {
    return state != null && (state.startsWith("08") // connection exception
        || state.startsWith("53") // insufficient resources, e.g. too many connections
        || state.startsWith("57P") // admin shutdown, crash shutdown, cannot connect now
        || state.startsWith("58")); // system error
  }

  private static @Nullable SQLException firstSqlException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        return s;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String constraintOf(SQLException sql) {
    if (sql instanceof PSQLException p) {
      ServerErrorMessage m = p.getServerErrorMessage();
      if (m != null && m.getConstraint() != null) {
        return m.getConstraint();
      }
    }
    return "unknown";
  }
}
