package dev.janua.http;

import java.util.Map;

/**
 * The headers of every response that carries a token (signup, signin, refresh, an organization
 * switch, a new API token, an introspection): {@code Cache-Control: no-store} and {@code Pragma:
 * no-cache}, as RFC 6749 section 5.1 requires, so no browser, proxy or CDN keeps a copy. Every
 * adapter sets these through here.
 */
public final class TokenResponses {
  /** {@code Cache-Control: no-store} and {@code Pragma: no-cache}, in that order. */
  public static final Map<String, String> HEADERS =
      Map.of("Cache-Control", "no-store", "Pragma", "no-cache");

  private TokenResponses() {}
}
