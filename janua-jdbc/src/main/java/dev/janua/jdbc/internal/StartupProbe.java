package dev.janua.jdbc.internal;

import dev.janua.JanuaConfigException;
import dev.janua.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One direct connection before the pool is built, so that a store that can never connect says why
 * at once: PostgreSQL's own reason ({@code role "x" does not exist}, {@code database "x" does not
 * exist}, {@code password authentication failed ...}) within a few seconds, instead of the pool's
 * 30-second wait ending in "the database is unavailable". The password never appears: it is cut
 * out of every message quoted.
 */
public final class StartupProbe {
  private static final Logger LOG = LoggerFactory.getLogger(StartupProbe.class);
  /** The whole probe stays under five seconds unless the URL asks for longer timeouts. */
  static final int CONNECT_TIMEOUT_SECONDS = 3;
  static final int LOGIN_TIMEOUT_SECONDS = 4;
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)(password=)[^&;\\s]*");

  private StartupProbe() {}

  /**
   * Connects once to {@code jdbcUrl} and closes the connection.
   *
   * @param required whether start-up needs the database now (migrations run): an unreachable server
   *                 then fails start-up too, else it is only logged and calls fail until it is back
   * @throws JanuaConfigException naming {@code DATABASE_URL} when the URL is not PostgreSQL's, or
   *     the server refuses the role, the database or the password
   * @throws StoreUnavailableException when {@code required} and the server cannot be reached
   */
  public static void check(String jdbcUrl, @Nullable String username, @Nullable String password,
      boolean required) {
    if (Driver.parseURL(jdbcUrl, null) == null) {
      throw notPostgres();
    }
    Properties p = new Properties();
    if (username != null) {
      p.setProperty("user", username);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    p.setProperty("loginTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
    p.setProperty("socketTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
    p.setProperty("ApplicationName", "janua");
    Connection c;
    try {
      c = new Driver().connect(jdbcUrl, p);
    } catch (SQLException e) {
      String reason = redact(describe(e), password);
      String state = e.getSQLState();
      String as = username == null ? "" : " as " + username;
      if (isRefusal(state)) {
        throw new JanuaConfigException("DATABASE_URL", "PostgreSQL refused the connection" + as
            + ": " + reason + " (SQLState " + state + "). Create the role and database, or fix "
            + "DATABASE_URL (see docs/getting-started.md)");
      }
      if (required) {
        throw new StoreUnavailableException("The database is unavailable at start-up" + as + ": "
            + reason + (state == null ? "" : " (SQLState " + state + ")"), null);
      }
      LOG.warn("The database is unavailable at start-up{}: {}; calls fail until it is back", as,
          reason);
      return;
    }
    if (c == null) {
      throw notPostgres();
    }
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("Closing the start-up probe connection failed", e);
    }
  }

  private static JanuaConfigException notPostgres() {
    // Never quotes the URL: it may carry a password.
    return new JanuaConfigException("DATABASE_URL", "DATABASE_URL is not a PostgreSQL URL the "
        + "driver accepts (expected postgresql://user:pass@host:5432/db or "
        + "jdbc:postgresql://host:5432/db)");
  }

  /**
   * Whether the server (or the driver, for a malformed URL) refused for a reason that waiting does
   * not fix: invalid authorization (class 28: unknown role, wrong password, no pg_hba entry), an
   * unknown database (3D000), missing privileges (42501), or an option value the server refuses
   * (22023).
   */
  static boolean isRefusal(@Nullable String state) {
    return state != null && (state.startsWith("28") || state.equals("3D000")
        || state.equals("42501") || state.equals("22023"));
  }

  /** The driver's message and, for a network failure, the cause (e.g. connection refused). */
  private static String describe(SQLException e) {
    String m = String.valueOf(e.getMessage());
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !m.contains(cause.getMessage())) {
      m += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }
    return m;
  }

  /** {@code text} without {@code password} and without any {@code password=} parameter value. */
  static String redact(String text, @Nullable String password) {
    String out = text;
    if (password != null && !password.isEmpty()) {
      out = out.replace(password, "***");
    }
    return PASSWORD_PARAM.matcher(out).replaceAll(Matcher.quoteReplacement("password=***"));
  }
}
