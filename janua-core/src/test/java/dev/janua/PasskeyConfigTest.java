package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The WEBAUTHN_* settings: defaults from the issuer, and refusals that name the variable. */
class PasskeyConfigTest {

  private static JanuaConfigException refused(Map<String, String> env) {
    try {
      JanuaConfig.fromMap(env);
    } catch (JanuaConfigException e) {
      return e;
    }
    throw new AssertionError("accepted: " + env);
  }

  @Test
  void defaults_comeFromTheIssuerUrl() {
    JanuaConfig c = JanuaConfig.fromMap(Map.of("PUBLIC_BASE_URL", "https://auth.example.com:8443/",
        "MFA_ISSUER", "Acme"));
    assertThat(c.webAuthnRpId()).isEqualTo("auth.example.com");
    assertThat(c.webAuthnRpName()).isEqualTo("Acme");
    assertThat(c.webAuthnOrigins()).containsExactly("https://auth.example.com:8443");
    assertThat(c.webAuthnChallengeTtl()).isEqualTo(Duration.ofSeconds(300));
    assertThat(JanuaConfig.defaults().webAuthnOrigins()).containsExactly("http://localhost:4100");
    assertThat(JanuaConfig.defaults().webAuthnRpId()).isEqualTo("localhost");
  }

  @Test
  void explicitValues_areRead_andOriginsNormalized() {
    JanuaConfig c = JanuaConfig.fromMap(Map.of("WEBAUTHN_RP_ID", "example.com",
        "WEBAUTHN_RP_NAME", " Example ", "WEBAUTHN_ORIGINS",
        "https://App.Example.com:443, https://login.example.com:8443,,https://example.com",
        "WEBAUTHN_CHALLENGE_SECONDS", "120"));
    assertThat(c.webAuthnRpId()).isEqualTo("example.com");
    assertThat(c.webAuthnRpName()).isEqualTo("Example");
    assertThat(c.webAuthnOrigins()).containsExactly("https://app.example.com",
        "https://login.example.com:8443", "https://example.com");
    assertThat(c.webAuthnChallengeTtl()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.toString()).contains("webAuthnRpId=example.com");
  }

  @Test
  void badValues_refused_namingTheVariable() {
    assertThat(refused(Map.of("WEBAUTHN_ORIGINS", "https://a.example.com/path")).variable())
        .isEqualTo("WEBAUTHN_ORIGINS");
    assertThat(refused(Map.of("WEBAUTHN_ORIGINS", "http://app.example.com")).variable())
        .isEqualTo("WEBAUTHN_ORIGINS");
    assertThat(refused(Map.of("WEBAUTHN_ORIGINS", "not an origin")).variable())
        .isEqualTo("WEBAUTHN_ORIGINS");
    // An origin outside the relying-party id.
    assertThat(refused(Map.of("WEBAUTHN_RP_ID", "example.com", "WEBAUTHN_ORIGINS",
        "https://example.org")).variable()).isEqualTo("WEBAUTHN_ORIGINS");
    assertThat(refused(Map.of("WEBAUTHN_RP_ID", "example.com", "WEBAUTHN_ORIGINS",
        "https://notexample.com")).variable()).isEqualTo("WEBAUTHN_ORIGINS");
    assertThat(refused(Map.of("WEBAUTHN_RP_ID", "https://example.com")).variable())
        .isEqualTo("WEBAUTHN_RP_ID");
    assertThat(refused(Map.of("WEBAUTHN_RP_ID", "Example.COM")).variable())
        .isEqualTo("WEBAUTHN_RP_ID");
    assertThat(refused(Map.of("WEBAUTHN_CHALLENGE_SECONDS", "5")).variable())
        .isEqualTo("WEBAUTHN_CHALLENGE_SECONDS");
    assertThat(refused(Map.of("WEBAUTHN_RP_NAME", "x".repeat(101))).variable())
        .isEqualTo("WEBAUTHN_RP_NAME");
    // http is fine for local development.
    assertThat(JanuaConfig.fromMap(Map.of("WEBAUTHN_ORIGINS", "http://localhost:5173"))
        .webAuthnOrigins()).isEqualTo(List.of("http://localhost:5173"));
  }

  @Test
  void withoutAWebAuthnModule_passkeysFail_namingWebauthnRpId() {
    try (AuthEngine engine = AuthEngine.builder().config(JanuaConfig.builder().bcryptRounds(4)
        .emailVerification(false).build()).build()) {
      assertThat(engine.passkeys().available()).isFalse();
      assertThatThrownBy(() -> engine.passkeys().signinOptions(null, null))
          .isInstanceOf(JanuaConfigException.class)
          .satisfies(e -> assertThat(((JanuaConfigException) e).variable())
              .isEqualTo("WEBAUTHN_RP_ID"));
      assertThatThrownBy(() -> engine.passkeys().signin("{}", null))
          .isInstanceOf(JanuaConfigException.class);
    }
  }
}
