package dev.janua.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janua.AuthEngine;
import dev.janua.Passkey;
import dev.janua.Principal;
import dev.janua.RateLimitCategory;
import dev.janua.ValidationException;
import dev.janua.http.Requests;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The passkey routes over {@code engine.passkeys()}. Options go out as the WebAuthn Level 3 JSON
 * the engine makes (camelCase, base64url: not through the snake_case codec), and the browser's
 * {@code PublicKeyCredential.toJSON()} comes in as {@code credential}, an object or its JSON text,
 * handed to the engine as it is. Registering, listing, renaming and deleting need a signed-in
 * session (bearer, or the page's cookie with the CSRF header); passwordless sign-in does not.
 */
final class PasskeyRoutes {
  static final String PATH = "/api/v1/auth/passkeys";

  private final HttpApi api;
  private final AuthEngine engine;

  PasskeyRoutes(HttpApi api, AuthEngine engine) {
    this.api = api;
    this.engine = engine;
  }

  /** {@code POST /register}: the credential and an optional name. */
  record Register(@Nullable JsonNode credential, @Nullable String name) {}

  /** {@code POST /signin/options}: an optional email (without one, any discoverable passkey). */
  record SigninOptions(@Nullable String email) {}

  /** {@code POST /signin}: the credential. */
  record Signin(@Nullable JsonNode credential) {}

  /** {@code PATCH /{id}}: the new name. */
  record Rename(@Nullable String name) {}

  /** A passkey as the list shows it: no key material. */
  record PasskeyBody(String id, String name, String createdAt, @Nullable String lastUsedAt,
      boolean backupEligible, boolean backedUp, @Nullable String aaguid, List<String> transports) {
    static PasskeyBody of(Passkey p) {
      return new PasskeyBody(p.id(), p.name(), p.createdAt().toString(),
          p.lastUsedAt() == null ? null : p.lastUsedAt().toString(), p.backupEligible(),
          p.backedUp(), p.aaguid(), p.transports());
    }
  }

  void register(ApiTokenRoutes.Registrar r) {
    r.route(HandlerType.POST, PATH + "/register/options", this::registrationOptions);
    r.route(HandlerType.POST, PATH + "/register", this::registerPasskey);
    r.route(HandlerType.POST, PATH + "/signin/options", this::signinOptions);
    r.route(HandlerType.POST, PATH + "/signin", this::signin);
    r.route(HandlerType.GET, PATH, this::list);
    r.route(HandlerType.PATCH, PATH + "/{id}", this::rename);
    r.route(HandlerType.DELETE, PATH + "/{id}", this::delete);
  }

  private Principal caller(Context ctx) {
    api.limit(ctx, RateLimitCategory.USER_OPERATIONS);
    return api.principal(ctx);
  }

  /** 200, the creation options JSON. */
  private void registrationOptions(Context ctx) {
    options(ctx, engine.passkeys().registrationOptions(caller(ctx)));
  }

  /** 201, the passkey. */
  private void registerPasskey(Context ctx) throws IOException {
    Principal p = caller(ctx);
    Register in = api.body(ctx, Register.class);
    Passkey k = engine.passkeys().register(p, Requests.credentialJson(in.credential()), in.name());
    api.sendJson(ctx, 201, PasskeyBody.of(k));
  }

  /** 200, the request options JSON (the engine rate-limits it). */
  private void signinOptions(Context ctx) throws IOException {
    SigninOptions in = ctx.req().getContentLengthLong() == 0 ? new SigninOptions(null)
        : api.body(ctx, SigninOptions.class);
    options(ctx, engine.passkeys().signinOptions(in.email(), api.client(ctx)));
  }

  /** 200, a token pair like signin (and the device cookie). */
  private void signin(Context ctx) throws IOException {
    Signin in = api.body(ctx, Signin.class);
    api.sendSignin(ctx, engine.passkeys().signin(Requests.credentialJson(in.credential()), api.client(ctx)));
  }

  /** 200 {@code data}: the caller's passkeys, oldest first. */
  private void list(Context ctx) {
    List<PasskeyBody> data = engine.passkeys().list(caller(ctx)).stream()
        .map(PasskeyBody::of).toList();
    api.sendJson(ctx, 200, Map.of("data", data));
  }

  /** 200, the renamed passkey. */
  private void rename(Context ctx) throws IOException {
    Principal p = caller(ctx);
    Rename in = api.body(ctx, Rename.class);
    if (in.name() == null) {
      throw new ValidationException("name", "name is required");
    }
    api.sendJson(ctx, 200, PasskeyBody.of(engine.passkeys().rename(p, ctx.pathParam("id"),
        in.name())));
  }

  /** 204. */
  private void delete(Context ctx) {
    engine.passkeys().delete(caller(ctx), ctx.pathParam("id"));
    ctx.status(204);
  }

  /** The engine's options JSON, sent as it is. */
  private static void options(Context ctx, String json) {
    ctx.header("Cache-Control", "no-store");
    ctx.status(200);
    ctx.contentType("application/json");
    ctx.result(json);
  }
}
