package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Verifier-only mode against a real issuer over loopback HTTP: a {@link HttpServer} serving the
 * metadata and JWKS of a real engine, counting the requests it answers.
 */
class JanuaVerifierTest extends EngineTestBase {
  private HttpServer server;
  private String issuer;
  private final AtomicInteger metadataRequests = new AtomicInteger();
  private final AtomicInteger jwksRequests = new AtomicInteger();
  private final AtomicReference<String> metadataOverride = new AtomicReference<>();

  @BeforeEach
  void startIssuer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    engine = engine(config().publicBaseUrl(issuer).build());
    server.createContext(AuthorizationServerMetadata.OAUTH_PATH, ex -> {
      metadataRequests.incrementAndGet();
      String override = metadataOverride.get();
      answer(ex, override != null ? override : engine.oauth().metadata().json());
    });
    server.createContext(AuthorizationServerMetadata.JWKS_PATH, ex -> {
      jwksRequests.incrementAndGet();
      ex.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
      answer(ex, engine.jwks());
    });
    server.start();
  }

  @AfterEach
  void stopIssuer() {
    server.stop(0);
  }

  private static void answer(HttpExchange ex, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private JanuaVerifier.Builder verifier() {
    return JanuaVerifier.builder(issuer).clock(clock);
  }

  private static TokenFailureReason reason(JanuaVerifier v, String token) {
    try {
      v.verify(token);
    } catch (InvalidTokenException e) {
      return e.reason();
    }
    throw new AssertionError("the token was accepted");
  }

  @Test
  void verify_validToken_acceptedWithItsClaimsAndKeysCached() {
    AuthResult r = signup();
    JanuaVerifier v = verifier().build();
    VerifiedToken t = v.verify(r.tokens().accessToken());
    assertThat(t.subject()).isEqualTo(r.user().id());
    assertThat(t.sessionId()).isEqualTo(r.session().id());
    assertThat(t.clientId()).isEqualTo("janua");
    assertThat(t.scopes()).isEmpty();
    assertThat(t.organizationId()).isNull();
    assertThat(t.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
    assertThat(t.amr()).containsExactly("pwd");
    assertThat(t.multiFactor()).isFalse();
    assertThat(t.authTime()).isEqualTo(r.session().authTime()
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    v.verify(signup().tokens().accessToken());
    assertThat(metadataRequests.get()).isEqualTo(1);
    assertThat(jwksRequests.get()).isEqualTo(1);
    assertThat(v.keyIds()).containsExactly(KEYS.active().kid());
  }

  @Test
  void verify_tokenLivingLongerThanMaxTokenLifetime_lifetimeExceeded() {
    String token = signup().tokens().accessToken(); // the issuer's 15 minutes
    assertThat(verifier().maxTokenLifetime(Duration.ofMinutes(15)).build().verify(token))
        .isNotNull();
    assertThat(reason(verifier().maxTokenLifetime(Duration.ofMinutes(10)).build(), token))
        .isEqualTo(TokenFailureReason.LIFETIME_EXCEEDED);
    assertThatThrownBy(() -> verifier().maxTokenLifetime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTokenLifetime");
  }

  @Test
  void verify_es256Issuer_acceptedAndItsKeyOnlyForEs256() {
    KeyRing es = KeyRing.generate("ES256");
    engine = AuthEngine.builder().config(config().publicBaseUrl(issuer).build()).store(store)
        .clock(clock).keyRing(es).build();
    String token = signup().tokens().accessToken();
    JanuaVerifier v = verifier().build();
    assertThat(v.verify(token).subject()).isNotBlank();
    // The same kid with another alg in the header: refused before any signature work.
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + es.active().kid() + "\"}";
    String swapped = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(header.getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
    assertThat(reason(v, swapped)).isEqualTo(TokenFailureReason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void verify_organizationToken_carriesOrgRolesAndScope() {
    AuthResult r = signup();
    Organization org = engine.organizations().create(principal(r), "Acme", "acme-" + UUID.randomUUID());
    AccessToken at = engine.organizations().accessToken(principal(r), org.id());
    VerifiedToken t = verifier().build().verify(at.accessToken());
    assertThat(t.organizationId()).isEqualTo(org.id());
    assertThat(t.roles()).containsExactly("owner");
    assertThat(t.scopes()).containsExactly("*");
  }

  @Test
  void verify_tamperedWrongIssuerAudienceClientOrType_refusedWithReasons() {
    String token = signup().tokens().accessToken();
    JanuaVerifier v = verifier().build();
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("\"sub\":\"", "\"sub\":\"x");
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertThat(reason(v, tampered)).isEqualTo(TokenFailureReason.BAD_SIGNATURE);
    assertThat(reason(verifier().audience("orders-api").build(), token))
        .isEqualTo(TokenFailureReason.WRONG_AUDIENCE);
    assertThat(reason(verifier().clientId("web-app").build(), token))
        .isEqualTo(TokenFailureReason.WRONG_CLIENT);
    assertThat(verifier().clientId("janua").build().verify(token).clientId()).isEqualTo("janua");
    assertThat(reason(verifier().accessTokenType(AccessTokenType.AT_JWT).build(), token))
        .isEqualTo(TokenFailureReason.WRONG_TOKEN_TYPE);
    // Same key, another issuer: the signature verifies, the iss does not match.
    AuthEngine other = engine(config().publicBaseUrl("https://other.example.com").build());
    String foreign = other.signup(email(), PASSWORD, CLIENT, "Other").tokens().accessToken();
    assertThat(reason(v, foreign)).isEqualTo(TokenFailureReason.WRONG_ISSUER);
    assertThat(reason(v, "jrt_abc")).isEqualTo(TokenFailureReason.REFRESH_TOKEN_AS_ACCESS_TOKEN);
  }

  @Test
  void verify_metadataOfAnotherIssuer_failsClosedWithATypedError() {
    String token = signup().tokens().accessToken();
    // The same server under another spelling: its metadata names 127.0.0.1, not localhost.
    JanuaVerifier v = JanuaVerifier.builder(issuer.replace("127.0.0.1", "localhost"))
        .clock(clock).build();
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(IssuerUnavailableException.class)
        .hasMessageContaining("no keys").hasRootCauseMessage(
            "the metadata's issuer is not the configured issuer "
                + issuer.replace("127.0.0.1", "localhost"))
        .extracting(e -> ((JanuaException) e).code()).isEqualTo("issuer_unavailable");
    assertThat(jwksRequests.get()).isZero();
  }

  @Test
  void verify_jwksUriOfPlainHttpToAnotherHost_refusedUnlessAllowed() {
    metadataOverride.set("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"http://203.0.113.9/jwks\"}");
    String token = signup().tokens().accessToken();
    assertThatThrownBy(() -> verifier().build().verify(token))
        .isInstanceOf(IssuerUnavailableException.class)
        .hasRootCauseMessage("the issuer's jwks_uri must use https (plain http only to a loopback"
            + " address, unless allowInsecureHttp)");
  }

  @Test
  void builder_badIssuerOrBounds_refusedNamingTheSetting() {
    assertThatThrownBy(() -> JanuaVerifier.builder("http://auth.example.com").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must use https");
    assertThat(JanuaVerifier.builder("http://auth.example.com").allowInsecureHttp(true).build())
        .isNotNull();
    assertThat(JanuaVerifier.builder("https://auth.example.com/tenant").build()).isNotNull();
    assertThatThrownBy(() -> JanuaVerifier.builder("https://auth.example.com/"))
        .hasMessageContaining("slash");
    assertThatThrownBy(() -> JanuaVerifier.builder("ftp://auth.example.com"))
        .hasMessageContaining("https");
    assertThatThrownBy(() -> JanuaVerifier.builder("https://auth.example.com?x=1"))
        .hasMessageContaining("query");
    assertThatThrownBy(() -> verifier().minCacheAge(Duration.ofHours(2))
        .maxCacheAge(Duration.ofHours(1)).build()).hasMessageContaining("minCacheAge");
    assertThatThrownBy(() -> verifier().refreshInterval(Duration.ZERO))
        .hasMessageContaining("refreshInterval");
    assertThatThrownBy(() -> verifier().audience(" ")).hasMessageContaining("audience");
  }

  @Test
  void verify_afterEmergencyKeyRotation_newKeyAcceptedAfterOneUnknownKidRefresh() {
    JanuaVerifier v = verifier().build();
    String before = signup().tokens().accessToken();
    v.verify(before);
    SigningKey next = engine.signingKeys().rotateNow();
    String after = signup().tokens().accessToken();
    // Within the refresh interval of the first fetch the new kid is unknown, and nothing is fetched.
    assertThat(reason(v, after)).isEqualTo(TokenFailureReason.UNKNOWN_KEY);
    assertThat(jwksRequests.get()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(30));
    assertThat(v.verify(after).subject()).isNotBlank();
    assertThat(jwksRequests.get()).isEqualTo(2);
    assertThat(v.keyIds()).contains(next.kid(), KEYS.active().kid());
    // The retired key still verifies what it signed.
    assertThat(v.verify(before).subject()).isNotBlank();
    assertThat(jwksRequests.get()).isEqualTo(2);
  }

  @Test
  void verify_floodOfRandomKids_atMostOneFetchPerInterval() throws Exception {
    String token = signup().tokens().accessToken();
    JanuaVerifier v = verifier().build();
    v.verify(token);
    Supplier<String> forged = () -> {
      String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + UUID.randomUUID() + "\"}";
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString(header.getBytes(StandardCharsets.UTF_8))
          + token.substring(token.indexOf('.'));
    };
    for (int round = 0; round < 3; round++) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<TokenFailureReason>> results = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          results.add(pool.submit(() -> reason(v, forged.get())));
        }
        for (Future<TokenFailureReason> f : results) {
          assertThat(f.get()).isEqualTo(TokenFailureReason.UNKNOWN_KEY);
        }
      } finally {
        pool.shutdown();
      }
      // Round 0 is within the interval of the first fetch: none; each later round one.
      assertThat(jwksRequests.get()).as("round " + round).isEqualTo(1 + round);
      clock.advance(Duration.ofSeconds(30));
    }
    assertThat(v.verify(token).subject()).isNotBlank();
  }

  @Test
  void verify_issuerDown_cachedKeysServeWithinTheStaleBoundThenFailClosed() {
    JanuaVerifier v = verifier().staleFor(Duration.ofHours(1)).build();
    v.verify(signup().tokens().accessToken());
    server.stop(0);
    // max-age=3600: fresh for an hour, then stale for another; fresh tokens keep verifying.
    clock.advance(Duration.ofMinutes(59));
    assertThat(v.verify(signup().tokens().accessToken()).subject()).isNotBlank();
    clock.advance(Duration.ofMinutes(30));
    assertThat(v.verify(signup().tokens().accessToken()).subject()).isNotBlank();
    clock.advance(Duration.ofMinutes(30));
    assertThat(v.verify(signup().tokens().accessToken()).subject()).isNotBlank();
    clock.advance(Duration.ofMinutes(1));
    String token = signup().tokens().accessToken();
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(IssuerUnavailableException.class)
        .hasMessageContaining("past their stale bound");
    assertThat(jwksRequests.get()).isEqualTo(1);
  }

  @Test
  void verify_issuerBackAfterOutage_keysFetchedAgain() throws IOException {
    JanuaVerifier v = verifier().staleFor(Duration.ZERO).build();
    v.refresh();
    int port = server.getAddress().getPort();
    server.stop(0);
    clock.advance(Duration.ofHours(1));
    String token = signup().tokens().accessToken();
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(IssuerUnavailableException.class);
    // Restart on the same port; within the refresh interval the verifier does not try again.
    startOn(port);
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(IssuerUnavailableException.class);
    clock.advance(Duration.ofSeconds(30));
    String later = signup().tokens().accessToken();
    assertThat(v.verify(later).subject()).isNotBlank();
  }

  private void startOn(int port) throws IOException {
    HttpServer old = server;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(AuthorizationServerMetadata.OAUTH_PATH,
        ex -> answer(ex, engine.oauth().metadata().json()));
    server.createContext(AuthorizationServerMetadata.JWKS_PATH, ex -> {
      jwksRequests.incrementAndGet();
      answer(ex, engine.jwks());
    });
    server.start();
    assertThat(old).isNotSameAs(server);
  }
}
