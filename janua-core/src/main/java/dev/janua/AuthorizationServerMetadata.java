package dev.janua;

import dev.janua.internal.JsonText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authorization server metadata (RFC 8414) of an engine, from {@code engine.oauth().metadata()}:
 * serve {@link #json()} as {@code application/json} at {@link #OAUTH_PATH} and {@link
 * #OPENID_PATH}. Its {@code issuer} is byte for byte the {@code iss} of the engine's tokens, and
 * every endpoint URL is {@code PUBLIC_BASE_URL} plus the path constant below, where the host must
 * serve it. docs/tokens.md lists the members.
 */
public final class AuthorizationServerMetadata {
  /** Where RFC 8414 metadata is looked up for an issuer without a path. */
  public static final String OAUTH_PATH = "/.well-known/oauth-authorization-server";
  /** Where OpenID Connect discovery (and Spring's {@code issuer-uri}) looks first. */
  public static final String OPENID_PATH = "/.well-known/openid-configuration";
  /** The JWKS ({@code engine.jwks()}). */
  public static final String JWKS_PATH = "/.well-known/jwks.json";
  /** Token introspection, RFC 7662 ({@code engine.oauth().introspect}). */
  public static final String INTROSPECTION_PATH = "/oauth2/introspect";
  /** Token revocation, RFC 7009 ({@code engine.oauth().revoke}). */
  public static final String REVOCATION_PATH = "/oauth2/revoke";

  private static final List<String> CLIENT_AUTH = List.of("client_secret_basic");

  private final Map<String, Object> document;

  private AuthorizationServerMetadata(Map<String, Object> document) {
    this.document = Collections.unmodifiableMap(document);
  }

  /** The document for this configuration and the algorithms of the keys in the ring. */
  static AuthorizationServerMetadata of(JanuaConfig config, List<String> algorithms) {
    String base = config.publicBaseUrl();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("issuer", config.issuer());
    d.put("jwks_uri", base + JWKS_PATH);
    d.put("introspection_endpoint", base + INTROSPECTION_PATH);
    d.put("revocation_endpoint", base + REVOCATION_PATH);
    // Neither authorization nor token endpoint: Janua issues tokens through its own API (signin,
    // refresh), so no OAuth response type or grant type is offered; empty, not the RFC's defaults.
    d.put("response_types_supported", List.of());
    d.put("grant_types_supported", List.of());
    d.put("subject_types_supported", List.of("public"));
    d.put("token_endpoint_auth_methods_supported", CLIENT_AUTH);
    d.put("introspection_endpoint_auth_methods_supported", CLIENT_AUTH);
    d.put("revocation_endpoint_auth_methods_supported", CLIENT_AUTH);
    d.put("id_token_signing_alg_values_supported", algorithms);
    d.put("access_token_signing_alg_values_supported", algorithms);
    return new AuthorizationServerMetadata(d);
  }

  /** The {@code issuer}: the same string as the tokens' {@code iss}. */
  public String issuer() {
    return (String) document.get("issuer");
  }

  /** The document as an unmodifiable map of strings and lists, in the order it is written. */
  public Map<String, Object> asMap() {
    return document;
  }

  /** The document as JSON text. */
  public String json() {
    return JsonText.write(document);
  }

  @Override
  public String toString() {
    return "AuthorizationServerMetadata" + document;
  }
}
