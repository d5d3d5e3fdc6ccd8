package dev.janua.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Redis server a test may use, as {@link TestServices#redis()} found it: its URL in the form
 * Janua's {@code REDIS_URL} takes ({@code redis://host:port/db}; {@code rediss://}, Sentinel and
 * Cluster forms pass through as given). {@link #toString()} never shows a password.
 */
public final class RedisService {
  private final String url;
  private final String origin;

  private RedisService(String url, String origin) {
    this.url = url;
    this.origin = origin;
  }

  static RedisService of(String url, String origin) {
    String u = Objects.requireNonNull(url, "url").strip();
    if (!u.contains("://")) {
      throw new IllegalArgumentException("expected redis://host:6379/0 (or rediss://, redis-sentinel://)");
    }
    return new RedisService(u, origin);
  }

  /** The URL, for Janua's {@code REDIS_URL} or the Redis plugin's configuration. */
  public String url() {
    return url;
  }

  /** The (first) host. */
  public String host() {
    String node = firstNode();
    if (node.startsWith("[")) {
      return node.substring(0, node.indexOf(']') + 1);
    }
    int colon = node.indexOf(':');
    return colon < 0 ? node : node.substring(0, colon);
  }

  /** The (first) port; 6379 when the URL names none. */
  public int port() {
    String node = firstNode();
    int colon = node.lastIndexOf(':');
    if (colon < 0 || node.lastIndexOf(']') > colon) {
      return 6379;
    }
    return Integer.parseInt(node.substring(colon + 1));
  }

  private String firstNode() {
    String rest = url.substring(url.indexOf("://") + 3);
    int end = rest.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = rest.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    String authority = rest.substring(0, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    return authority.split(",", 2)[0];
  }

  /**
   * Why the server does not answer a PING within 3 s, or {@code null} when it does (an error
   * reply such as NOAUTH counts as an answer: a Redis that wants a password). Over TLS
   * ({@code rediss://}) only the TCP connection is tried.
   */
  @Nullable String problem() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host().replace("[", "").replace("]", ""), port()), 3000);
      if (url.toLowerCase(Locale.ROOT).startsWith("rediss")) {
        return null;
      }
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64];
      int n = in.read(buf);
      String reply = n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
      return reply.startsWith("+PONG") || reply.startsWith("-") ? null
          : "answered " + (reply.isBlank() ? "nothing" : reply.strip()) + " to PING";
    } catch (IOException | RuntimeException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /** The server and where it was found; never a password. */
  @Override
  public String toString() {
    return "Redis at " + url.replaceAll("://[^@/]*@", "://****@") + " (" + origin + ")";
  }
}
