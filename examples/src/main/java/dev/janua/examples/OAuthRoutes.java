package dev.janua.examples;

import dev.janua.AuthEngine;
import dev.janua.AuthorizationServerMetadata;
import dev.janua.ClientCredentials;
import dev.janua.ClientInfo;
import dev.janua.InvalidClientException;
import dev.janua.JanuaException;
import dev.janua.RateLimitedException;
import dev.janua.ValidationException;
import dev.janua.http.JsonCodec;
import dev.janua.http.RateLimitHeaders;
import dev.janua.http.TokenResponses;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The routes resource servers call, over {@code engine.oauth()}: the discovery document (RFC
 * 8414) at both well-known paths, token introspection (RFC 7662) and revocation (RFC 7009).
 * Introspection and revocation take a form-encoded {@code token} (and an optional {@code
 * token_type_hint}, which Janua does not need: it tells its token kinds apart by their form) and
 * HTTP Basic client authentication; their errors have OAuth's shape, {@code {"error",
 * "error_description"}} (RFC 6749 section 5.2), with {@code WWW-Authenticate: Basic} on a 401.
 */
final class OAuthRoutes {
  static final String FORM = "application/x-www-form-urlencoded";
  static final String METADATA_CACHE_CONTROL = "public, max-age=3600";

  private final AuthEngine engine;
  private final JsonCodec json;
  private final Function<Context, ClientInfo> client;

  OAuthRoutes(AuthEngine engine, JsonCodec json, Function<Context, ClientInfo> client) {
    this.engine = engine;
    this.json = json;
    this.client = client;
  }

  /** {@code GET} of either well-known path. */
  void metadata(Context ctx) {
    ctx.header("Cache-Control", METADATA_CACHE_CONTROL);
    ctx.contentType(JsonCodec.JSON);
    ctx.result(engine.oauth().metadata().json());
  }

  /** {@code POST} {@link AuthorizationServerMetadata#INTROSPECTION_PATH}. */
  void introspect(Context ctx) {
    Form form = form(ctx);
    try {
      String answer = engine.oauth().introspect(credentials(ctx), form.token(), client.apply(ctx))
          .json();
      TokenResponses.HEADERS.forEach(ctx::header);
      ctx.contentType(JsonCodec.JSON);
      ctx.result(answer);
    } catch (JanuaException e) {
      error(ctx, e, form);
    }
  }

  /** {@code POST} {@link AuthorizationServerMetadata#REVOCATION_PATH}: 200 even for unknown tokens. */
  void revoke(Context ctx) {
    Form form = form(ctx);
    try {
      engine.oauth().revoke(credentials(ctx), form.token(), client.apply(ctx));
      TokenResponses.HEADERS.forEach(ctx::header);
      ctx.status(200);
    } catch (JanuaException e) {
      error(ctx, e, form);
    }
  }

  /** Even absent or malformed: the engine refuses after counting the call against the limit. */
  private static ClientCredentials credentials(Context ctx) {
    return ClientCredentials.fromAuthorizationHeader(ctx.header("Authorization")).orElse(null);
  }

  /**
   * The request's {@code token}, or {@code null} with what is wrong with the request: the client
   * is authenticated first, so a bad form gets {@code invalid_request} only from a known client.
   */
  private record Form(String token, String problem) {}

  private static Form form(Context ctx) {
    String type = ctx.req().getContentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).split(";")[0].strip().equals(FORM)) {
      return new Form(null, "The request body must be " + FORM);
    }
    Map<String, List<String>> params;
    try {
      params = ctx.formParamMap();
    } catch (Exception e) {
      // Javalin's 413 past the body limit, or the connection's early EOF (a body shorter than its
      // Content-Length): a bad request, answered in OAuth's shape rather than as a 500.
      return new Form(null, "The request body could not be read (at most "
          + JsonCodec.MAX_BODY_BYTES + " bytes)");
    }
    List<String> tokens = params.getOrDefault("token", List.of());
    if (tokens.size() > 1) {
      return new Form(null, "The token parameter must be given once");
    }
    return new Form(tokens.isEmpty() ? null : tokens.get(0), null);
  }

  private void error(Context ctx, JanuaException e, Form form) {
    String code = e.code();
    String description = e.getMessage();
    if (e instanceof InvalidClientException) {
      ctx.header("WWW-Authenticate", InvalidClientException.CHALLENGE);
    } else if (e instanceof ValidationException) {
      code = "invalid_request";
      description = form.problem() != null ? form.problem() : description;
    } else if (e instanceof RateLimitedException r) {
      RateLimitHeaders.of(r.decision()).forEach(ctx::header);
      ctx.header(RateLimitHeaders.RETRY_AFTER, Long.toString(Math.max(1, r.retryAfterSeconds())));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("error_description", description == null ? code : description);
    TokenResponses.HEADERS.forEach(ctx::header);
    ctx.status(e.httpStatus());
    ctx.contentType(JsonCodec.JSON);
    ctx.result(json.write(body));
  }
}
