package dev.janua.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.ConflictException;
import dev.janua.InvalidCredentialsException;
import dev.janua.InvalidTokenException;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitedException;
import dev.janua.TokenFailureReason;
import dev.janua.ValidationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

  @Test
  void map_validation_400WithField() {
    ApiError e = ErrorMapper.map(new ValidationException("email", "email is malformed"), "r1");
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("validation_error");
    assertThat(e.details()).containsEntry("field", "email");
    @SuppressWarnings("unchecked")
    Map<String, Object> error = (Map<String, Object>) e.body("r1").get("error");
    assertThat(error).containsEntry("code", "validation_error")
        .containsEntry("message", "email is malformed").containsEntry("request_id", "r1")
        .containsKey("details");
  }

  @Test
  void map_conflictAndTokenAndCredentials_keepCodesAndDetails() {
    assertThat(ErrorMapper.map(new ConflictException("slug", "taken"), "r").details())
        .containsEntry("field", "slug");
    ApiError token = ErrorMapper.map(new InvalidTokenException(TokenFailureReason.EXPIRED), "r");
    assertThat(token.status()).isEqualTo(401);
    assertThat(token.code()).isEqualTo("token_expired");
    assertThat(token.details()).containsEntry("reason", "expired");
    // RFC 6750 3.1: the error and a description made of the reason code alone.
    assertThat(token.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"janua\", "
        + "error=\"invalid_token\", error_description=\"The token was refused: expired\"");
    ApiError credentials = ErrorMapper.map(new InvalidCredentialsException(), "r");
    assertThat(credentials.code()).isEqualTo("invalid_credentials");
    assertThat(credentials.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"janua\"");
  }

  @Test
  void map_methodNotAllowed_405WithAllow() {
    ApiError e = ErrorMapper.map(new MethodNotAllowedException("GET", java.util.Set.of("POST",
        "DELETE")), "r");
    assertThat(e.status()).isEqualTo(405);
    assertThat(e.code()).isEqualTo("method_not_allowed");
    assertThat(e.headers()).containsEntry("Allow", "DELETE, POST");
  }

  @Test
  void map_rateLimited_429WithHeadersAndRetryAfter() {
    RateLimitDecision d = new RateLimitDecision(RateLimitCategory.TOKEN_REFRESH, false, 30, 0,
        1_800_000_060L, 17);
    ApiError e = ErrorMapper.map(new RateLimitedException(d), "r");
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.headers()).containsEntry("Retry-After", "17")
        .containsEntry("X-RateLimit-Limit", "30").containsEntry("X-RateLimit-Remaining", "0");
    assertThat(e.details()).containsEntry("retry_after", 17L).containsEntry("category", "token_refresh");
  }

  @Test
  void map_malformedJsonWithWrongType_400NamingTheField() {
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> new JsonCodec().read(
        "application/json", -1,
        new java.io.ByteArrayInputStream("{\"refresh_token\":[1]}".getBytes(
            java.nio.charset.StandardCharsets.UTF_8)), Requests.Refresh.class));
    ApiError e = ErrorMapper.map(failure, "r");
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("malformed_json");
    assertThat(e.details()).containsEntry("field", "refresh_token");
  }

  @Test
  void body_withoutRequestId_writesNull() {
    ApiError e = ErrorMapper.map(new InvalidCredentialsException(), null);
    @SuppressWarnings("unchecked")
    Map<String, Object> error = (Map<String, Object>) e.body(null).get("error");
    assertThat(error).containsEntry("request_id", null).containsEntry("code", "invalid_credentials");
  }

  @Test
  void map_unexpected_generic500WithoutTheCause() {
    ApiError e = ErrorMapper.map(new IllegalStateException("db password is hunter2"), "req-9");
    assertThat(e.status()).isEqualTo(500);
    assertThat(e.code()).isEqualTo("internal_error");
    assertThat(e.message()).contains("req-9").doesNotContain("hunter2");
  }
}
