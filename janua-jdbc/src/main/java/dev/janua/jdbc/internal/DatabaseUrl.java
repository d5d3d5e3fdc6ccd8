package dev.janua.jdbc.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A database URL split into a JDBC URL without user information, the user and the password.
 * Accepts the guide's {@code postgresql://user:pass@host:5432/db} (also {@code postgres://} and
 * SQLAlchemy's {@code postgresql+driver://}) and {@code jdbc:postgresql://...}. Error messages
 * never quote the URL, which may carry a password.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host[:port][/db][?params]}
 * @param username the user, or {@code null}
 * @param password the password, or {@code null}
 */
public record DatabaseUrl(String jdbcUrl, @Nullable String username, @Nullable String password) {
  private static final Pattern SCHEME = Pattern.compile("(?i)(jdbc:)?postgres(ql)?(\\+[a-z0-9_]+)?://");
  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&]password=)[^&]*");

  /** Never prints the password. */
  @Override
  public String toString() {
    return "DatabaseUrl[jdbcUrl=" + redact(jdbcUrl) + ", username=" + username + ", password="
        + (password == null ? "null" : "****") + "]";
  }

  /**
   * Parses a URL.
   *
   * @throws IllegalArgumentException when it is not a PostgreSQL URL (message without the URL)
   */
  public static DatabaseUrl parse(String url) {
    String s = url.trim();
    var m = SCHEME.matcher(s);
    if (!m.lookingAt()) {
      throw new IllegalArgumentException(
          "expected postgresql://user:pass@host:5432/db or jdbc:postgresql://host:5432/db");
    }
    String rest = s.substring(m.end());
    String user = null;
    String password = null;
    // User information ends at the last '@' before any query: a sloppy password may hold '/'.
    int query = rest.indexOf('?');
    int at = rest.lastIndexOf('@', query < 0 ? rest.length() : query);
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = userInfo.indexOf(':');
      String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
      user = rawUser.isEmpty() ? null : decode(rawUser, "user name");
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "password");
    }
    int pathStart = indexOfAny(rest, "/?");
    String authority = pathStart < 0 ? rest : rest.substring(0, pathStart);
    String tail = pathStart < 0 ? "" : rest.substring(pathStart);
    if (authority.isEmpty()) {
      throw new IllegalArgumentException("the host is missing");
    }
    for (String hostPort : authority.split(",")) {
      checkHostPort(hostPort);
    }
    return new DatabaseUrl("jdbc:postgresql://" + authority + tail, user, password);
  }

  private static void checkHostPort(String hostPort) {
    String port = null;
    if (hostPort.startsWith("[")) { // IPv6 literal
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("an IPv6 host lacks its closing bracket");
      }
      if (close + 1 < hostPort.length()) {
        if (hostPort.charAt(close + 1) != ':') {
          throw new IllegalArgumentException("unexpected text after an IPv6 host");
        }
        port = hostPort.substring(close + 2);
      }
    } else {
      int colon = hostPort.indexOf(':');
      if (colon == 0) {
        throw new IllegalArgumentException("the host is missing");
      }
      if (colon > 0) {
        port = hostPort.substring(colon + 1);
      }
    }
    if (port != null) {
      int p;
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("the port must be a number from 1 to 65535");
      }
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("the port must be a number from 1 to 65535");
      }
    }
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static String decode(String s, String what) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the " + what + " has a malformed %-escape");
    }
  }

  /** The URL with any {@code password=} parameter masked, for log lines. */
  public static String redact(String jdbcUrl) {
    return jdbcUrl == null ? null : PASSWORD_PARAM.matcher(jdbcUrl).replaceAll("$1****");
  }
}
