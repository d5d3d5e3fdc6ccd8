package dev.janua;

import dev.janua.internal.Cidr;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The checks of {@link JanuaConfig.Builder}'s setters: each throws {@link IllegalArgumentException}
 * (or {@link NullPointerException} for a {@code null}) with a message that starts with the name it
 * is given, the setting and its variable, such as {@code "bcryptRounds (BCRYPT_ROUNDS)"}.
 */
final class ConfigChecks {
  private ConfigChecks() {}

  static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }

  static Duration notNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
    return d;
  }

  static int range(int v, int min, int max, String name) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(max == Integer.MAX_VALUE
          ? name + " must be at least " + min + ", got " + v
          : name + " must be from " + min + " to " + max + ", got " + v);
    }
    return v;
  }

  static String text(String s, String name) {
    Objects.requireNonNull(s, name);
    if (s.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return s;
  }

  /**
   * An absolute http or https URL with a host and without query, fragment or user info, with its
   * trailing slashes dropped: the one spelling written into tokens and the discovery document.
   */
  static String httpUrl(String s, String name) {
    Objects.requireNonNull(s, name);
    String url = s.strip();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      uri = null;
    }
    String scheme = uri == null ? null : uri.getScheme();
    if (uri == null || !("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null
        || uri.getRawQuery() != null || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null || url.endsWith("?") || url.endsWith("#")) {
      throw new IllegalArgumentException(name + " must be an absolute http or https URL without "
          + "query, fragment or user info, such as https://auth.example.com, got '"
          + (uri == null || uri.getRawUserInfo() == null ? url : "(a URL with user info)") + "'");
    }
    return url;
  }

  static List<String> ranges(List<String> texts, String name) {
    Objects.requireNonNull(texts, name);
    List<String> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      Objects.requireNonNull(t, name);
      try {
        out.add(Cidr.parse(t).canonical());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + " must hold IP addresses or CIDR ranges "
            + "(such as 10.0.0.0/8 or ::1), got '" + t.trim() + "'");
      }
    }
    return List.copyOf(out);
  }

  /** A lower-case DNS name (letters, digits, hyphens, dots), such as {@code example.com}. */
  static String domain(String s, String name) {
    Objects.requireNonNull(s, name);
    String d = s.strip();
    if (d.isEmpty() || d.length() > 253 || d.startsWith(".") || d.endsWith(".")
        || d.contains("..") || !d.matches("[a-z0-9.-]+")) {
      throw new IllegalArgumentException(name + " must be a lower-case domain name without "
          + "scheme, port or path, such as example.com, got '" + d + "'");
    }
    return d;
  }

  /**
   * A web origin: {@code scheme://host[:port]} with nothing after it, https (or http for
   * localhost and loopback addresses), in its lower-case spelling without a default port.
   */
  static String origin(String s, String name) {
    Objects.requireNonNull(s, name);
    String o = s.strip();
    URI uri;
    try {
      uri = new URI(o);
    } catch (URISyntaxException e) {
      uri = null;
    }
    String scheme = uri == null || uri.getScheme() == null ? null
        : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    String host = uri == null || uri.getHost() == null ? null
        : uri.getHost().toLowerCase(java.util.Locale.ROOT);
    boolean local = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    if (uri == null || host == null || !("https".equals(scheme) || "http".equals(scheme) && local)
        || uri.getRawUserInfo() != null || uri.getRawQuery() != null
        || uri.getRawFragment() != null || !(uri.getRawPath() == null
        || uri.getRawPath().isEmpty())) {
      throw new IllegalArgumentException(name + " must hold origins such as "
          + "https://app.example.com or https://app.example.com:8443 (no path; http only for "
          + "localhost), got '" + o + "'");
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || "https".equals(scheme) && port == 443
        || "http".equals(scheme) && port == 80;
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }

  /** The origin of an http(s) URL ({@code scheme://host[:port]}). */
  static String originOf(String url) {
    URI uri = URI.create(url);
    int port = uri.getPort();
    String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    boolean defaultPort = port == -1 || "https".equals(scheme) && port == 443
        || "http".equals(scheme) && port == 80;
    return scheme + "://" + uri.getHost().toLowerCase(java.util.Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }
}
