package dev.janua.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpServer;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.SigningKey;
import dev.janua.TokenFailureReason;
import dev.janua.spi.StoredSigningKey;
import dev.janua.jdbc.internal.DatabaseUrl;
import dev.janua.testing.Fixtures;
import dev.janua.testing.MutableClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Staged key rotation on PostgreSQL, end to end: two engines on one database and an outside
 * verifier (Nimbus JOSE+JWT) that fetches the JWKS over HTTP, alternately from either engine, and
 * caches it for exactly the served {@code max-age}, never refetching on an unknown kid. Across
 * three rotations (one by the schedule, one on demand, one asked for by both engines at once)
 * every token either engine issues is accepted by both engines and by the verifier for its whole
 * life; tokens signed by deleted keys are refused by all three.
 */
class KeyRotationIT {
  private static final String PASSWORD = "correct horse battery";
  private static final ClientInfo CLIENT = ClientInfo.of("203.0.113.9");
  /**
   * Tokens are issued and checked every step; each engine runs its key schedule every 6 steps (the
   * 5-minute reload interval), the two half a period apart, so JWKS fetches fall between an
   * engine's reloads as they would in real time.
   */
  private static final Duration STEP = Duration.ofSeconds(50);
  private static final int RELOAD_STEPS = 6;

  private final List<JdbcStore> stores = new ArrayList<>();
  private final List<AuthEngine> engines = new ArrayList<>();
  private String schema;
  private MutableClock clock;
  private HttpServer server;

  @BeforeEach
  void setUp() {
    schema = TestDatabase.freshSchema(KeyRotationIT.class) + "_"
        + Math.abs(System.nanoTime() % 100000);
    clock = MutableClock.startingAt2026();
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.stop(0);
    }
    engines.forEach(AuthEngine::close);
    stores.forEach(JdbcStore::close);
    TestDatabase.dropSchema(schema);
  }

  private JdbcStore store() {
    JdbcStore s = JdbcStore.builder().config(TestDatabase.config(schema).build()).build();
    stores.add(s);
    return s;
  }

  private AuthEngine engine(JanuaConfig config) {
    AuthEngine e = AuthEngine.builder().config(config).store(store()).clock(clock)
        .persistentKeys(true).build();
    engines.add(e);
    return e;
  }

  private static JanuaConfig config() {
    // The defaults for keys: pending 1 h, reload every 5 min, so the JWKS max-age is 55 min.
    return JanuaConfig.builder().bcryptRounds(4).rateLimitEnabled(false)
        .keyEncryptionKey(Fixtures.KEY_ENCRYPTION_KEY)
        .keyRotationInterval(Duration.ofDays(1)).build();
  }

  /** A resource server's verifier: JWKS over HTTP, cached for exactly its max-age. */
  private final class OutsideVerifier {
    private final List<URI> sources;
    private final HttpClient http = HttpClient.newHttpClient();
    private int next;
    private JWKSet cached;
    private DefaultJWTProcessor<SecurityContext> processor;
    private Instant freshUntil = Instant.MIN;
    int fetches;

    OutsideVerifier(List<URI> sources, int firstSource) {
      this.sources = sources;
      this.next = firstSource;
    }

    private JWKSet keys() throws Exception {
      Instant now = clock.instant();
      if (cached == null || !now.isBefore(freshUntil)) {
        URI uri = sources.get(next++ % sources.size());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        String cacheControl = r.headers().firstValue("Cache-Control").orElseThrow();
        Matcher m = Pattern.compile("max-age=(\\d+)").matcher(cacheControl);
        assertThat(m.find()).as(cacheControl).isTrue();
        cached = JWKSet.parse(r.body());
        freshUntil = now.plusSeconds(Long.parseLong(m.group(1)));
        processor = processor(cached);
        fetches++;
      }
      return cached;
    }

    /** Throws when the token is refused. */
    JWTClaimsSet verify(String token) throws Exception {
      keys();
      return processor.process(token, null);
    }

    private DefaultJWTProcessor<SecurityContext> processor(JWKSet keys) {
      DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
      p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
          new ImmutableJWKSet<>(keys)));
      DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
          "janua", new JWTClaimsSet.Builder().issuer("http://localhost:4100").build(),
          Set.of("sub", "exp", "iat", "jti")) {
        @Override
        protected Date currentTime() {
          return Date.from(clock.instant());
        }
      };
      p.setJWTClaimsSetVerifier(claims);
      return p;
    }
  }

  private URI serve(String path, AuthEngine e) {
    server.createContext(path, x -> {
      byte[] body = e.jwks().getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.getResponseHeaders().add("Cache-Control", e.signingKeys().jwksCacheControl());
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private record Issued(String token, String kid, Instant expiresAt, String by) {}

  private static String kid(String token) throws Exception {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }

  @Test
  void threeRotations_twoEnginesAndAnOutsideVerifier_neverRefuseAValidToken() throws Exception {
    JanuaConfig config = config();
    AuthEngine a = engine(config);
    AuthEngine b = engine(config);
    assertThat(a.signingKeys().jwksCacheControl()).isEqualTo("public, max-age=3300");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<URI> sources = List.of(serve("/a/jwks.json", a), serve("/b/jwks.json", b));
    server.start();
    // Resource servers whose caches expire at every step of the max-age: two more start (first
    // fetch) at each step, with opposite first sources, so at every moment some verifier has just
    // fetched from each engine. Each checks every new token; the first every live token too.
    OutsideVerifier nimbus = new OutsideVerifier(sources, 0);
    List<OutsideVerifier> verifiers = new ArrayList<>(List.of(nimbus));
    long phases = config.jwksMaxAge().dividedBy(STEP);
    Instant start = clock.instant();
    // An idle day first (the engines run their schedules, nobody signs in), up to an hour before
    // the scheduled rotation is due (a day after the first key, less the pending period).
    Instant busyFrom = start.plus(Duration.ofDays(1)).minus(Duration.ofHours(2));
    for (int step = 0; clock.instant().isBefore(busyFrom); step++) {
      clock.advance(Duration.ofSeconds(150));
      (step % 2 == 0 ? a : b).signingKeys().maintain();
    }
    assertThat(stores.get(0).signingKeys().all()).hasSize(1);

    String[] refresh = {
        a.signup(Fixtures.uniqueEmail(), PASSWORD, CLIENT, null).tokens().refreshToken(),
        b.signup(Fixtures.uniqueEmail(), PASSWORD, CLIENT, null).tokens().refreshToken()};
    AuthEngine[] issuers = {a, b};
    Map<String, SigningKey> signingKeys = new LinkedHashMap<>();
    List<Issued> live = new ArrayList<>();
    Instant secondRotationAt = start.plus(Duration.ofDays(1)).plus(Duration.ofHours(2));
    Instant thirdRotationAt = secondRotationAt.plus(Duration.ofHours(3));
    Instant end = thirdRotationAt.plus(Duration.ofMinutes(150));
    int validations = 0;
    for (int step = 0; clock.instant().isBefore(end); step++) {
      clock.advance(STEP);
      // Each engine runs its schedule every 5 minutes, half a period apart.
      if (step % RELOAD_STEPS == 0) {
        a.signingKeys().maintain();
      } else if (step % RELOAD_STEPS == RELOAD_STEPS / 2) {
        b.signingKeys().maintain();
      }
      Instant now = clock.instant();
      if (!now.isBefore(secondRotationAt) && now.minus(STEP).isBefore(secondRotationAt)) {
        b.signingKeys().rotate(); // on demand, on one instance
      }
      if (!now.isBefore(thirdRotationAt) && now.minus(STEP).isBefore(thirdRotationAt)) {
        // Asked for on both instances at once: one rotation.
        CompletableFuture<SigningKey> fa = CompletableFuture.supplyAsync(a.signingKeys()::rotate);
        CompletableFuture<SigningKey> fb = CompletableFuture.supplyAsync(b.signingKeys()::rotate);
        assertThat(fa.get().kid()).isEqualTo(fb.get().kid());
      }
      if (step < phases) {
        verifiers.add(new OutsideVerifier(sources, 1));
        if (step > 0) {
          verifiers.add(new OutsideVerifier(sources, 0));
        }
      }
      boolean checkAll = step % RELOAD_STEPS == 1;
      for (int i = 0; i < 2; i++) {
        AuthResult r = issuers[i].refresh(refresh[i], CLIENT);
        refresh[i] = r.tokens().refreshToken();
        String token = r.tokens().accessToken();
        Issued issued = new Issued(token, kid(token), now.plus(config.accessTokenTtl()),
            i == 0 ? "A" : "B");
        live.add(issued);
        for (int v = 1; v < verifiers.size(); v++) {
          try {
            verifiers.get(v).verify(token);
            validations++;
          } catch (Exception e) {
            throw new AssertionError(issued.by() + "'s new token of kid " + issued.kid() + " at "
                + now + " refused by outside verifier " + v + ": " + e, e);
          }
        }
        SigningKey active = issuers[i].signingKeys().ring().active();
        signingKeys.putIfAbsent(active.kid(), active);
      }
      live.removeIf(t -> t.expiresAt().isBefore(now));
      // Every live token on both engines and the first verifier, every reload interval (and the
      // new ones at every step), up to its last second.
      for (Issued t : live) {
        if (!checkAll && !t.expiresAt().equals(now.plus(config.accessTokenTtl()))
            && t.expiresAt().isAfter(now.plus(STEP))) {
          continue;
        }
        String what = t.by() + "'s token of kid " + t.kid() + " at " + now;
        assertThat(a.validate(t.token())).as(what + " on A").isNotNull();
        assertThat(b.validate(t.token())).as(what + " on B").isNotNull();
        try {
          nimbus.verify(t.token());
        } catch (Exception e) {
          throw new AssertionError(what + " refused by the outside verifier: " + e, e);
        }
        validations += 3;
      }
    }
    // Three rotations: four keys signed, each taking over from the previous one.
    assertThat(signingKeys).hasSize(4);
    List<String> kids = new ArrayList<>(signingKeys.keySet());
    // The three old keys are deleted from the store and from both JWKS.
    List<StoredSigningKey> rows = stores.get(0).signingKeys().all();
    assertThat(rows).extracting(StoredSigningKey::kid).containsExactly(kids.get(3));
    for (String old : kids.subList(0, 3)) {
      assertThat(a.jwks()).doesNotContain(old);
      assertThat(b.jwks()).doesNotContain(old);
    }
    // A token signed by a deleted key, with claims that are otherwise valid now, is refused by
    // all three (the verifier's cached JWKS is fresher than the deletion by now).
    String genuine = a.refresh(refresh[0], CLIENT).tokens().accessToken();
    JWTClaimsSet claims = SignedJWT.parse(genuine).getJWTClaimsSet();
    for (String old : kids.subList(0, 3)) {
      SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(old)
          .type(JOSEObjectType.JWT).build(), claims);
      forged.sign(new RSASSASigner(signingKeys.get(old).privateKey()));
      String token = forged.serialize();
      assertThatThrownBy(() -> a.validate(token)).isInstanceOfSatisfying(
          InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenFailureReason.UNKNOWN_KEY));
      assertThatThrownBy(() -> b.validate(token)).isInstanceOfSatisfying(
          InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenFailureReason.UNKNOWN_KEY));
      assertThatThrownBy(() -> nimbus.verify(token)).isInstanceOf(Exception.class);
    }
    // The same forgery with the current key is accepted: the refusals were about the key.
    SignedJWT control = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kids.get(3))
        .type(JOSEObjectType.JWT).build(), claims);
    control.sign(new RSASSASigner(signingKeys.get(kids.get(3)).privateKey()));
    assertThat(a.validate(control.serialize())).isNotNull();
    assertThat(nimbus.verify(control.serialize()).getSubject()).isEqualTo(claims.getSubject());
    assertThat(validations).isGreaterThan(100_000);
    assertThat(nimbus.fetches).isGreaterThan(8);
  }

  @Test
  void migrationV6_existingRows_keepTheirState() throws Exception {
    TestDatabase.execute("CREATE SCHEMA \"" + schema + "\"");
    DatabaseUrl u = TestDatabase.url();
    Flyway.configure(getClass().getClassLoader())
        .dataSource(u.jdbcUrl(), u.username(), u.password())
        .schemas(schema).defaultSchema(schema)
        .table(dev.janua.jdbc.internal.Migrations.HISTORY_TABLE)
        .locations(dev.janua.jdbc.internal.Migrations.LOCATION)
        .target("5").load().migrate();
    Instant created = Instant.parse("2026-05-01T10:00:00Z");
    Instant retired = Instant.parse("2026-05-20T10:00:00Z");
    TestDatabase.execute("INSERT INTO \"" + schema + "\".signing_keys (kid, algorithm, "
        + "private_key_der, public_key_der, created_at, retired_at) VALUES "
        + "('old', 'RS256', 'v1:x', 'cHVi', '" + created + "', '" + retired + "'), "
        + "('current', 'RS256', 'v1:y', 'cHVi', '" + retired + "', NULL)");
    JdbcStore s = store();
    Map<String, StoredSigningKey> byKid = new LinkedHashMap<>();
    s.signingKeys().all().forEach(k -> byKid.put(k.kid(), k));
    Instant now = clock.instant();
    assertThat(byKid.get("current").isActive(now)).isTrue();
    assertThat(byKid.get("current").activatesAt()).isEqualTo(retired);
    assertThat(byKid.get("current").retiredAt()).isNull();
    assertThat(byKid.get("old").isRetired(now)).isTrue();
    assertThat(byKid.get("old").retiredAt()).isEqualTo(retired);
    assertThat(byKid.get("old").activatesAt()).isEqualTo(created);
    // The migrated active row can be rotated from as usual.
    assertThat(s.signingKeys().stageRotation("current", new StoredSigningKey("next", "RS256",
        "v1:z", "cHVi", now, null, now.plusSeconds(3600)))).isTrue();
  }
}
