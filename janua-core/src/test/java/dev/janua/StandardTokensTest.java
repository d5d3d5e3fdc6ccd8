package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Access tokens as RFC 9068 resource servers expect them: a URL issuer, {@code client_id}, the
 * configured {@code typ}, and for an organization's token its {@code org}, {@code roles} and
 * {@code scope}; refresh tokens stay opaque.
 */
class StandardTokensTest extends EngineTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode part(String token, int index) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
  }

  @Test
  void sessionToken_defaults_jwtTypUrlIssuerClientIdNoScope() throws Exception {
    AuthResult r = signup();
    String token = r.tokens().accessToken();
    JsonNode header = part(token, 0);
    JsonNode claims = part(token, 1);
    assertThat(header.path("typ").asText()).isEqualTo("JWT");
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(header.path("kid").asText()).isEqualTo(KEYS.active().kid());
    assertThat(claims.path("iss").asText()).isEqualTo("http://localhost:4100");
    assertThat(claims.path("aud").get(0).asText()).isEqualTo("janua");
    assertThat(claims.path("client_id").asText()).isEqualTo("janua");
    assertThat(claims.path("sub").asText()).isEqualTo(r.user().id());
    assertThat(claims.path("sid").asText()).isEqualTo(r.session().id());
    assertThat(claims.has("jti")).isTrue();
    assertThat(claims.path("iat").isIntegralNumber()).isTrue();
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(900);
    assertThat(claims.has("scope")).isFalse();
    assertThat(claims.has("roles")).isFalse();
    assertThat(claims.has("org")).isFalse();
    Principal p = engine.validate(token);
    assertThat(p.clientId()).isEqualTo("janua");
    assertThat(p.scopes()).isEmpty();
    assertThat(p.roles()).isEmpty();
    assertThat(p.organizationId()).isNull();
  }

  @Test
  void configuredTypeIssuerAudienceAndClientId_writtenAndRequired() throws Exception {
    engine = engine(config().accessTokenType(AccessTokenType.AT_JWT)
        .publicBaseUrl("https://auth.example.com/").audience("orders-api").clientId("web-app")
        .build());
    String token = signup().tokens().accessToken();
    assertThat(part(token, 0).path("typ").asText()).isEqualTo("at+jwt");
    JsonNode claims = part(token, 1);
    // Normalised once: the trailing slash never reaches a token.
    assertThat(claims.path("iss").asText()).isEqualTo("https://auth.example.com")
        .isEqualTo(engine.oauth().metadata().issuer());
    assertThat(claims.path("aud").get(0).asText()).isEqualTo("orders-api");
    assertThat(claims.path("client_id").asText()).isEqualTo("web-app");
    assertThat(engine.validate(token).clientId()).isEqualTo("web-app");
    // Without JWT_CLIENT_ID the client id is the audience.
    engine = engine(config().audience("orders-api").build());
    assertThat(part(signup().tokens().accessToken(), 1).path("client_id").asText()).isEqualTo("orders-api");
  }

  @Test
  void refreshToken_staysOpaque() {
    String refresh = signup().tokens().refreshToken();
    assertThat(refresh).startsWith("jrt_").doesNotContain(".");
  }

  @Test
  void organizationToken_carriesOrgRoleAndTheRolesPermissionsAsScope() throws Exception {
    AuthResult owner = signup();
    Principal p = principal(owner);
    Organization org = engine.organizations().create(p, "Acme", "acme-" + owner.user().id().substring(0, 8));
    AuthResult member = signup();
    engine.organizations().addMember(p, org.id(), member.user().id(), RoleName.MEMBER);

    AccessToken ownerToken = engine.organizations().accessToken(p, org.id());
    assertThat(ownerToken.tokenType()).isEqualTo("Bearer");
    assertThat(ownerToken.expiresIn()).isEqualTo(900);
    assertThat(ownerToken.scopes()).containsExactly("*");
    assertThat(ownerToken.toString()).doesNotContain(ownerToken.accessToken());
    JsonNode claims = part(ownerToken.accessToken(), 1);
    assertThat(claims.path("org").asText()).isEqualTo(org.id());
    assertThat(claims.path("roles").isArray()).isTrue();
    assertThat(claims.path("roles").get(0).asText()).isEqualTo("owner");
    assertThat(claims.path("scope").asText()).isEqualTo("*");
    assertThat(claims.path("sid").asText()).isEqualTo(owner.session().id());

    AccessToken memberToken = engine.organizations().accessToken(principal(member), org.id());
    assertThat(part(memberToken.accessToken(), 1).path("scope").asText())
        .isEqualTo("members:read org:read roles:read");
    Principal m = engine.validate(memberToken.accessToken());
    assertThat(m.organizationId()).isEqualTo(org.id());
    assertThat(m.roles()).containsExactly("member");
    assertThat(m.scopes()).containsExactly("members:read", "org:read", "roles:read");
    assertThat(m.sessionId()).isEqualTo(member.session().id());

    // A custom role's permissions, sorted.
    engine.organizations().createRole(p, org.id(), "billing", Set.of("invoices:read", "invoices:create"));
    AuthResult billing = signup();
    engine.organizations().addMember(p, org.id(), billing.user().id(), new RoleName("billing"));
    assertThat(engine.validate(engine.organizations().accessToken(principal(billing), org.id())
        .accessToken()).scopes()).containsExactly("invoices:create", "invoices:read");

    // The token belongs to the session: signing out ends it too.
    engine.signout(principal(member));
    assertThatThrownBy(() -> engine.validate(memberToken.accessToken()))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void organizationToken_roleTooLargeForAScope_refusedRatherThanIssuingAnUnverifiableToken() {
    Principal owner = principal(signup());
    Organization org = engine.organizations().create(owner, "Acme", "acme-big");
    Set<String> many = new java.util.HashSet<>();
    for (int i = 0; many.size() < 200; i++) {
      many.add("resource-with-a-long-name-" + i + ":read");
    }
    engine.organizations().createRole(owner, org.id(), "big", many);
    AuthResult member = signup();
    engine.organizations().addMember(owner, org.id(), member.user().id(), new RoleName("big"));
    assertThatThrownBy(() -> engine.organizations().accessToken(principal(member), org.id()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("wildcards");
    // Just under the limit, the token is issued and verifies.
    Set<String> fits = new java.util.HashSet<>();
    for (int i = 0; String.join(" ", fits).length() < Organizations.MAX_SCOPE_LENGTH - 40; i++) {
      fits.add("resource-with-a-long-name-" + i + ":read");
    }
    engine.organizations().createRole(owner, org.id(), "fits", fits);
    AuthResult other = signup();
    engine.organizations().addMember(owner, org.id(), other.user().id(), new RoleName("fits"));
    AccessToken t = engine.organizations().accessToken(principal(other), org.id());
    assertThat(engine.validate(t.accessToken()).scopes()).hasSize(fits.size());
  }

  @Test
  void organizationToken_nonMember_refusedLikeAnUnknownOrganization() {
    Principal owner = principal(signup());
    Organization org = engine.organizations().create(owner, "Acme", "acme-x1");
    Principal outsider = principal(signup());
    assertThatThrownBy(() -> engine.organizations().accessToken(outsider, org.id()))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.organizations().accessToken(outsider, "no-such-org"))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.organizations().accessToken(outsider, " "))
        .isInstanceOf(ValidationException.class);
    assertThat(List.of(engine.organizations().accessToken(owner, org.id()).scopes())).isNotEmpty();
  }
}
