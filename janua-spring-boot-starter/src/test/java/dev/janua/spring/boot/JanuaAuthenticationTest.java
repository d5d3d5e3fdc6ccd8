package dev.janua.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.ClientInfo;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.Organization;
import dev.janua.Principal;
import dev.janua.RoleName;
import dev.janua.spi.HealthCheck;
import dev.janua.spi.HealthStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.GrantedAuthority;

/** The authority mapping of Janua's tokens, and the health indicator's DOWN. */
class JanuaAuthenticationTest {
  private final AuthEngine engine = AuthEngine.builder()
      .config(JanuaConfig.builder().bcryptRounds(4).build())
      .healthCheck(new HealthCheck() {
        @Override
        public String name() {
          return "flaky";
        }

        @Override
        public HealthStatus check() {
          return HealthStatus.down("unreachable");
        }
      })
      .build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void sessionToken_hasNoAuthorities_organizationTokens_haveRoleAndScopes() {
    ClientInfo client = new ClientInfo("192.0.2.1", "test");
    Principal owner = engine.validate(engine.signup("o@example.com", "correct horse battery",
        client).tokens().accessToken());
    Principal member = engine.validate(engine.signup("m@example.com", "correct horse battery",
        client).tokens().accessToken());
    assertThat(JanuaAuthentication.of(owner).getAuthorities()).isEmpty();
    assertThat(JanuaAuthentication.of(owner).getName()).isEqualTo(owner.userId());
    assertThat(JanuaAuthentication.of(owner).getCredentials()).isNull();

    Organization org = engine.organizations().create(owner, "Acme", "acme-auth");
    Principal ownerOrg = engine.validate(
        engine.organizations().accessToken(owner, org.id()).accessToken());
    assertThat(names(JanuaAuthentication.of(ownerOrg))).containsExactly("ROLE_owner", "SCOPE_*");

    engine.organizations().addMember(owner, org.id(), member.userId(), RoleName.MEMBER);
    Principal memberOrg = engine.validate(
        engine.organizations().accessToken(member, org.id()).accessToken());
    assertThat(names(JanuaAuthentication.of(memberOrg))).startsWith("ROLE_member")
        .contains("SCOPE_members:read").doesNotContain("SCOPE_*");
  }

  @Test
  void healthIndicator_isDown_whenACheckIsDown_withEachCheckAsDetail() {
    Health h = new JanuaHealthIndicator(engine).health();
    assertThat(h.getStatus()).isEqualTo(Status.DOWN);
    assertThat(h.getDetails()).containsKey("flaky");
    assertThat(h.getDetails().get("flaky").toString()).contains("unreachable");
  }

  @Test
  void provider_authenticatesBearerRequests_andRefusesWithJanuasReason() {
    JanuaAuthenticationProvider provider = new JanuaAuthenticationProvider(engine);
    String token = engine.signup("p@example.com", "correct horse battery", null).tokens()
        .accessToken();
    JanuaAuthenticationProvider.BearerTokenRequest request =
        new JanuaAuthenticationProvider.BearerTokenRequest(token);
    assertThat(request.toString()).doesNotContain(token);
    assertThat(provider.supports(request.getClass())).isTrue();
    assertThat(provider.authenticate(request)).isInstanceOf(JanuaAuthentication.class)
        .extracting(a -> a.isAuthenticated()).isEqualTo(true);
    assertThatThrownBy(() -> provider.authenticate(
            new JanuaAuthenticationProvider.BearerTokenRequest(token + "x")))
        .isInstanceOf(BadCredentialsException.class)
        .hasCauseInstanceOf(InvalidTokenException.class);
  }

  private static java.util.List<String> names(JanuaAuthentication a) {
    return a.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
  }
}
