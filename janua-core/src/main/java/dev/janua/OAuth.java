package dev.janua;

import dev.janua.internal.TokenService;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What resource servers use ({@code engine.oauth()}): the authorization server metadata (RFC 8414),
 * token introspection (RFC 7662) and token revocation (RFC 7009). A host serves them at the paths
 * of {@link AuthorizationServerMetadata}; introspection and revocation take the HTTP Basic
 * credentials of a client registered in {@code JANUA_CLIENTS} (see {@link
 * ClientCredentials#fromAuthorizationHeader})
 * and are rate-limited per caller address under {@link RateLimitCategory#TOKEN_INTROSPECTION}.
 */
public final class OAuth {
  private final JanuaConfig config;
  private final SessionTokens tokens;
  private final TokenService tokenService;
  private final Runner runner;

  OAuth(JanuaConfig config, SessionTokens tokens, TokenService tokenService, Runner runner) {
    this.config = config;
    this.tokens = tokens;
    this.tokenService = tokenService;
    this.runner = runner;
  }

  /**
   * The metadata document: its {@code issuer} is the tokens' {@code iss}, its endpoints are under
   * {@code PUBLIC_BASE_URL}, its signing algorithms those of the keys in the ring now.
   */
  public AuthorizationServerMetadata metadata() {
    List<String> algorithms = tokenService.keyRing().keys().stream().map(SigningKey::algorithm)
        .distinct().sorted().toList();
    return AuthorizationServerMetadata.of(config, algorithms);
  }

  /**
   * Introspects a token for a registered resource server: {@code active: true} with its claims
   * for a valid access token whose session is live, else {@code {"active": false}} (expired,
   * signed out, revoked, malformed, unknown, of another issuer, or a refresh token). Costs one
   * {@link AuthEngine#validate}: no signature work for a token seen before, one session lookup.
   *
   * @param client the caller's credentials ({@code null}: none presented)
   * @param token  the {@code token} parameter
   * @param caller the caller's address, for the rate limit ({@code null}: unknown)
   * @throws InvalidClientException when the client is missing, unknown or its secret is wrong
   * @throws ValidationException    (field {@code token}) when the token is missing
   * @throws RateLimitedException   over the token-introspection limit
   */
  public Introspection introspect(@Nullable ClientCredentials client, @Nullable String token,
      @Nullable ClientInfo caller) {
    return runner.run(Operation.INTROSPECT, caller, call -> {
      String t = admit(client, token);
      try {
        return Introspection.of(tokens.validate(t), config);
      } catch (InvalidTokenException e) {
        return Introspection.inactive();
      }
    });
  }

  /**
   * Revokes a token for a registered resource server by ending its session, so that every token
   * of the session stops validating at once, here and (through the cache's invalidation) on every
   * instance: an access token that verifies (its session may have ended already), or a refresh
   * token, spent or not. Any other token, an expired access token included, is ignored without an
   * error, as RFC 7009 asks.
   *
   * @param client the caller's credentials ({@code null}: none presented)
   * @param token  the {@code token} parameter
   * @param caller the caller's address, for the rate limit ({@code null}: unknown)
   * @throws InvalidClientException when the client is missing, unknown or its secret is wrong
   * @throws ValidationException    (field {@code token}) when the token is missing
   * @throws RateLimitedException   over the token-introspection limit
   */
  public void revoke(@Nullable ClientCredentials client, @Nullable String token,
      @Nullable ClientInfo caller) {
    runner.runVoid(Operation.REVOKE, caller, call -> {
      String t = admit(client, token);
      tokens.revoke(t, call, Map.of("by", "oauth_revocation", "client_id", client.clientId()));
    });
  }

  /** The client first, then the token parameter: an unauthenticated caller learns nothing. */
  private String admit(@Nullable ClientCredentials client, @Nullable String token) {
    if (!config.clients().authenticate(client)) {
      throw new InvalidClientException();
    }
    if (token == null || token.isBlank()) {
      throw new ValidationException("token", "token is required");
    }
    return token;
  }
}
