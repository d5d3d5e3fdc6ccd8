package dev.janua.testing;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL server a test may use, as {@link TestServices#postgres()} found it: its JDBC URL
 * (without credentials), user and password, and the same in the {@code postgresql://} form that
 * Janua's {@code DATABASE_URL} takes. {@link #toString()} never shows the password.
 */
public final class PostgresService {
  private static final Pattern URL = Pattern.compile(
      "(?i)(?:jdbc:)?postgres(?:ql)?(?:\\+[a-z0-9_]+)?://(?:(?<userinfo>[^@/?]*)@)?"
          + "(?<authority>[^/?]+)(?<path>/[^?]*)?(?<query>\\?.*)?");
  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&\\s]*");

  private final String authority;
  private final String path;
  private final String query;
  private final @Nullable String username;
  private final @Nullable String password;
  private final String origin;

  private PostgresService(String authority, String path, String query, @Nullable String username,
      @Nullable String password, String origin) {
    this.authority = authority;
    this.path = path;
    this.query = query;
    this.username = username;
    this.password = password;
    this.origin = origin;
  }

  /**
   * Reads a URL in any form Janua accepts: {@code postgresql://user:pass@host:5432/db} (also
   * {@code postgres://} and {@code postgresql+driver://}) or {@code jdbc:postgresql://host/db}.
   * Nothing is contacted.
   *
   * @throws IllegalArgumentException when it is not a PostgreSQL URL (the message does not quote
   *     the URL, which may hold a password)
   */
  public static PostgresService parse(String url) {
    return parse(url, "given URL");
  }

  static PostgresService parse(String url, String origin) {
    Matcher m = URL.matcher(Objects.requireNonNull(url, "url").strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected postgresql://user:pass@host:5432/db or jdbc:postgresql://host:5432/db");
    }
    String userinfo = m.group("userinfo");
    String user = null;
    String pass = null;
    if (userinfo != null) {
      int colon = userinfo.indexOf(':');
      user = decode(colon < 0 ? userinfo : userinfo.substring(0, colon));
      pass = colon < 0 ? null : decode(userinfo.substring(colon + 1));
      user = user.isEmpty() ? null : user;
    }
    return new PostgresService(m.group("authority"), m.group("path") == null ? "" : m.group("path"),
        m.group("query") == null ? "" : m.group("query"), user, pass, origin);
  }

  /** This server with another user and password. */
  PostgresService withCredentials(String user, String pass) {
    return new PostgresService(authority, path, query, user, pass, origin);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code jdbc:postgresql://host:port/db[?params]}, without user or password. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + authority + path + query;
  }

  /** {@code postgresql://user:pass@host:port/db[?params]}, the form of Janua's {@code DATABASE_URL}. */
  public String url() {
    String userinfo = "";
    if (username != null) {
      userinfo = encode(username) + (password == null ? "" : ":" + encode(password)) + "@";
    }
    return "postgresql://" + userinfo + authority + path + query;
  }

  /** The user, or {@code null} when the URL names none. */
  public @Nullable String username() {
    return username;
  }

  /** The password, or {@code null} when the URL holds none. */
  public @Nullable String password() {
    return password;
  }

  /** The (first) host. */
  public String host() {
    String first = authority.split(",", 2)[0];
    if (first.startsWith("[")) {
      return first.substring(0, first.indexOf(']') + 1);
    }
    int colon = first.indexOf(':');
    return colon < 0 ? first : first.substring(0, colon);
  }

  /** The (first) port; 5432 when the URL names none. */
  public int port() {
    String first = authority.split(",", 2)[0];
    int colon = first.lastIndexOf(':');
    if (colon < 0 || first.lastIndexOf(']') > colon) {
      return 5432;
    }
    return Integer.parseInt(first.substring(colon + 1));
  }

  /** The database name, or an empty string when the URL names none. */
  public String database() {
    return path.isEmpty() ? "" : path.substring(1);
  }

  /**
   * A new connection (needs the PostgreSQL JDBC driver on the class path; janua-test brings it).
   *
   * @throws SQLException when the server does not accept it
   */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), username, password);
  }

  /**
   * Why a quick connection fails (3 s at most), or {@code null} when the server answers. The
   * cause never holds the password.
   */
  @Nullable String problem() {
    String probe = jdbcUrl() + (query.isEmpty() ? "?" : "&") + "connectTimeout=3&socketTimeout=5";
    try (Connection c = DriverManager.getConnection(probe, username, password)) {
      return c.isValid(3) ? null : "the connection is not valid";
    } catch (SQLException | RuntimeException e) {
      String message = String.valueOf(e.getMessage());
      if (message.startsWith("No suitable driver")) {
        return "no PostgreSQL JDBC driver (org.postgresql:postgresql) on the class path";
      }
      return e.getClass().getSimpleName() + ": " + redact(message);
    }
  }

  static String redact(String text) {
    return PASSWORD_PARAM.matcher(text).replaceAll("$1****");
  }

  /** The server, its user and where it was found; never the password. */
  @Override
  public String toString() {
    return "PostgreSQL at " + redact(jdbcUrl()) + (username == null ? "" : " as " + username)
        + " (" + origin + ")";
  }
}
