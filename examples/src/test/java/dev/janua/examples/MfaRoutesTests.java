package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janua.examples.WebCalls.Reply;
import dev.janua.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.janua.testing.TotpCodes;

/**
 * The TOTP and recovery-code routes over real HTTP: enrollment answers the secret, its URI and
 * the URI's QR code as SVG; confirmation the 10 recovery codes; disabling and new codes need a
 * sign-in within 15 minutes. Codes are computed as an authenticator app would, at the engine's
 * clock. Mixed into {@link ExampleServerSuite}, so they run on every backend.
 */
interface MfaRoutesTests {
  /** The service's base URL. */
  String baseUrl();

  /** The engine's clock. */
  MutableClock clock();

  /**
   * Moves the engine's clock past two windows of the {@code authentication} limit. The engine's
   * MFA calls take no client address, so their failures count under the limiter's one shared key
   * {@code unknown} for every caller (reported; see docs/mfa.md): without this, the refusals of one
   * test would use up the next one's budget on the suite's fake clock.
   */
  static void freshMfaBudget(MutableClock clock) {
    clock.advance(Duration.ofMinutes(4));
  }

  private String code(String secret, int stepsAhead) {
    return TotpCodes.at(secret, clock().instant().plusSeconds(30L * stepsAhead));
  }

  private static void assertError(Reply r, int status, String code) throws Exception {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.errorCode()).isEqualTo(code);
    assertThat(r.json().path("error").path("request_id").asText())
        .isEqualTo(r.header("X-Request-ID"));
  }

  /** Enrolls and confirms TOTP; the secret and the recovery codes. */
  private String[] enable(WebCalls c, String access) throws Exception {
    Reply e = c.bearer("POST", "/api/v1/auth/mfa/totp/enroll", access, null);
    assertThat(e.status()).as(e.body()).isEqualTo(200);
    String secret = e.json().path("secret").asText();
    Reply ok = c.bearer("POST", "/api/v1/auth/mfa/totp/confirm", access,
        "{\"code\":\"" + code(secret, 0) + "\"}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    List<String> codes = WebCalls.list(ok.json().path("recovery_codes"));
    String[] out = new String[codes.size() + 1];
    out[0] = secret;
    for (int i = 0; i < codes.size(); i++) {
      out[i + 1] = codes.get(i);
    }
    return out;
  }

  @Test
  default void totpEnroll_secretUriAndQrOfTheUri_confirmGivesTenRecoveryCodes() throws Exception {
    freshMfaBudget(clock());
    WebCalls c = new WebCalls(baseUrl());
    String email = WebCalls.email("totp");
    String access = c.signup(email).path("access_token").asText();
    Reply status = c.bearer("GET", "/api/v1/auth/mfa", access, null);
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.json().path("totp_enabled").asBoolean()).isFalse();

    Reply e = c.bearer("POST", "/api/v1/auth/mfa/totp/enroll", access, null);
    assertThat(e.status()).as(e.body()).isEqualTo(200);
    assertThat(e.header("Cache-Control")).isEqualTo("no-store");
    JsonNode body = e.json();
    String secret = body.path("secret").asText();
    String uri = body.path("otpauth_uri").asText();
    assertThat(secret).matches("[A-Z2-7]{32}");
    assertThat(uri).startsWith("otpauth://totp/").contains("secret=" + secret)
        .contains(email.replace("@", "%40")).contains("algorithm=SHA1&digits=6&period=30");
    // The QR code shows exactly this URI: its modules are those of the URI's symbol.
    assertThat(QrSvgTest.modules(body.path("qr_svg").asText()))
        .isDeepEqualTo(QrSvgTest.expected(uri));

    assertError(c.bearer("POST", "/api/v1/auth/mfa/totp/confirm", access,
        "{\"code\":\"" + String.format("%06d", (Integer.parseInt(code(secret, 0)) + 1) % 1_000_000)
            + "\"}"),
        401, "invalid_mfa_code");
    assertThat(c.bearer("GET", "/api/v1/auth/mfa", access, null).json()
        .path("totp_enabled").asBoolean()).as("a wrong code leaves it pending").isFalse();

    Reply ok = c.bearer("POST", "/api/v1/auth/mfa/totp/confirm", access,
        "{\"code\":\"" + code(secret, 0) + "\"}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.header("Cache-Control")).isEqualTo("no-store");
    List<String> codes = WebCalls.list(ok.json().path("recovery_codes"));
    assertThat(codes).hasSize(10).doesNotHaveDuplicates()
        .allMatch(s -> s.matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"));
    JsonNode after = c.bearer("GET", "/api/v1/auth/mfa", access, null).json();
    assertThat(after.path("totp_enabled").asBoolean()).isTrue();
    assertThat(after.path("recovery_codes_remaining").asInt()).isEqualTo(10);

    Reply again = c.bearer("POST", "/api/v1/auth/mfa/totp/enroll", access, null);
    assertError(again, 409, "conflict");
    assertThat(again.json().path("error").path("details").path("field").asText()).isEqualTo("totp");
  }

  @Test
  default void totpRoutes_badInput_errorsNamingTheField_andNoCredentials401() throws Exception {
    freshMfaBudget(clock());
    WebCalls c = new WebCalls(baseUrl());
    String access = c.signup(WebCalls.email("totp-bad")).path("access_token").asText();
    Reply none = c.bearer("POST", "/api/v1/auth/mfa/totp/confirm", access, "{\"code\":\"123456\"}");
    assertError(none, 404, "not_found");
    c.bearer("POST", "/api/v1/auth/mfa/totp/enroll", access, null);
    Reply shortCode = c.bearer("POST", "/api/v1/auth/mfa/totp/confirm", access, "{\"code\":\"12\"}");
    assertError(shortCode, 400, "validation_error");
    assertThat(shortCode.json().path("error").path("details").path("field").asText())
        .isEqualTo("code");
    Reply missing = c.bearer("POST", "/api/v1/auth/mfa/totp/confirm", access, "{}");
    assertError(missing, 400, "validation_error");
    assertError(c.send("POST", "/api/v1/auth/mfa/totp/enroll", null), 401, "unauthorized");
    assertError(c.send("DELETE", "/api/v1/auth/mfa/totp", "{\"code\":\"123456\"}"), 401,
        "unauthorized");
    assertError(c.bearer("DELETE", "/api/v1/auth/mfa/totp", access, "{\"code\":\"123456\"}"), 404,
        "not_found");
  }

  /** Signs in with the password: the 200 {@code mfa_required} answer. */
  private JsonNode mfaRequired(WebCalls c, String email) throws Exception {
    Reply r = c.send("POST", "/api/v1/auth/signin",
        "{\"email\":\"" + email + "\",\"password\":\"" + WebCalls.PASSWORD + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    return r.json();
  }

  /** Completes a sign-in challenge with {@code proof} (a JSON member); the reply. */
  private Reply complete(WebCalls c, String challenge, String proof) throws Exception {
    return c.send("POST", "/api/v1/auth/mfa/complete",
        "{\"challenge\":\"" + challenge + "\"," + proof + "}");
  }

  @Test
  default void signin_withTotp_mfaRequiredNoTokens_completeWithACode_tokensWithMfa()
      throws Exception {
    freshMfaBudget(clock());
    WebCalls c = new WebCalls(baseUrl());
    String email = WebCalls.email("totp-signin");
    String secret = enable(c, c.signup(email).path("access_token").asText())[0];

    JsonNode challenged = mfaRequired(c, email);
    assertThat(challenged.path("mfa_required").asBoolean()).isTrue();
    assertThat(challenged.path("challenge").asText()).startsWith("jmc_");
    assertThat(WebCalls.list(challenged.path("methods"))).contains("totp", "recovery_code");
    assertThat(challenged.path("expires_at").asLong()).isPositive();
    assertThat(challenged.has("access_token")).isFalse();
    assertThat(challenged.has("refresh_token")).isFalse();
    String challenge = challenged.path("challenge").asText();

    assertError(complete(c, challenge, "\"code\":\"" + code(secret, 0) + "\""), 401,
        "invalid_mfa_code"); // spent by the confirmation
    assertError(complete(c, challenge, "\"code\":\"1\",\"recovery_code\":\"x\""), 400,
        "validation_error");
    assertError(c.send("POST", "/api/v1/auth/mfa/complete", "{\"code\":\"123456\"}"), 400,
        "validation_error");
    // Another client (address) cannot use the challenge.
    assertError(complete(new WebCalls(baseUrl()), challenge,
        "\"code\":\"" + code(secret, 1) + "\""), 401, "invalid_mfa_challenge");
    Reply done = complete(c, challenge, "\"code\":\"" + code(secret, 1) + "\"");
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    String access = done.json().path("access_token").asText();
    assertThat(done.json().path("refresh_token").asText()).isNotEmpty();
    assertError(complete(c, challenge, "\"code\":\"" + code(secret, 1) + "\""), 401,
        "invalid_mfa_challenge"); // single use
    // Signed in with the second factor just now: TOTP can be turned off (a code of a later step).
    clock().advance(Duration.ofSeconds(30));
    Reply off = c.bearer("DELETE", "/api/v1/auth/mfa/totp", access,
        "{\"code\":\"" + code(secret, 1) + "\"}");
    assertThat(off.status()).as(off.body()).isEqualTo(204);
    JsonNode status = c.bearer("GET", "/api/v1/auth/mfa", access, null).json();
    assertThat(status.path("totp_enabled").asBoolean()).isFalse();
    assertThat(status.path("recovery_codes_remaining").asInt()).isZero();
    // No factor any more: the password alone signs in.
    Reply plain = c.send("POST", "/api/v1/auth/signin",
        "{\"email\":\"" + email + "\",\"password\":\"" + WebCalls.PASSWORD + "\"}");
    assertThat(plain.json().path("access_token").asText()).isNotEmpty();
  }

  @Test
  default void signin_completedWithARecoveryCode_codeSpent_thenStepUpRegeneratesCodes()
      throws Exception {
    freshMfaBudget(clock());
    WebCalls c = new WebCalls(baseUrl());
    String email = WebCalls.email("totp-codes");
    String password = c.signup(email).path("access_token").asText();
    String[] enabled = enable(c, password);
    // A password-only session is not enough to make new codes: step up first.
    assertError(c.bearer("POST", "/api/v1/auth/mfa/recovery-codes", password, null), 401,
        "reauthentication_required");
    Reply stepped = c.bearer("POST", "/api/v1/auth/mfa/step-up", password,
        "{\"code\":\"" + code(enabled[0], 1) + "\"}");
    assertThat(stepped.status()).as(stepped.body()).isEqualTo(200);
    String stepAccess = stepped.json().path("access_token").asText();
    Reply fresh = c.bearer("POST", "/api/v1/auth/mfa/recovery-codes", stepAccess, null);
    assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);
    assertThat(fresh.header("Cache-Control")).isEqualTo("no-store");
    List<String> codes = WebCalls.list(fresh.json().path("recovery_codes"));
    assertThat(codes).hasSize(10).doesNotContain(enabled[1], enabled[2]);

    String challenge = mfaRequired(c, email).path("challenge").asText();
    assertError(complete(c, challenge, "\"recovery_code\":\"" + enabled[1] + "\""), 401,
        "invalid_mfa_code"); // the old set stopped working
    Reply done = complete(c, challenge, "\"recovery_code\":\""
        + codes.get(0).toUpperCase(java.util.Locale.ROOT) + "\"");
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    String access = done.json().path("access_token").asText();
    assertThat(c.bearer("GET", "/api/v1/auth/mfa", access, null).json()
        .path("recovery_codes_remaining").asInt()).isEqualTo(9);
    String again = mfaRequired(c, email).path("challenge").asText();
    assertError(complete(c, again, "\"recovery_code\":\"" + codes.get(0) + "\""), 401,
        "invalid_mfa_code"); // single use
  }

  @Test
  default void totpDisableAndNewCodes_signinOlderThan15Minutes_reauthenticationRequired()
      throws Exception {
    freshMfaBudget(clock());
    WebCalls c = new WebCalls(baseUrl());
    JsonNode signup = c.signup(WebCalls.email("totp-old"));
    String access = signup.path("access_token").asText();
    String secret = enable(c, access)[0];
    clock().advance(Duration.ofMinutes(16));
    // The access token ran out meanwhile; a refreshed one keeps the session's sign-in time.
    Reply refreshed = c.send("POST", "/api/v1/auth/refresh", "{\"refresh_token\":\""
        + signup.path("refresh_token").asText() + "\"}");
    assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
    String later = refreshed.json().path("access_token").asText();
    assertError(c.bearer("POST", "/api/v1/auth/mfa/recovery-codes", later, null), 401,
        "reauthentication_required");
    assertError(c.bearer("DELETE", "/api/v1/auth/mfa/totp", later,
        "{\"code\":\"" + code(secret, 0) + "\"}"), 401, "reauthentication_required");
    assertThat(c.bearer("GET", "/api/v1/auth/mfa", later, null).json().path("totp_enabled")
        .asBoolean()).isTrue();
  }
}
