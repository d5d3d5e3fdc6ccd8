package dev.janua.examples;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.Principal;
import dev.janua.RateLimitCategory;
import dev.janua.TotpEnrollment;
import dev.janua.http.Requests;
import dev.janua.http.TokenResponses;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The second-factor routes over {@code engine.mfa()}: TOTP enrollment (the secret, its {@code
 * otpauth://} URI and that URI as a QR code in SVG, drawn here on the server), confirmation (the
 * recovery codes, shown once), disabling and new recovery codes (both need a recent sign-in), and
 * the state a settings page shows. Each needs a signed-in session: a bearer access token, or the
 * web page's cookie (with the CSRF header for a change). Answers that hold a secret or codes are
 * {@code Cache-Control: no-store}.
 */
final class MfaRoutes {
  static final String PATH = "/api/v1/auth/mfa";

  private final HttpApi api;
  private final AuthEngine engine;

  MfaRoutes(HttpApi api, AuthEngine engine) {
    this.api = api;
    this.engine = engine;
  }

  /** {@code POST /totp/confirm} and {@code DELETE /totp}: a code from the app (or a recovery code). */
  record Code(@Nullable String code) {
    @Override
    public String toString() {
      return "Code[]";
    }
  }

  void register(ApiTokenRoutes.Registrar r) {
    r.route(HandlerType.POST, PATH + "/complete", this::complete);
    r.route(HandlerType.POST, PATH + "/step-up", this::stepUp);
    r.route(HandlerType.GET, PATH, this::status);
    r.route(HandlerType.POST, PATH + "/totp/enroll", this::enroll);
    r.route(HandlerType.POST, PATH + "/totp/confirm", this::confirm);
    r.route(HandlerType.DELETE, PATH + "/totp", this::disable);
    r.route(HandlerType.POST, PATH + "/recovery-codes", this::regenerate);
  }

  private Principal caller(Context ctx) {
    api.limit(ctx, RateLimitCategory.USER_OPERATIONS);
    return api.principal(ctx);
  }

  /**
   * 200, a token pair like signin (and the device cookie): the second step of a sign-in. No
   * session yet, so no bearer and no CSRF check: the challenge is the credential, bound to the
   * client that signed in.
   */
  private void complete(Context ctx) throws IOException {
    Requests.CompleteMfa in = api.body(ctx, Requests.CompleteMfa.class).requireFields();
    AuthResult r = engine.completeMfa(in.challenge(), in.proof(), api.client(ctx), in.remember());
    api.sendSignin(ctx, r);
  }

  /**
   * 200, a new token pair of the same session with {@code auth_time} now and {@code mfa} in its
   * {@code amr}: what {@code DELETE /totp} and {@code POST /recovery-codes} need. A TOTP or recovery
   * code (a passkey step-up needs request options, which this example does not serve).
   */
  private void stepUp(Context ctx) throws IOException {
    Principal p = caller(ctx);
    Requests.CompleteMfa in = api.body(ctx, Requests.CompleteMfa.class);
    api.sendTokens(ctx, 200, engine.mfa().stepUp(p, in.proof(), api.client(ctx)));
  }

  /** {@code GET}: {@code totp_enabled} and {@code recovery_codes_remaining}. */
  private void status(Context ctx) {
    Principal p = caller(ctx);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("totp_enabled", engine.mfa().totpEnabled(p));
    body.put("recovery_codes_remaining", engine.mfa().remainingRecoveryCodes(p));
    ctx.header("Cache-Control", "no-store");
    api.sendJson(ctx, 200, body);
  }

  /** 200 {@code secret}, {@code otpauth_uri}, {@code qr_svg}; the enrollment stays pending. */
  private void enroll(Context ctx) {
    Principal p = caller(ctx);
    TotpEnrollment e = engine.mfa().beginTotpEnrollment(p);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("secret", e.secret());
    body.put("otpauth_uri", e.uri());
    body.put("qr_svg", QrSvg.of(e.uri()));
    secretAnswer(ctx, body);
  }

  /** 200 {@code recovery_codes}: TOTP is on. */
  private void confirm(Context ctx) throws IOException {
    Principal p = caller(ctx);
    Code in = api.body(ctx, Code.class);
    codes(ctx, engine.mfa().confirmTotp(p, in.code()));
  }

  /** 204: TOTP and its recovery codes are gone. */
  private void disable(Context ctx) throws IOException {
    Principal p = caller(ctx);
    Code in = api.body(ctx, Code.class);
    engine.mfa().disableTotp(p, in.code());
    ctx.status(204);
  }

  /** 200 {@code recovery_codes}: the old set no longer works. */
  private void regenerate(Context ctx) {
    Principal p = caller(ctx);
    codes(ctx, engine.mfa().regenerateRecoveryCodes(p));
  }

  private void codes(Context ctx, List<String> codes) {
    secretAnswer(ctx, Map.of("recovery_codes", codes));
  }

  private void secretAnswer(Context ctx, Map<String, Object> body) {
    TokenResponses.HEADERS.forEach(ctx::header);
    api.sendJson(ctx, 200, body);
  }
}
