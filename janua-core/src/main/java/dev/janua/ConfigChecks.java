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
}
