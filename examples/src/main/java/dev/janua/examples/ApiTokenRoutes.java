package dev.janua.examples;

import dev.janua.ApiToken;
import dev.janua.AuthEngine;
import dev.janua.CreatedApiToken;
import dev.janua.Principal;
import dev.janua.ValidationException;
import dev.janua.http.JsonCodec;
import dev.janua.http.Responses;
import dev.janua.http.TokenResponses;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The API token routes, over {@code engine.apiTokens()}: {@code POST /api/v1/api-tokens} (the
 * secret shown once, in {@code token}), {@code GET /api/v1/api-tokens} (never a secret), {@code
 * DELETE /api/v1/api-tokens/{id}}. Each needs the bearer of a signed-in session; the service's
 * bearer authentication ({@link AuthEngine#authenticate}) accepts {@code jnu_...} API tokens on
 * every other route, such as {@code /api/v1/auth/me}.
 */
final class ApiTokenRoutes {
  static final String PATH = "/api/v1/api-tokens";

  /** How the service registers a route through its exchange (timing, errors, headers). */
  @FunctionalInterface
  interface Registrar {
    void route(HandlerType method, String path, HttpApi.Endpoint endpoint);
  }

  /**
   * {@code POST /api/v1/api-tokens}.
   *
   * @param name           required label
   * @param organizationId required
   * @param permissions    required, at least one
   * @param expiresAt      required, ISO-8601 ({@code 2027-01-01T00:00:00Z})
   */
  record CreateBody(@Nullable String name, @Nullable String organizationId,
      @Nullable List<String> permissions, @Nullable String expiresAt) {}

  private final AuthEngine engine;
  private final JsonCodec json;
  private final Function<Context, Principal> principal;
  private final Consumer<Context> limit;

  ApiTokenRoutes(AuthEngine engine, JsonCodec json, Function<Context, Principal> principal,
      Consumer<Context> limit) {
    this.engine = engine;
    this.json = json;
    this.principal = principal;
    this.limit = limit;
  }

  void register(Registrar r) {
    r.route(HandlerType.POST, PATH, this::create);
    r.route(HandlerType.GET, PATH, this::list);
    r.route(HandlerType.DELETE, PATH + "/{id}", this::revoke);
  }

  private void create(Context ctx) throws IOException {
    limit.accept(ctx);
    Principal p = principal.apply(ctx);
    CreateBody in;
    try (InputStream body = ctx.req().getInputStream()) {
      in = json.read(ctx.req().getContentType(), ctx.req().getContentLengthLong(), body,
          CreateBody.class);
    }
    require(in.name(), "name");
    require(in.organizationId(), "organization_id");
    if (in.permissions() == null) {
      throw new ValidationException("permissions", "permissions is required");
    }
    Set<String> permissions = new LinkedHashSet<>(in.permissions());
    CreatedApiToken created = engine.apiTokens().create(p, in.organizationId(), in.name(),
        permissions, instant(in.expiresAt()));
    Map<String, Object> out = body(created.apiToken());
    out.put("token", created.token());
    TokenResponses.HEADERS.forEach(ctx::header);
    send(ctx, 201, out);
  }

  private void list(Context ctx) {
    limit.accept(ctx);
    List<Map<String, Object>> out = engine.apiTokens().list(principal.apply(ctx)).stream()
        .map(ApiTokenRoutes::body).toList();
    send(ctx, 200, new Responses.ListBody<>(out));
  }

  private void revoke(Context ctx) {
    limit.accept(ctx);
    engine.apiTokens().revoke(principal.apply(ctx), ctx.pathParam("id"));
    ctx.status(204);
  }

  private void send(Context ctx, int status, Object body) {
    ctx.status(status);
    ctx.contentType(JsonCodec.JSON);
    ctx.result(json.write(body));
  }

  /** A token as lists show it: its prefix, never its secret. */
  static Map<String, Object> body(ApiToken t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put("organization_id", t.organizationId());
    m.put("prefix", t.prefix());
    m.put("permissions", new TreeSet<>(t.permissions()));
    m.put("created_at", t.createdAt().toString());
    m.put("expires_at", t.expiresAt().toString());
    m.put("last_used_at", t.lastUsedAt() == null ? null : t.lastUsedAt().toString());
    return m;
  }

  private static void require(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw new ValidationException(field, field + " is required");
    }
  }

  private static Instant instant(@Nullable String text) {
    require(text, "expires_at");
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new ValidationException("expires_at",
          "expires_at must be an ISO-8601 date-time with an offset, such as 2027-01-01T00:00:00Z");
    }
  }
}
