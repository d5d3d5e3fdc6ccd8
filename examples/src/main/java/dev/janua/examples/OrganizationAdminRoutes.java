package dev.janua.examples;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.MemberPage;
import dev.janua.Membership;
import dev.janua.Organizations;
import dev.janua.Principal;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.Role;
import dev.janua.RoleName;
import dev.janua.ValidationException;
import dev.janua.http.BearerToken;
import dev.janua.http.JsonCodec;
import dev.janua.http.RateLimitHeaders;
import dev.janua.http.Responses;
import dev.janua.http.TokenResponses;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The routes that run an organization, over {@code engine.organizations()}: update and delete it,
 * its custom roles, the paged member list, and switching the caller's active organization. Bodies
 * and answers in snake_case JSON; errors and rate-limit headers as every route of {@link HttpApi}
 * (its exchange maps what these throw).
 */
final class OrganizationAdminRoutes {
  private final AuthEngine engine;
  private final JsonCodec json;
  private final Function<Context, ClientInfo> client;

  /** Registers one route through the caller's exchange. */
  @FunctionalInterface
  interface Registrar {
    void route(HandlerType method, String path, HttpApi.Endpoint endpoint);
  }

  OrganizationAdminRoutes(AuthEngine engine, JsonCodec json, Function<Context, ClientInfo> client) {
    this.engine = engine;
    this.json = json;
    this.client = client;
  }

  void register(Registrar r) {
    r.route(HandlerType.PATCH, "/api/v1/organizations/{id}", this::update);
    r.route(HandlerType.DELETE, "/api/v1/organizations/{id}", this::delete);
    r.route(HandlerType.GET, "/api/v1/organizations/{id}/roles", this::roles);
    r.route(HandlerType.POST, "/api/v1/organizations/{id}/roles", this::createRole);
    r.route(HandlerType.PATCH, "/api/v1/organizations/{id}/roles/{name}", this::updateRole);
    r.route(HandlerType.DELETE, "/api/v1/organizations/{id}/roles/{name}", this::deleteRole);
    r.route(HandlerType.POST, "/api/v1/auth/switch-organization", this::switchOrganization);
  }

  /** {@code PATCH /organizations/{id}} body. */
  record UpdateOrganization(@Nullable String name, @Nullable String slug) {}

  /** {@code POST .../roles} and {@code PATCH .../roles/{name}} body. */
  record RoleBody(@Nullable String name, @Nullable List<String> permissions) {}

  /** {@code POST /auth/switch-organization} body. */
  record SwitchOrganization(@Nullable String organizationId) {}

  /** A custom role as answered. */
  record RoleAnswer(String organizationId, String name, List<String> permissions, String createdAt) {
    static RoleAnswer of(Role r) {
      return new RoleAnswer(r.organizationId(), r.name(), r.permissions().stream().sorted().toList(),
          r.createdAt().toString());
    }
  }

  /** One page of members: {@code data} and the cursor of the next page ({@code null} at the end). */
  record MemberPageAnswer(List<Responses.MemberBody> data, @Nullable String nextCursor, int limit) {}

  // ------------------------------------------------------------------ organization

  private void update(Context ctx) throws IOException {
    Principal p = principal(ctx);
    UpdateOrganization in = body(ctx, UpdateOrganization.class);
    send(ctx, 200, Responses.OrganizationBody.of(
        engine.organizations().update(p, ctx.pathParam("id"), in.name(), in.slug())));
  }

  private void delete(Context ctx) {
    engine.organizations().delete(principal(ctx), ctx.pathParam("id"));
    ctx.status(204);
  }

  /**
   * {@code GET /organizations/{id}/members?limit=&cursor=}: one page (default {@value
   * Organizations#DEFAULT_PAGE_SIZE}, at most {@value Organizations#MAX_PAGE_SIZE}).
   */
  void members(Context ctx) {
    Principal p = principal(ctx);
    int limit = limit(ctx.queryParam("limit"));
    MemberPage page = engine.organizations().membersPage(p, ctx.pathParam("id"),
        ctx.queryParam("cursor"), limit);
    send(ctx, 200, new MemberPageAnswer(page.members().stream().map(Responses.MemberBody::of)
        .toList(), page.nextCursor(), limit));
  }

  private static int limit(@Nullable String text) {
    if (text == null || text.isEmpty()) {
      return Organizations.DEFAULT_PAGE_SIZE;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new ValidationException("limit", "limit must be a number from 1 to "
          + Organizations.MAX_PAGE_SIZE);
    }
  }

  // ------------------------------------------------------------------ roles

  private void roles(Context ctx) {
    List<RoleAnswer> out = engine.organizations().roles(principal(ctx), ctx.pathParam("id"))
        .stream().map(RoleAnswer::of).toList();
    send(ctx, 200, new Responses.ListBody<>(out));
  }

  private void createRole(Context ctx) throws IOException {
    Principal p = principal(ctx);
    RoleBody in = body(ctx, RoleBody.class);
    if (in.name() == null) {
      throw new ValidationException("name", "name is required");
    }
    send(ctx, 201, RoleAnswer.of(engine.organizations().createRole(p, ctx.pathParam("id"),
        in.name(), permissions(in))));
  }

  private void updateRole(Context ctx) throws IOException {
    Principal p = principal(ctx);
    RoleBody in = body(ctx, RoleBody.class);
    if (in.name() != null && !in.name().equals(ctx.pathParam("name"))) {
      throw new ValidationException("name", "a role cannot be renamed; create another one");
    }
    send(ctx, 200, RoleAnswer.of(engine.organizations().updateRole(p, ctx.pathParam("id"),
        ctx.pathParam("name"), permissions(in))));
  }

  /** {@code DELETE .../roles/{name}?fallback_role=}: members move to the fallback (viewer). */
  private void deleteRole(Context ctx) {
    Principal p = principal(ctx);
    String fallback = ctx.queryParam("fallback_role");
    engine.organizations().deleteRole(p, ctx.pathParam("id"), ctx.pathParam("name"),
        fallback == null ? Organizations.DEFAULT_FALLBACK_ROLE : RoleName.of(fallback));
    ctx.status(204);
  }

  private static Set<String> permissions(RoleBody in) {
    if (in.permissions() == null) {
      throw new ValidationException("permissions", "permissions is required");
    }
    Set<String> out = new LinkedHashSet<>();
    for (String s : in.permissions()) {
      if (s == null) {
        throw new ValidationException("permissions", "permissions must be strings");
      }
      out.add(s);
    }
    return out;
  }

  // ------------------------------------------------------------------ context

  /** A token pair like signin's, with the organization active ({@code null}: none). */
  private void switchOrganization(Context ctx) throws IOException {
    Principal p = engine.validate(BearerToken.require(ctx.header("Authorization")));
    SwitchOrganization in = body(ctx, SwitchOrganization.class);
    AuthResult r = engine.organizations().switchOrganization(p, in.organizationId(),
        client.apply(ctx));
    if (r.rateLimit() != null) {
      RateLimitHeaders.of(r.rateLimit()).forEach(ctx::header);
    }
    TokenResponses.HEADERS.forEach(ctx::header);
    send(ctx, 200, Responses.AuthBody.of(r));
  }

  // ------------------------------------------------------------------ helpers

  /** Validates the bearer after the user-operations limit, like every route of {@link HttpApi}. */
  private Principal principal(Context ctx) {
    RateLimitDecision d = engine.rateLimiter().checkOrThrow(RateLimitCategory.USER_OPERATIONS,
        client.apply(ctx).ipAddress());
    RateLimitHeaders.of(d).forEach(ctx::header);
    return engine.validate(BearerToken.require(ctx.header("Authorization")));
  }

  private <T> T body(Context ctx, Class<T> type) throws IOException {
    long length = ctx.req().getContentLengthLong();
    try (InputStream in = ctx.req().getInputStream()) {
      return json.read(ctx.req().getContentType(), length, in, type);
    }
  }

  private void send(Context ctx, int status, Object body) {
    ctx.status(status);
    ctx.contentType(JsonCodec.JSON);
    ctx.result(json.write(body));
  }
}
