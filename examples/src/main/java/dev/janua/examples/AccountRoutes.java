package dev.janua.examples;

import dev.janua.AuthEngine;
import dev.janua.Principal;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.ValidationException;
import dev.janua.http.Responses;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The account routes: password change, forgotten password and reset, email verification, resend
 * and change, signing out everywhere, profile update and account deletion. Bodies and answers in
 * snake_case JSON, errors in the service's shape, rate-limit headers on every answer. The links in
 * the mails point at pages of the host ({@code /reset-password}, {@code /verify-email}); those
 * pages post the token here.
 */
final class AccountRoutes {
  private final HttpApi api;
  private final AuthEngine engine;

  AccountRoutes(HttpApi api, AuthEngine engine) {
    this.api = api;
    this.engine = engine;
  }

  /** {@code POST /password/change}. */
  record ChangePassword(@Nullable String currentPassword, @Nullable String newPassword) {
    @Override
    public String toString() {
      return "ChangePassword[]";
    }
  }

  /** {@code POST /password/forgot}. */
  record Forgot(@Nullable String email) {}

  /** {@code POST /password/reset}. */
  record Reset(@Nullable String token, @Nullable String newPassword) {
    @Override
    public String toString() {
      return "Reset[]";
    }
  }

  /** {@code POST /email/verify}. */
  record Verify(@Nullable String token) {
    @Override
    public String toString() {
      return "Verify[]";
    }
  }

  /** {@code POST /email/change}. */
  record ChangeEmail(@Nullable String newEmail, @Nullable String currentPassword) {
    @Override
    public String toString() {
      return "ChangeEmail[newEmail=" + newEmail + "]";
    }
  }

  /** {@code PATCH /users/me}: the profile fields. */
  record Profile(@Nullable String name) {}

  /** {@code DELETE /users/me}. */
  record Delete(@Nullable String password) {
    @Override
    public String toString() {
      return "Delete[]";
    }
  }

  void register(JavalinConfig config) {
    api.route(config, HandlerType.POST, "/api/v1/auth/password/change", this::changePassword);
    api.route(config, HandlerType.POST, "/api/v1/auth/password/forgot", this::forgot);
    api.route(config, HandlerType.POST, "/api/v1/auth/password/reset", this::reset);
    api.route(config, HandlerType.POST, "/api/v1/auth/email/verify", this::verify);
    api.route(config, HandlerType.POST, "/api/v1/auth/email/resend", this::resend);
    api.route(config, HandlerType.POST, "/api/v1/auth/email/change", this::changeEmail);
    api.route(config, HandlerType.DELETE, "/api/v1/sessions", this::revokeAllSessions);
    api.route(config, HandlerType.PATCH, "/api/v1/users/me", this::updateProfile);
    api.route(config, HandlerType.DELETE, "/api/v1/users/me", this::deleteMe);
  }

  private static String required(@Nullable String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new ValidationException(field, field + " is required");
    }
    return value;
  }

  private void accepted(Context ctx, RateLimitDecision d) {
    HttpApi.rateHeaders(ctx, d);
    api.sendJson(ctx, 202, Map.of());
  }

  private static void noContent(Context ctx, RateLimitDecision d) {
    HttpApi.rateHeaders(ctx, d);
    ctx.status(204);
  }

  private void changePassword(Context ctx) throws IOException {
    api.limit(ctx, RateLimitCategory.USER_OPERATIONS);
    Principal p = api.principal(ctx);
    ChangePassword in = api.body(ctx, ChangePassword.class);
    engine.users().changePassword(p, required(in.currentPassword(), "current_password"),
        required(in.newPassword(), "new_password"), api.client(ctx));
    ctx.status(204);
  }

  /** Always 202 {@code {}} for a well-formed address, whether it has an account or not. */
  private void forgot(Context ctx) throws IOException {
    Forgot in = api.body(ctx, Forgot.class);
    accepted(ctx, engine.users().requestPasswordReset(required(in.email(), "email"),
        api.client(ctx)));
  }

  private void reset(Context ctx) throws IOException {
    Reset in = api.body(ctx, Reset.class);
    noContent(ctx, engine.users().resetPassword(required(in.token(), "token"),
        required(in.newPassword(), "new_password"), api.client(ctx)));
  }

  private void verify(Context ctx) throws IOException {
    Verify in = api.body(ctx, Verify.class);
    noContent(ctx, engine.users().verifyEmail(required(in.token(), "token"), api.client(ctx)));
  }

  private void resend(Context ctx) {
    Principal p = api.principal(ctx);
    accepted(ctx, engine.users().resendVerification(p, api.client(ctx)));
  }

  private void changeEmail(Context ctx) throws IOException {
    Principal p = api.principal(ctx);
    ChangeEmail in = api.body(ctx, ChangeEmail.class);
    accepted(ctx, engine.users().requestEmailChange(p, required(in.newEmail(), "new_email"),
        required(in.currentPassword(), "current_password"), api.client(ctx)));
  }

  /** Signs the caller out everywhere: every session of the caller's account, this one included. */
  private void revokeAllSessions(Context ctx) {
    api.limit(ctx, RateLimitCategory.USER_OPERATIONS);
    Principal p = api.principal(ctx);
    engine.sessions().revokeAll(p.userId());
    ctx.status(204);
  }

  private void updateProfile(Context ctx) throws IOException {
    api.limit(ctx, RateLimitCategory.USER_OPERATIONS);
    Principal p = api.principal(ctx);
    Profile in = api.body(ctx, Profile.class);
    api.sendJson(ctx, 200, Responses.UserBody.of(engine.users().updateProfile(p, in.name())));
  }

  private void deleteMe(Context ctx) throws IOException {
    Principal p = api.principal(ctx);
    Delete in = api.body(ctx, Delete.class);
    noContent(ctx, engine.users().delete(p, required(in.password(), "password"), api.client(ctx)));
  }
}
