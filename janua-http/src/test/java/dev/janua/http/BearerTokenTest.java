package dev.janua.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.JanuaException;
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
    assertThat(ErrorMapper.map(e, "r").headers()).containsEntry("WWW-Authenticate", "Bearer");
  }
}
