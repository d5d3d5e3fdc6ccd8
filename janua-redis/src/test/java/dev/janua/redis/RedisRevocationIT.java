package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.AuthorizationServerMetadata;
import dev.janua.ClientInfo;
import dev.janua.InvalidTokenException;
import dev.janua.IssuerUnavailableException;
import dev.janua.JanuaConfig;
import dev.janua.JanuaVerifier;
import dev.janua.KeyRing;
import dev.janua.Principal;
import dev.janua.TokenFailureReason;
import dev.janua.cache.CachePlugin;
import dev.janua.cache.CachePolicy;
import dev.janua.memory.InMemoryStore;
import dev.janua.redis.internal.KeyCodec;
import dev.janua.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Verifier-only mode with revocation events, end to end: an issuing engine (in-memory store,
 * janua-cache, {@link RedisPlugin}) serves its metadata and JWKS over loopback HTTP, and a {@link
 * JanuaVerifier} with a {@link RedisRevocationSource} on the same Redis and key prefix refuses the
 * tokens of sessions the issuer ends, within a bounded wait. The outage test runs its own
 * redis-server, kills it and starts it again. The engine and the verifier share a fake clock; only
 * the waits for the background poller are real (bounded, never asserted as timings).
 */
class RedisRevocationIT {
  private static final String PASSWORD = "correct horse battery";
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "junit");
  private static final KeyRing KEYS = KeyRing.generate("RS256");

  private final MutableClock clock = MutableClock.startingAt2026();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final String prefix = RedisTestSupport.freshPrefix(RedisRevocationIT.class);
  private @Nullable HttpServer server;
  private final dev.janua.testing.RecordingNotifier mail = new dev.janua.testing.RecordingNotifier();
  private AuthEngine engine;
  private String issuer;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    if (server != null) {
      server.stop(0);
    }
    // Leave nothing under this test's prefix on the shared Redis (the stream, L2 entries).
    try (RedisJanua observer = RedisTestSupport.connect(config(RedisTestSupport.sharedUrl()),
        RedisRateLimitConfig.defaults())) {
      observer.connector().scanAndUnlink(KeyCodec.utf8(KeyCodec.escapeGlob(prefix) + "*"), 500);
    }
  }

  private RedisConnectionConfig config(String url) {
    return RedisTestSupport.loopbackOnly(RedisConnectionConfig.builder().url(url))
        .keyPrefix(prefix).poolSize(1).commandTimeout(Duration.ofMillis(500))
        .reconnectMaxDelay(Duration.ofMillis(200)).build();
  }

  /** An issuer on {@code redisUrl}, served over loopback HTTP. */
  private void startIssuer(String redisUrl) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server = s;
    issuer = "http://127.0.0.1:" + s.getAddress().getPort();
    engine = AuthEngine.builder().config(JanuaConfig.builder().bcryptRounds(4)
            .rateLimitEnabled(false).publicBaseUrl(issuer).build())
        .store(new InMemoryStore()).clock(clock).keyRing(KEYS)
        .install(CachePlugin.of(CachePolicy.builder().build()))
        .install(RedisPlugin.of(config(redisUrl)).withoutRateLimiter())
        .notifier(mail)
        .build();
    open.add(engine);
    s.createContext(AuthorizationServerMetadata.OAUTH_PATH,
        ex -> answer(ex, engine.oauth().metadata().json()));
    s.createContext(AuthorizationServerMetadata.JWKS_PATH, ex -> answer(ex, engine.jwks()));
    s.start();
  }

  private static void answer(HttpExchange ex, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private RedisRevocationSource source(String redisUrl) {
    return RedisRevocationSource.of(config(redisUrl)).withPollInterval(Duration.ofMillis(20));
  }

  private JanuaVerifier verifier(RedisRevocationSource source, Duration grace) {
    JanuaVerifier v = JanuaVerifier.builder(issuer).clock(clock).revocations(source)
        .revocationOutageGrace(grace).build();
    open.add(v);
    RedisProcesses.await("the revocation source is connected", source::connected, null);
    return v;
  }

  private static @Nullable TokenFailureReason reason(JanuaVerifier v, String token) {
    try {
      v.verify(token);
      return null;
    } catch (InvalidTokenException e) {
      return e.reason();
    }
  }

  private static void awaitRefused(JanuaVerifier v, String token) {
    RedisProcesses.await("the verifier refuses the token as session_revoked",
        () -> reason(v, token) == TokenFailureReason.SESSION_REVOKED, null);
  }

  private AuthResult signup(String email) {
    return engine.signup(email, PASSWORD, CLIENT, "Test");
  }

  private static String email() {
    return "u-" + UUID.randomUUID() + "@example.com";
  }

  @Test
  void verify_issuerSignsOutOrRevokes_verifierRefusesThatSessionOnly() throws IOException {
    String url = RedisTestSupport.sharedUrl();
    startIssuer(url);
    JanuaVerifier v = verifier(source(url), Duration.ofSeconds(30));
    AuthResult a = signup(email());
    AuthResult b = signup(email());
    String email = email();
    AuthResult c1 = signup(email);
    AuthResult c2 = engine.signin(email, PASSWORD, CLIENT);
    assertThat(reason(v, a.tokens().accessToken())).isNull();
    assertThat(reason(v, c1.tokens().accessToken())).isNull();

    engine.signout(engine.validate(a.tokens().accessToken()));
    awaitRefused(v, a.tokens().accessToken());
    // The session list's revoke: another session of the same user.
    Principal p1 = engine.validate(c1.tokens().accessToken());
    engine.sessions().revoke(p1, c2.session().id());
    awaitRefused(v, c2.tokens().accessToken());
    assertThat(reason(v, c1.tokens().accessToken())).isNull();
    assertThat(reason(v, b.tokens().accessToken())).isNull();
  }

  @Test
  void verify_userDisabledAllRevokedOrPasswordChanged_verifierRefusesEveryEarlierToken() throws IOException {
    String url = RedisTestSupport.sharedUrl();
    startIssuer(url);
    JanuaVerifier v = verifier(source(url), Duration.ofSeconds(30));
    String email = email();
    AuthResult disabled1 = signup(email);
    AuthResult disabled2 = engine.signin(email, PASSWORD, CLIENT);
    AuthResult other = signup(email());
    engine.users().setEnabled(disabled1.user().id(), false);
    awaitRefused(v, disabled1.tokens().accessToken());
    assertThat(reason(v, disabled2.tokens().accessToken()))
        .isEqualTo(TokenFailureReason.SESSION_REVOKED);
    assertThat(reason(v, other.tokens().accessToken())).isNull();

    // An administrator ends every session of a user.
    engine.sessions().revokeAll(other.user().id());
    awaitRefused(v, other.tokens().accessToken());

    String email2 = email();
    AuthResult changer = signup(email2);
    Principal p = engine.validate(changer.tokens().accessToken());
    engine.users().changePassword(p, PASSWORD, "another correct horse", CLIENT);
    awaitRefused(v, changer.tokens().accessToken());
    // Signing in with the new password a second later: that token verifies.
    clock.advance(Duration.ofSeconds(1));
    AuthResult again = engine.signin(email2, "another correct horse", CLIENT);
    assertThat(reason(v, again.tokens().accessToken())).isNull();
  }

  @Test
  void verify_passwordResetOrAccountDeleted_verifierRefusesEveryEarlierToken() throws Exception {
    String url = RedisTestSupport.sharedUrl();
    startIssuer(url);
    JanuaVerifier v = verifier(source(url), Duration.ofSeconds(30));
    String email = email();
    AuthResult reset = signup(email);
    AuthResult deleted = signup(email());
    AuthResult other = signup(email());
    engine.users().requestPasswordReset(email, CLIENT);
    String link = mail.next(dev.janua.Notification.PasswordReset.class).link();
    engine.users().resetPassword(dev.janua.testing.RecordingNotifier.token(link),
        "another correct horse", CLIENT);
    awaitRefused(v, reset.tokens().accessToken());
    engine.users().delete(engine.validate(deleted.tokens().accessToken()), PASSWORD, CLIENT);
    awaitRefused(v, deleted.tokens().accessToken());
    assertThat(reason(v, other.tokens().accessToken())).isNull();
  }

  @Test
  void verify_verifierStartedAfterTheRevocation_catchesUpFromTheStream() throws IOException {
    String url = RedisTestSupport.sharedUrl();
    startIssuer(url);
    AuthResult a = signup(email());
    engine.signout(engine.validate(a.tokens().accessToken()));
    AuthResult b = signup(email());
    JanuaVerifier v = verifier(source(url), Duration.ofSeconds(30));
    // connected() is reported after the first read, so the earlier sign-out is known at once.
    assertThat(reason(v, a.tokens().accessToken())).isEqualTo(TokenFailureReason.SESSION_REVOKED);
    assertThat(reason(v, b.tokens().accessToken())).isNull();
  }

  @Test
  void verify_withoutRevocationEvents_issuerPublishesNothing() throws Exception {
    String url = RedisTestSupport.sharedUrl();
    startIssuer(url);
    AuthEngine quiet = AuthEngine.builder().config(JanuaConfig.builder().bcryptRounds(4)
            .rateLimitEnabled(false).build())
        .store(new InMemoryStore()).clock(clock).keyRing(KEYS)
        .install(RedisPlugin.of(config(url)).withoutRateLimiter().withoutCacheTier()
            .withoutRevocationEvents())
        .build();
    open.add(quiet);
    AuthResult q = quiet.signup(email(), PASSWORD, CLIENT, "Quiet");
    quiet.signout(quiet.validate(q.tokens().accessToken()));
    // The issuer with events publishes one entry for its sign-out; the quiet one none.
    AuthResult a = signup(email());
    engine.signout(engine.validate(a.tokens().accessToken()));
    try (RedisJanua observer = RedisTestSupport.connect(config(url),
        RedisRateLimitConfig.defaults())) {
      byte[] key = KeyCodec.utf8(prefix + "revocations");
      RedisProcesses.await("the sign-out is in the stream",
          () -> observer.connector().sync().xlen(key) == 1, null);
      assertThat(observer.connector().sync().xlen(key)).isEqualTo(1);
    }
  }

  @Test
  void verify_redisKilledAndRestartedEmpty_failsClosedPastGraceThenRefusesEarlierTokens()
      throws Exception {
    try (RedisProcesses processes = new RedisProcesses("revocations")) {
      int port = RedisProcesses.freePort();
      Process redis = processes.startServer(port);
      String url = "redis://127.0.0.1:" + port + "/0";
      startIssuer(url);
      RedisRevocationSource source = source(url);
      JanuaVerifier v = verifier(source, Duration.ofSeconds(10));
      AuthResult before = signup(email());
      engine.signout(engine.validate(before.tokens().accessToken()));
      awaitRefused(v, before.tokens().accessToken());
      AuthResult signedOutDuringOutage = signup(email());
      AuthResult survivor = signup(email());
      assertThat(reason(v, signedOutDuringOutage.tokens().accessToken())).isNull();

      processes.stop(redis);
      RedisProcesses.await("the source reports the outage", () -> !source.connected(), null);
      // Within the grace tokens still verify against what is known; past it, fail closed.
      assertThat(reason(v, survivor.tokens().accessToken())).isNull();
      assertThat(reason(v, before.tokens().accessToken()))
          .isEqualTo(TokenFailureReason.SESSION_REVOKED);
      clock.advance(Duration.ofSeconds(11));
      assertThatThrownBy(() -> v.verify(survivor.tokens().accessToken()))
          .isInstanceOf(IssuerUnavailableException.class)
          .hasMessageContaining("revocation events");
      // The issuer signs a session out while Redis is down: that event is lost for good.
      engine.signout(engine.validate(signedOutDuringOutage.tokens().accessToken()));

      // Redis is back, empty: the verifier notices its stream was lost and refuses every token
      // issued until then, the one whose sign-out was lost included.
      processes.startServer(port);
      RedisProcesses.await("the source reconnects", source::connected, null);
      assertThat(reason(v, signedOutDuringOutage.tokens().accessToken()))
          .isEqualTo(TokenFailureReason.SESSION_REVOKED);
      assertThat(reason(v, survivor.tokens().accessToken()))
          .isEqualTo(TokenFailureReason.SESSION_REVOKED);
      // A client refreshes and its new token verifies.
      clock.advance(Duration.ofSeconds(1));
      String fresh = engine.refresh(survivor.tokens().refreshToken(), CLIENT).tokens()
          .accessToken();
      assertThat(reason(v, fresh)).isNull();
      // And new revocations arrive again, once the issuer has reconnected too (an append while
      // its client is still down is lost, and only logged, by design).
      RedisProcesses.await("the issuer reconnects",
          () -> "ok".equals(engine.ready().checks().get("redis")), null);
      engine.signout(engine.validate(fresh));
      awaitRefused(v, fresh);
    }
  }
}
