package dev.janua.redis;

import dev.janua.JanuaConfigException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code REDIS_URL} in every form of the performance guide:
 *
 * <ul>
 *   <li>{@code redis://[[user]:password@]host[:port][/db]} - one server (port 6379, db 0 by
 *       default); {@code redis://password@host} also works, as in Lettuce;
 *   <li>{@code rediss://...} - the same over TLS;
 *   <li>{@code redis+sentinel://[[user]:password@]host[:port],host[:port]/master[/db]} - Sentinels
 *       (port 26379 by default) that name the master; {@code redis-sentinel://} (Lettuce's spelling)
 *       and {@code rediss+sentinel://} (TLS) are accepted too;
 *   <li>{@code redis://node1:6379,node2:6379,node3:6379} - more than one host: Redis Cluster seed
 *       nodes.
 * </ul>
 *
 * <p>User name and password are percent-decoded. Errors are {@link JanuaConfigException}s naming
 * {@code REDIS_URL}; their messages never quote the URL, so a password cannot leak through them.
 */
public final class RedisUrls {
  /** The variable named in errors. */
  public static final String VARIABLE = "REDIS_URL";

  private RedisUrls() {}

  /**
   * Parses a Redis URL.
   *
   * @param url the URL
   * @return the endpoint
   * @throws JanuaConfigException when the URL is malformed (the message names the part at fault)
   * @throws NullPointerException when {@code url} is null
   */
  public static RedisEndpoint parse(String url) {
    if (url == null) {
      throw new NullPointerException("url");
    }
    String s = url.trim();
    int schemeEnd = s.indexOf("://");
    if (schemeEnd <= 0) {
      throw error("expected scheme://host, e.g. redis://localhost:6379/0");
    }
    String scheme = s.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    boolean tls;
    boolean sentinel;
    switch (scheme) {
      case "redis" -> { tls = false; sentinel = false; }
      case "rediss" -> { tls = true; sentinel = false; }
      case "redis+sentinel", "redis-sentinel" -> { tls = false; sentinel = true; }
      case "rediss+sentinel", "rediss-sentinel" -> { tls = true; sentinel = true; }
      default -> throw error("unsupported scheme '" + printable(scheme)
          + "'; use redis, rediss, redis+sentinel or redis-sentinel");
    }
    String rest = s.substring(schemeEnd + 3);
    if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
      throw error("query parameters and fragments are not supported; use the REDIS_* variables");
    }
    // The authority ends at the first '/' after the last '@' (a password may contain '/').
    int at = rest.lastIndexOf('@');
    int slash = rest.indexOf('/', at + 1);
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);

    String username = null;
    char[] password = null;
    String hostList = authority;
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      hostList = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? "" : userInfo.substring(0, colon);
      String pass = colon < 0 ? userInfo : userInfo.substring(colon + 1);
      try {
        username = user.isEmpty() ? null : URLDecoder.decode(user, StandardCharsets.UTF_8);
        password = pass.isEmpty() ? null
            : URLDecoder.decode(pass, StandardCharsets.UTF_8).toCharArray();
      } catch (IllegalArgumentException e) {
        throw error("the user name or password is not correctly percent-encoded");
      }
      if (username != null && password == null) {
        throw error("a user name needs a password (user:password@host)");
      }
    }
    List<RedisEndpoint.Node> nodes = parseNodes(hostList, sentinel ? 26379 : 6379);

    String[] segments = path.isEmpty() ? new String[0] : path.split("/", -1);
    if (segments.length > 0 && segments[segments.length - 1].isEmpty()) {
      // tolerate one trailing slash
      String[] trimmed = new String[segments.length - 1];
      System.arraycopy(segments, 0, trimmed, 0, trimmed.length);
      segments = trimmed;
    }
    if (sentinel) {
      if (segments.length < 1 || segments[0].isEmpty()) {
        throw error("a Sentinel URL needs the master name: redis+sentinel://host:port,host:port/"
            + "master/db");
      }
      if (segments.length > 2) {
        throw error("a Sentinel URL path is /master or /master/db");
      }
      String master = URLDecoder.decode(segments[0], StandardCharsets.UTF_8);
      int db = segments.length == 2 ? parseDatabase(segments[1]) : 0;
      return new RedisEndpoint(RedisEndpoint.Kind.SENTINEL, tls, nodes, master, db, username,
          password);
    }
    if (segments.length > 1) {
      throw error("the path of a redis:// URL is /db, a database number");
    }
    int db = segments.length == 1 ? parseDatabase(segments[0]) : 0;
    if (nodes.size() > 1) {
      if (db != 0) {
        throw error("a comma list of hosts is a Redis Cluster, which only has database 0");
      }
      return new RedisEndpoint(RedisEndpoint.Kind.CLUSTER, tls, nodes, null, 0, username, password);
    }
    return new RedisEndpoint(RedisEndpoint.Kind.STANDALONE, tls, nodes, null, db, username,
        password);
  }

  private static List<RedisEndpoint.Node> parseNodes(String hostList, int defaultPort) {
    if (hostList.isBlank()) {
      throw error("no host given");
    }
    List<RedisEndpoint.Node> nodes = new ArrayList<>();
    String[] parts = hostList.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim();
      String which = parts.length == 1 ? "the host" : "host " + (i + 1);
      if (p.isEmpty()) {
        throw error(which + " is empty");
      }
      String host;
      String port = null;
      if (p.startsWith("[")) {
        int close = p.indexOf(']');
        if (close < 0) {
          throw error(which + " has an unclosed IPv6 bracket");
        }
        host = p.substring(1, close);
        String after = p.substring(close + 1);
        if (!after.isEmpty()) {
          if (!after.startsWith(":")) {
            throw error(which + " has text after the IPv6 address");
          }
          port = after.substring(1);
        }
      } else {
        int colon = p.indexOf(':');
        if (colon >= 0 && p.indexOf(':', colon + 1) >= 0) {
          throw error(which + " looks like an IPv6 address: put it in brackets, [::1]:6379");
        }
        host = colon < 0 ? p : p.substring(0, colon);
        port = colon < 0 ? null : p.substring(colon + 1);
      }
      if (host.isEmpty()) {
        throw error(which + " has no host name");
      }
      if (!host.matches("[A-Za-z0-9._:%-]+")) {
        throw error(which + " contains characters not allowed in a host name");
      }
      int portNumber = defaultPort;
      if (port != null) {
        if (!port.matches("[0-9]{1,5}")) {
          throw error("the port of " + which + " (" + host + ") is not a number");
        }
        portNumber = Integer.parseInt(port);
        if (portNumber < 1 || portNumber > 65535) {
          throw error("the port of " + which + " (" + host + ") must be between 1 and 65535");
        }
      }
      nodes.add(new RedisEndpoint.Node(host, portNumber));
    }
    return nodes;
  }

  private static int parseDatabase(String text) {
    if (!text.matches("[0-9]{1,5}")) {
      throw error("the database must be a number such as /0");
    }
    return Integer.parseInt(text);
  }

  private static String printable(String s) {
    String cut = s.length() > 20 ? s.substring(0, 20) + "..." : s;
    return cut.replaceAll("[^A-Za-z0-9+.-]", "?");
  }

  private static JanuaConfigException error(String message) {
    return new JanuaConfigException(VARIABLE, VARIABLE + ": " + message);
  }
}
