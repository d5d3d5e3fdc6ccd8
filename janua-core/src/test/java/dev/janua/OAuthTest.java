package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code engine.oauth()}: discovery metadata (RFC 8414), introspection (RFC 7662), revocation (RFC 7009). */
class OAuthTest extends EngineTestBase {
  static final String SECRET = "0123456789abcdef0123456789abcdef";
  static final ClientCredentials RS = new ClientCredentials("orders", SECRET);

  @Override
  JanuaConfig.Builder config() {
    return super.config().publicBaseUrl("https://auth.example.com/")
        .clients(OAuthClients.builder().add("orders", SECRET).build());
  }

  private Introspection introspect(String token) {
    return engine.oauth().introspect(RS, token, CLIENT);
  }

  // ---------------------------------------------------------------- discovery

  @Test
  void metadata_issuerIsTheTokensIss_endpointsUnderPublicBaseUrl() throws Exception {
    AuthorizationServerMetadata m = engine.oauth().metadata();
    String iss = StandardTokensTest.part(signup().tokens().accessToken(), 1).path("iss").asText();
    assertThat(m.issuer()).isEqualTo(iss).isEqualTo("https://auth.example.com");
    Map<String, Object> d = m.asMap();
    assertThat(d).containsEntry("issuer", iss)
        .containsEntry("jwks_uri", "https://auth.example.com/.well-known/jwks.json")
        .containsEntry("introspection_endpoint", "https://auth.example.com/oauth2/introspect")
        .containsEntry("revocation_endpoint", "https://auth.example.com/oauth2/revoke")
        .containsEntry("token_endpoint_auth_methods_supported", List.of("client_secret_basic"))
        .containsEntry("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic"))
        .containsEntry("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic"))
        .containsEntry("id_token_signing_alg_values_supported", List.of("RS256"))
        .containsEntry("access_token_signing_alg_values_supported", List.of("RS256"))
        .containsEntry("response_types_supported", List.of())
        .containsEntry("subject_types_supported", List.of("public"));
    assertThat(d.keySet().iterator().next()).isEqualTo("issuer");
    assertThat(new ObjectMapper().readValue(m.json(), Map.class)).isEqualTo(d);
    assertThatThrownBy(() -> d.put("issuer", "x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void metadata_issuerSetApart_andTheRingsAlgorithms() {
    engine = AuthEngine.builder().config(config().issuer("https://id.example.com/tenant/")
        .algorithm("ES256").build()).store(store).clock(clock).build();
    AuthorizationServerMetadata m = engine.oauth().metadata();
    assertThat(m.issuer()).isEqualTo("https://id.example.com/tenant");
    assertThat(m.asMap()).containsEntry("jwks_uri", "https://auth.example.com/.well-known/jwks.json")
        .containsEntry("id_token_signing_alg_values_supported", List.of("ES256"));
    engine.signingKeys().rotate();
    assertThat(engine.oauth().metadata().asMap())
        .containsEntry("id_token_signing_alg_values_supported", List.of("ES256"));
  }

  // ---------------------------------------------------------------- client authentication

  @Test
  void introspectAndRevoke_withoutValidClient_invalidClient_beforeLookingAtTheToken() {
    String token = signup().tokens().accessToken();
    for (ClientCredentials bad : new ClientCredentials[] {null,
        new ClientCredentials("orders", SECRET + "x"), new ClientCredentials("billing", SECRET),
        new ClientCredentials("orders", "")}) {
      assertThatThrownBy(() -> engine.oauth().introspect(bad, token, CLIENT))
          .isInstanceOf(InvalidClientException.class)
          .satisfies(e -> assertThat(((JanuaException) e).code()).isEqualTo("invalid_client"))
          .satisfies(e -> assertThat(((JanuaException) e).httpStatus()).isEqualTo(401))
          .hasMessageNotContaining(SECRET);
      assertThatThrownBy(() -> engine.oauth().revoke(bad, token, CLIENT))
          .isInstanceOf(InvalidClientException.class);
      // Even without a token: the client comes first.
      assertThatThrownBy(() -> engine.oauth().introspect(bad, null, CLIENT))
          .isInstanceOf(InvalidClientException.class);
    }
    assertThat(engine.validate(token)).isNotNull(); // nothing was revoked
    assertThat(metrics.operations).contains("introspect/invalid_client", "revoke/invalid_client");
  }

  @Test
  void noClientsRegistered_everyCallRefused() {
    engine = engine(super.config().build());
    assertThatThrownBy(() -> engine.oauth().introspect(RS, signup().tokens().accessToken(), CLIENT))
        .isInstanceOf(InvalidClientException.class);
  }

  @Test
  void missingToken_validationErrorNamingToken() {
    for (String missing : new String[] {null, "", "  "}) {
      assertThatThrownBy(() -> introspect(missing)).isInstanceOf(ValidationException.class)
          .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("token"));
      assertThatThrownBy(() -> engine.oauth().revoke(RS, missing, CLIENT))
          .isInstanceOf(ValidationException.class);
    }
  }

  // ---------------------------------------------------------------- introspection

  @Test
  void introspect_liveAccessToken_activeWithItsClaims() {
    AuthResult r = signup();
    Introspection i = introspect(r.tokens().accessToken());
    assertThat(i.active()).isTrue();
    Principal p = engine.validate(r.tokens().accessToken());
    assertThat(i.asMap()).containsExactly(
        Map.entry("active", true),
        Map.entry("iss", "https://auth.example.com"),
        Map.entry("sub", r.user().id()),
        Map.entry("aud", "janua"),
        Map.entry("client_id", "janua"),
        Map.entry("token_type", "Bearer"),
        Map.entry("exp", p.expiresAt().getEpochSecond()),
        Map.entry("iat", p.issuedAt().getEpochSecond()),
        Map.entry("jti", p.tokenId()),
        Map.entry("sid", r.session().id()),
        Map.entry("amr", java.util.List.of("pwd")),
        Map.entry("auth_time", p.issuedAt().getEpochSecond()));
    assertThat(i.json()).startsWith("{\"active\":true,\"iss\":\"https://auth.example.com\"");
    assertThat(metrics.operations).contains("introspect/success");
  }

  @Test
  void introspect_organizationToken_scopeOrgAndRoles() {
    Principal owner = principal(signup());
    Organization org = engine.organizations().create(owner, "Acme", "acme-oauth");
    Introspection i = introspect(engine.organizations().accessToken(owner, org.id()).accessToken());
    assertThat(i.asMap()).containsEntry("scope", "*").containsEntry("org", org.id())
        .containsEntry("roles", List.of("owner"));
  }

  @Test
  void introspect_costsOneCachedValidation() {
    String token = signup().tokens().accessToken();
    engine.validate(token);
    int before = metrics.validations.size();
    assertThat(introspect(token).active()).isTrue();
    assertThat(metrics.validations.subList(before, metrics.validations.size()))
        .containsExactly("valid/none/true");
  }

  @Test
  void introspect_signedOut_inactiveAtOnce_evenWhileCached() {
    AuthResult r = signup();
    String token = r.tokens().accessToken();
    assertThat(introspect(token).active()).isTrue();
    engine.signout(engine.validate(token));
    Introspection after = introspect(token);
    assertThat(after.active()).isFalse();
    assertThat(after.asMap()).containsExactly(Map.entry("active", false));
    assertThat(after.json()).isEqualTo("{\"active\":false}");
  }

  @Test
  void introspect_revokedExpiredMalformedUnknownOrRefresh_inactive() {
    AuthResult revoked = signup();
    engine.sessions().revokeAll(revoked.user().id());
    assertThat(introspect(revoked.tokens().accessToken()).active()).isFalse();

    AuthResult live = signup();
    assertThat(introspect(live.tokens().refreshToken()).active()).isFalse();
    assertThat(introspect("not-a-token").active()).isFalse();
    assertThat(introspect("a".repeat(10_000)).active()).isFalse();
    String[] parts = live.tokens().accessToken().split("\\.");
    assertThat(introspect(parts[0] + "." + parts[1] + ".AAAA").active()).isFalse();
    AuthEngine otherIssuer = engine(config().publicBaseUrl("https://other.example.com").build());
    assertThat(introspect(otherIssuer.signup(email(), PASSWORD, CLIENT).tokens().accessToken())
        .active()).isFalse();

    clock.advance(Duration.ofMinutes(16));
    assertThat(introspect(live.tokens().accessToken()).active()).isFalse();
  }

  @Test
  void introspect_overItsRateLimit_rateLimited() {
    engine = engine(config().rateLimitEnabled(true)
        .rateLimit(RateLimitCategory.TOKEN_INTROSPECTION, new RateLimitRule(2, 100)).build());
    String token = signup().tokens().accessToken();
    introspect(token);
    engine.oauth().revoke(RS, "unknown", CLIENT);
    assertThatThrownBy(() -> introspect(token)).isInstanceOf(RateLimitedException.class)
        .satisfies(e -> assertThat(((RateLimitedException) e).decision().category())
            .isEqualTo(RateLimitCategory.TOKEN_INTROSPECTION));
    // Another caller address has its own window.
    assertThat(engine.oauth().introspect(RS, token, new ClientInfo("198.51.100.9", "rs"))
        .active()).isTrue();
  }

  // ---------------------------------------------------------------- revocation

  @Test
  void revoke_accessToken_endsItsSession_everywhere() {
    AuthResult r = signup();
    String token = r.tokens().accessToken();
    engine.validate(token); // cached: revocation must still apply at once
    engine.oauth().revoke(RS, token, CLIENT);
    assertThatThrownBy(() -> engine.validate(token)).isInstanceOf(InvalidTokenException.class)
        .satisfies(e -> assertThat(((InvalidTokenException) e).reason())
            .isEqualTo(TokenFailureReason.SESSION_REVOKED));
    assertThat(introspect(token).active()).isFalse();
    assertThatThrownBy(() -> engine.refresh(r.tokens().refreshToken(), CLIENT))
        .isInstanceOf(InvalidTokenException.class);
    AuditEvent event = store.audit().query(AuditQuery.forUser(r.user().id(), 1)).get(0);
    assertThat(event.type()).isEqualTo(AuditEventType.SESSION_REVOKED);
    assertThat(event.sessionId()).isEqualTo(r.session().id());
    assertThat(event.details()).containsEntry("by", "oauth_revocation").containsEntry("client_id", "orders");
    assertThat(metrics.operations).contains("revoke/success");
    // Again: already ended, still fine.
    engine.oauth().revoke(RS, token, CLIENT);
  }

  @Test
  void revoke_refreshToken_liveOrSpent_endsItsSession() {
    AuthResult r = signup();
    engine.oauth().revoke(RS, r.tokens().refreshToken(), CLIENT);
    assertThat(introspect(r.tokens().accessToken()).active()).isFalse();
    assertThatThrownBy(() -> engine.refresh(r.tokens().refreshToken(), CLIENT))
        .isInstanceOf(InvalidTokenException.class);

    AuthResult s = signup();
    AuthResult rotated = engine.refresh(s.tokens().refreshToken(), CLIENT);
    engine.oauth().revoke(RS, s.tokens().refreshToken(), CLIENT); // the spent one
    assertThat(introspect(rotated.tokens().accessToken()).active()).isFalse();
  }

  @Test
  void revoke_unknownMalformedOrExpired_ignoredWithoutError() {
    AuthResult r = signup();
    engine.oauth().revoke(RS, "jrt_" + "A".repeat(43), CLIENT);
    engine.oauth().revoke(RS, "garbage", CLIENT);
    String[] parts = r.tokens().accessToken().split("\\.");
    engine.oauth().revoke(RS, parts[0] + "." + parts[1] + ".AAAA", CLIENT);
    assertThat(engine.validate(r.tokens().accessToken())).isNotNull();
    clock.advance(Duration.ofMinutes(16));
    engine.oauth().revoke(RS, r.tokens().accessToken(), CLIENT);
    // An expired access token proves nothing any more: its session lives on.
    assertThat(engine.refresh(r.tokens().refreshToken(), CLIENT)).isNotNull();
  }

  // ---------------------------------------------------------------- credentials

  static String basic(String idAndSecret) {
    return "Basic " + Base64.getEncoder().encodeToString(idAndSecret.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void clientCredentials_fromBasicHeader() {
    assertThat(ClientCredentials.fromAuthorizationHeader(basic("orders:" + SECRET))).contains(RS);
    assertThat(ClientCredentials.fromAuthorizationHeader(basic("orders:" + SECRET).replace("Basic", "bAsIc")))
        .contains(RS);
    // RFC 6749 2.3.1: form-encoded before Basic encoding; a secret may hold a colon.
    assertThat(ClientCredentials.fromAuthorizationHeader(basic("a%2Eb:c%3Ad+e")))
        .contains(new ClientCredentials("a.b", "c:d e"));
    for (String bad : new String[] {null, "", "Basic", "Basic ", "Bearer " + SECRET,
        basic(SECRET), basic(":" + SECRET), "Basic !!!", basic("orders:%zz"),
        "Basic " + Base64.getEncoder().encodeToString(new byte[] {'a', ':', (byte) 0xff})}) {
      assertThat(ClientCredentials.fromAuthorizationHeader(bad)).as(String.valueOf(bad)).isEmpty();
    }
    assertThat(RS.toString()).contains("orders").doesNotContain(SECRET);
  }

  @Test
  void oauthClients_parseAndAuthenticate_secretsNeverKept() {
    OAuthClients c = OAuthClients.parse(" orders:" + SECRET + " , billing:fedcba9876543210fedcba");
    assertThat(c.ids()).containsExactly("orders", "billing");
    assertThat(c.authenticate(RS)).isTrue();
    assertThat(c.authenticate(new ClientCredentials("billing", "fedcba9876543210fedcba"))).isTrue();
    assertThat(c.authenticate(new ClientCredentials("billing", SECRET))).isFalse();
    assertThat(c.authenticate(new ClientCredentials("nobody", SECRET))).isFalse();
    assertThat(c.authenticate(null)).isFalse();
    assertThat(c.toString()).isEqualTo("OAuthClients[orders, billing]");
    assertThat(OAuthClients.parse(" ").isEmpty()).isTrue();
    assertThatThrownBy(() -> OAuthClients.builder().add("orders", "short"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("clients (JANUA_CLIENTS)")
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> OAuthClients.builder().add("a:b", SECRET))
        .hasMessageContaining("client id");
    assertThatThrownBy(() -> OAuthClients.builder().add("ok", SECRET + "+/="))
        .hasMessageNotContaining(SECRET);
  }
}
