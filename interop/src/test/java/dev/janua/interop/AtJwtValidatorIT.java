package dev.janua.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Which {@code typ} each Spring Security validator needs: the RFC 9068 validator
 * ({@code JwtValidators.createAtJwtValidator()}) accepts Janua's tokens under
 * {@code JWT_ACCESS_TOKEN_TYPE=at+jwt} and refuses them under the default {@code JWT}; Spring's
 * default decoder does the opposite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AtJwtValidatorIT {
  private JanuaService atJwt;
  private JanuaService plain;

  @BeforeAll
  void start() throws Exception {
    atJwt = JanuaService.start(Map.of("JWT_ACCESS_TOKEN_TYPE", "at+jwt"));
    plain = JanuaService.start(Map.of());
  }

  @AfterAll
  void stop() {
    if (atJwt != null) {
      atJwt.close();
    }
    if (plain != null) {
      plain.close();
    }
  }

  private static JwtDecoder rfc9068Decoder(JanuaService janua) {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(janua.baseUrl()).build();
    decoder.setJwtValidator(JwtValidators.createAtJwtValidator()
        .issuer(janua.baseUrl())
        .audience(JanuaService.AUDIENCE)
        .clientId(JanuaService.AUDIENCE) // JWT_CLIENT_ID defaults to the audience
        .build());
    return decoder;
  }

  @Test
  void atJwtSetting_rfc9068ValidatorAccepts() throws Exception {
    JanuaService.User user = atJwt.signup();

    Jwt jwt = rfc9068Decoder(atJwt).decode(user.accessToken);
    assertThat(jwt.getHeaders()).containsEntry("typ", "at+jwt");
    assertThat(jwt.getIssuer()).hasToString(atJwt.baseUrl());
    assertThat(jwt.getClaimAsString("client_id")).isEqualTo("janua");

    Jwt org = rfc9068Decoder(atJwt).decode(user.ownOrganizationToken());
    assertThat(org.getClaimAsStringList("roles")).containsExactly("owner");
  }

  @Test
  void atJwtSetting_springDefaultDecoderRefuses() throws Exception {
    String token = atJwt.signup().accessToken;

    JwtDecoder defaults = JwtDecoders.fromIssuerLocation(atJwt.baseUrl());
    assertThatThrownBy(() -> defaults.decode(token)).isInstanceOf(JwtValidationException.class);
  }

  @Test
  void defaultSetting_springDefaultDecoderAccepts_rfc9068ValidatorRefuses() throws Exception {
    String token = plain.signup().accessToken;

    assertThat(JwtDecoders.fromIssuerLocation(plain.baseUrl()).decode(token).getSubject()).isNotBlank();
    assertThatThrownBy(() -> rfc9068Decoder(plain).decode(token))
        .isInstanceOf(JwtValidationException.class);
  }
}
