package dev.janua.examples;

import dev.janua.AuthEngine;
import dev.janua.Invitation;
import dev.janua.Membership;
import dev.janua.Principal;
import dev.janua.RateLimitCategory;
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
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Invitations over {@code engine.invitations()} (docs/invitations.md): an owner or admin invites
 * an address with a role, lists and revokes pending invitations; the invited person, signed in
 * with that address (verified), accepts with the token of the link the message carried. Every
 * route takes a bearer access token and counts under {@code USER_OPERATIONS}, with its rate-limit
 * headers; errors have the service's error shape.
 *
 * <p>There is no route adding a member by user id: that stays an operation of trusted server code
 * ({@code engine.organizations().addMember}), since members neither know nor should learn other
 * users' ids.
 */
final class InvitationRoutes {
  private final AuthEngine engine;
  private final JsonCodec json;
  private final Function<Context, String> clientIp;

  /** How routes are registered: {@link HttpApi}'s own exchange (timing, errors, request id). */
  @FunctionalInterface
  interface Registrar {
    void route(HandlerType method, String path, HttpApi.Endpoint endpoint);
  }

  InvitationRoutes(AuthEngine engine, JsonCodec json, Function<Context, String> clientIp) {
    this.engine = engine;
    this.json = json;
    this.clientIp = clientIp;
  }

  void register(Registrar r) {
    r.route(HandlerType.POST, "/api/v1/organizations/{id}/invitations", this::invite);
    r.route(HandlerType.GET, "/api/v1/organizations/{id}/invitations", this::pending);
    r.route(HandlerType.DELETE, "/api/v1/organizations/{id}/invitations/{invitation_id}",
        this::revoke);
    r.route(HandlerType.POST, "/api/v1/invitations/accept", this::accept);
  }

  /** {@code {email, role}}: both required. */
  record InviteRequest(@Nullable String email, @Nullable String role) {}

  /** {@code {token}}: required. */
  record AcceptRequest(@Nullable String token) {}

  /** An invitation as listed: never its token. */
  record InvitationBody(String id, String organizationId, String email, String role,
      String invitedBy, String createdAt, String expiresAt) {
    static InvitationBody of(Invitation i) {
      return new InvitationBody(i.id(), i.organizationId(), i.email(), i.role(), i.invitedBy(),
          i.createdAt().toString(), i.expiresAt().toString());
    }
  }

  private void invite(Context ctx) throws IOException {
    Principal p = authorized(ctx);
    InviteRequest in = body(ctx, InviteRequest.class);
    Invitation i = engine.invitations().invite(p, ctx.pathParam("id"), required(in.email(), "email"),
        RoleName.of(required(in.role(), "role")));
    send(ctx, 201, InvitationBody.of(i));
  }

  private void pending(Context ctx) {
    Principal p = authorized(ctx);
    List<InvitationBody> out = engine.invitations().pending(p, ctx.pathParam("id")).stream()
        .map(InvitationBody::of).toList();
    send(ctx, 200, new Responses.ListBody<>(out));
  }

  private void revoke(Context ctx) {
    Principal p = authorized(ctx);
    engine.invitations().revoke(p, ctx.pathParam("id"), ctx.pathParam("invitation_id"));
    ctx.status(204);
  }

  private void accept(Context ctx) throws IOException {
    Principal p = authorized(ctx);
    AcceptRequest in = body(ctx, AcceptRequest.class);
    Membership m = engine.invitations().accept(p, required(in.token(), "token"));
    TokenResponses.HEADERS.forEach(ctx::header);
    send(ctx, 200, Responses.MemberBody.of(m));
  }

  /** The rate limit (with its headers) first, then the bearer token. */
  private Principal authorized(Context ctx) {
    RateLimitHeaders.of(engine.rateLimiter().checkOrThrow(RateLimitCategory.USER_OPERATIONS,
        clientIp.apply(ctx))).forEach(ctx::header);
    return engine.validate(BearerToken.require(ctx.header("Authorization")));
  }

  private <T> T body(Context ctx, Class<T> type) throws IOException {
    try (InputStream in = ctx.req().getInputStream()) {
      return json.read(ctx.req().getContentType(), ctx.req().getContentLengthLong(), in, type);
    }
  }

  private static String required(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw new ValidationException(field, field + " is required");
    }
    return value;
  }

  private void send(Context ctx, int status, Object body) {
    ctx.status(status);
    ctx.contentType(JsonCodec.JSON);
    ctx.result(json.write(body));
  }
}
