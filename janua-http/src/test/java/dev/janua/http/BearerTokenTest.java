package dev.janua.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.JanuaException;
import dev.janua.Organization;
import dev.janua.Principal;
import dev.janua.PrincipalKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

  @Test
  void parse_bearerHeader_returnsToken() {
    assertThat(BearerToken.parse("Bearer abc.def-ghi_jkl")).contains("abc.def-ghi_jkl");
    assertThat(BearerToken.parse("bearer   tok=")).contains("tok=");
    assertThat(BearerToken.parse("BEARER x")).contains("x");
  }

  @Test
  void parse_otherSchemesOrJunk_empty() {
    assertThat(BearerToken.parse(null)).isEmpty();
    assertThat(BearerToken.parse("")).isEmpty();
    assertThat(BearerToken.parse("Bearer")).isEmpty();
    assertThat(BearerToken.parse("Bearer   ")).isEmpty();
    assertThat(BearerToken.parse("Basic dXNlcjpwYXNz")).isEmpty();
    assertThat(BearerToken.parse("Bearer two tokens")).isEmpty();
    assertThat(BearerToken.parse("Bearer a,b")).isEmpty();
    assertThat(BearerToken.parse("Bearer " + "a".repeat(9000))).isEmpty();
  }

  @Test
  void require_missingOrMalformed_throws401WithoutEchoingTheHeader() {
    assertThatThrownBy(() -> BearerToken.require(null))
        .isInstanceOf(JanuaException.class)
        .satisfies(e -> {
          assertThat(((JanuaException) e).code()).isEqualTo("unauthorized");
          assertThat(((JanuaException) e).httpStatus()).isEqualTo(401);
        });
    assertThatThrownBy(() -> BearerToken.require("Basic s3cr3t-value"))
        .isInstanceOf(JanuaException.class)
        .hasMessageNotContaining("s3cr3t-value");
  }

  @Test
  void missing_is401UnauthorizedLikeRequireOfNoHeader() {
    JanuaException e = BearerToken.missing();
    assertThat(e.code()).isEqualTo("unauthorized");
    assertThat(e.httpStatus()).isEqualTo(401);
    // RFC 6750 3.1: no credentials, so the realm alone and no error code.
    assertThat(ErrorMapper.map(e, "r").headers())
        .containsEntry("WWW-Authenticate", "Bearer realm=\"janua\"");
  }

  @Test
  void require_malformedHeader_challengeSaysInvalidTokenWithoutTheHeader() {
    assertThatThrownBy(() -> BearerToken.require("Bearer s3cr3t value"))
        .isInstanceOf(JanuaException.class)
        .satisfies(e -> {
          JanuaException j = (JanuaException) e;
          assertThat(j.code()).isEqualTo("unauthorized");
          String challenge = ErrorMapper.map(j, "r").headers().get("WWW-Authenticate");
          assertThat(challenge).startsWith("Bearer realm=\"janua\", error=\"invalid_token\", "
              + "error_description=\"").doesNotContain("s3cr3t");
        });
  }

  @Test
  void authenticate_accessTokenOrApiToken_sameEntryPoint() {
    try (AuthEngine engine = AuthEngine.builder()
        .config(JanuaConfig.builder().bcryptRounds(4).build()).build()) {
      AuthResult r = engine.signup("bearer-" + System.nanoTime() + "@example.com",
          "correct horse battery", null);
      Principal viaJwt = BearerToken.authenticate(engine, "Bearer " + r.tokens().accessToken());
      assertThat(viaJwt.kind()).isEqualTo(PrincipalKind.ACCESS_TOKEN);
      Organization org = engine.organizations().create(viaJwt, "Acme", "acme-" + System.nanoTime());
      String secret = engine.apiTokens().create(viaJwt, org.id(), "ci", Set.of("org:read"),
          Instant.now().plus(Duration.ofDays(1))).token();
      Principal viaApiToken = BearerToken.authenticate(engine, "Bearer " + secret);
      assertThat(viaApiToken.kind()).isEqualTo(PrincipalKind.API_TOKEN);
      assertThat(viaApiToken.userId()).isEqualTo(viaJwt.userId());
      assertThatThrownBy(() -> BearerToken.authenticate(engine, null))
          .isInstanceOf(JanuaException.class).hasMessageContaining("Missing");
      assertThatThrownBy(() -> BearerToken.authenticate(engine, "Bearer jnu_" + "0".repeat(49)))
          .isInstanceOf(InvalidTokenException.class);
    }
  }
}
