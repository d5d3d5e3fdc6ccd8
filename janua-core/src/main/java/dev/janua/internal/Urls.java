package dev.janua.internal;

import java.net.URI;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Which URLs a verifier may fetch keys from: https, or http to a loopback address. */
public final class Urls {
  private Urls() {}

  /**
   * What is wrong with {@code uri} as a place to fetch keys from, or {@code null} when nothing.
   *
   * @param allowInsecureHttp whether plain http to any host is allowed (tests and development)
   */
  public static @Nullable String problem(URI uri, boolean allowInsecureHttp) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return "must be an absolute http(s) URL with a host and no user info, query or fragment";
    }
    if ("https".equals(scheme)) {
      return null;
    }
    if (!"http".equals(scheme)) {
      return "must use https";
    }
    return allowInsecureHttp || isLoopback(uri.getHost()) ? null
        : "must use https (plain http only to a loopback address, unless allowInsecureHttp)";
  }

  /** A loopback host by its spelling alone: no name is resolved. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("[::1]") || h.matches("127(\\.\\d{1,3}){3}");
  }
}
