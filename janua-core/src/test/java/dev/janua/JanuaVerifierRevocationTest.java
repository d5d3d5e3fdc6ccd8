package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.janua.spi.RevocationListener;
import dev.janua.spi.RevocationSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verifier's revocation set, driven by a source the test calls by hand (the Redis source is
 * tested in janua-redis against a real issuer and Redis): which tokens each event refuses, the
 * outage grace, lost events, the bound and the retention. All times come from the fake clock.
 */
class JanuaVerifierRevocationTest extends EngineTestBase {
  private HttpServer server;
  private String issuer;

  /** A source whose events the test sends. */
  static final class ManualSource implements RevocationSource {
    @Nullable RevocationListener listener;
    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void start(RevocationListener l) {
      starts.incrementAndGet();
      listener = l;
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }

    RevocationListener to() {
      return java.util.Objects.requireNonNull(listener);
    }
  }

  @BeforeEach
  void startIssuer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    engine = engine(config().publicBaseUrl(issuer).build());
    server.createContext(AuthorizationServerMetadata.OAUTH_PATH,
        ex -> answer(ex, engine.oauth().metadata().json()));
    server.createContext(AuthorizationServerMetadata.JWKS_PATH, ex -> answer(ex, engine.jwks()));
    server.start();
  }

  @AfterEach
  void stopIssuer() {
    server.stop(0);
  }

  private static void answer(HttpExchange ex, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private JanuaVerifier.Builder verifier(ManualSource source) {
    return JanuaVerifier.builder(issuer).clock(clock).revocations(source);
  }

  private JanuaVerifier connected(JanuaVerifier.Builder b, ManualSource source) {
    JanuaVerifier v = b.build();
    source.to().connected();
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

  @Test
  void verify_sessionRevoked_refusesThatSessionsTokensOnly() {
    ManualSource source = new ManualSource();
    JanuaVerifier v = connected(verifier(source), source);
    AuthResult a = signup();
    AuthResult b = signup();
    assertThat(reason(v, a.tokens().accessToken())).isNull();
    source.to().sessionRevoked(a.session().id(), clock.instant());
    assertThat(reason(v, a.tokens().accessToken())).isEqualTo(TokenFailureReason.SESSION_REVOKED);
    // Even a token of that session issued later (a refresh racing the sign-out) is refused.
    clock.advance(Duration.ofSeconds(5));
    String refreshed = engine.refresh(a.tokens().refreshToken(), CLIENT).tokens().accessToken();
    assertThat(reason(v, refreshed)).isEqualTo(TokenFailureReason.SESSION_REVOKED);
    assertThat(reason(v, b.tokens().accessToken())).isNull();
    assertThat(v.revocationCount()).isEqualTo(1);
  }

  @Test
  void verify_userRevoked_refusesTokensIssuedUntilThenAndAcceptsLaterSessions() {
    ManualSource source = new ManualSource();
    JanuaVerifier v = connected(verifier(source), source);
    String email = email();
    AuthResult first = engine.signup(email, PASSWORD, CLIENT, "Test");
    AuthResult other = signup();
    source.to().userRevoked(first.user().id(), clock.instant());
    assertThat(reason(v, first.tokens().accessToken()))
        .isEqualTo(TokenFailureReason.SESSION_REVOKED);
    assertThat(reason(v, other.tokens().accessToken())).isNull();
    clock.advance(Duration.ofSeconds(1));
    AuthResult again = engine.signin(email, PASSWORD, CLIENT);
    assertThat(reason(v, again.tokens().accessToken())).isNull();
    // A later revocation of the same user moves its cutoff.
    source.to().userRevoked(first.user().id(), clock.instant());
    assertThat(reason(v, again.tokens().accessToken()))
        .isEqualTo(TokenFailureReason.SESSION_REVOKED);
    assertThat(v.revocationCount()).isEqualTo(1);
  }

  @Test
  void verify_sourceDisconnectedPastGrace_failsClosedUntilConnectedAgain() {
    ManualSource source = new ManualSource();
    JanuaVerifier v = verifier(source).revocationOutageGrace(Duration.ofSeconds(10)).build();
    String token = signup().tokens().accessToken();
    // Not yet connected: within the grace counted from build().
    assertThat(reason(v, token)).isNull();
    clock.advance(Duration.ofSeconds(11));
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(IssuerUnavailableException.class)
        .hasMessageContaining("revocation events");
    source.to().connected();
    assertThat(reason(v, token)).isNull();
    source.to().disconnected();
    clock.advance(Duration.ofSeconds(10));
    assertThat(reason(v, token)).isNull();
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(IssuerUnavailableException.class)
        .extracting(e -> ((JanuaException) e).code()).isEqualTo("issuer_unavailable");
    // A second disconnected() does not restart the count.
    source.to().disconnected();
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(IssuerUnavailableException.class);
    source.to().connected();
    assertThat(reason(v, token)).isNull();
  }

  @Test
  void verify_zeroGrace_failsClosedAsSoonAsDisconnected() {
    ManualSource source = new ManualSource();
    JanuaVerifier v = verifier(source).revocationOutageGrace(Duration.ZERO).build();
    String token = signup().tokens().accessToken();
    clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(IssuerUnavailableException.class);
    source.to().connected();
    assertThat(reason(v, token)).isNull();
  }

  @Test
  void verify_eventsLost_refusesEveryTokenIssuedUntilThen() {
    ManualSource source = new ManualSource();
    JanuaVerifier v = connected(verifier(source), source);
    AuthResult a = signup();
    source.to().eventsLost();
    assertThat(reason(v, a.tokens().accessToken())).isEqualTo(TokenFailureReason.SESSION_REVOKED);
    clock.advance(Duration.ofSeconds(1));
    String refreshed = engine.refresh(a.tokens().refreshToken(), CLIENT).tokens().accessToken();
    assertThat(reason(v, refreshed)).isNull();
  }

  @Test
  void verify_setFull_failsClosedWithACutoffAndStaysBounded() {
    ManualSource source = new ManualSource();
    JanuaVerifier v = connected(verifier(source).maxRevocations(2), source);
    AuthResult unrelated = signup();
    source.to().sessionRevoked("s-1", clock.instant());
    source.to().userRevoked("u-1", clock.instant());
    assertThat(v.revocationCount()).isEqualTo(2);
    assertThat(reason(v, unrelated.tokens().accessToken())).isNull();
    source.to().sessionRevoked("s-2", clock.instant());
    // Full: rather than forget s-2, every token issued until now is refused, and the set emptied.
    assertThat(v.revocationCount()).isZero();
    assertThat(reason(v, unrelated.tokens().accessToken()))
        .isEqualTo(TokenFailureReason.SESSION_REVOKED);
    clock.advance(Duration.ofSeconds(1));
    String fresh = engine.refresh(unrelated.tokens().refreshToken(), CLIENT).tokens()
        .accessToken();
    assertThat(reason(v, fresh)).isNull();
  }

  @Test
  void verify_entriesPastRetention_droppedToMakeRoomInsteadOfACutoff() {
    ManualSource source = new ManualSource();
    JanuaVerifier v = connected(verifier(source).maxRevocations(2)
        .revocationRetention(Duration.ofMinutes(20)), source);
    source.to().sessionRevoked("s-1", clock.instant());
    source.to().sessionRevoked("s-2", clock.instant());
    clock.advance(Duration.ofMinutes(20));
    AuthResult a = signup();
    source.to().sessionRevoked(a.session().id(), clock.instant());
    assertThat(v.revocationCount()).isEqualTo(1);
    AuthResult b = signup();
    assertThat(reason(v, b.tokens().accessToken())).isNull();
    assertThat(reason(v, a.tokens().accessToken())).isEqualTo(TokenFailureReason.SESSION_REVOKED);
    // An event older than the retention is ignored: no token it could refuse is still valid.
    source.to().sessionRevoked("old", clock.instant().minus(Duration.ofMinutes(21)));
    assertThat(v.revocationCount()).isEqualTo(1);
  }

  @Test
  void build_startsTheSourceOnce_closeClosesIt_settingsChecked() {
    ManualSource source = new ManualSource();
    JanuaVerifier v = verifier(source).revocationOutageGrace(Duration.ofSeconds(5)).build();
    assertThat(source.starts.get()).isEqualTo(1);
    source.to().connected();
    String token = signup().tokens().accessToken();
    v.close();
    assertThat(source.closes.get()).isEqualTo(1);
    // Closed: it learns nothing more, so past the grace it fails closed.
    assertThat(reason(v, token)).isNull();
    clock.advance(Duration.ofSeconds(6));
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(IssuerUnavailableException.class);
    assertThatThrownBy(() -> verifier(source).maxRevocations(0))
        .hasMessageContaining("maxRevocations");
    assertThatThrownBy(() -> verifier(source).revocationRetention(Duration.ZERO))
        .hasMessageContaining("revocationRetention");
    assertThatThrownBy(() -> verifier(source).revocationOutageGrace(Duration.ofSeconds(-1)))
        .hasMessageContaining("revocationOutageGrace");
    // Without a source nothing is checked or held.
    JanuaVerifier plain = JanuaVerifier.builder(issuer).clock(clock).build();
    assertThat(plain.verify(signup().tokens().accessToken())).isNotNull();
    assertThat(plain.revocationCount()).isZero();
    plain.close();
    // The no-op source: up to date at once, nothing refused, even past the grace.
    JanuaVerifier none = JanuaVerifier.builder(issuer).clock(clock)
        .revocations(RevocationSource.none()).revocationOutageGrace(Duration.ZERO).build();
    clock.advance(Duration.ofSeconds(1));
    assertThat(none.verify(signup().tokens().accessToken())).isNotNull();
  }

  @Test
  void verify_userRevokedBeforeTheTokenWasIssued_accepted() {
    ManualSource source = new ManualSource();
    JanuaVerifier v = connected(verifier(source), source);
    AuthResult a = signup();
    Instant before = clock.instant().minusSeconds(1);
    source.to().userRevoked(a.user().id(), before);
    assertThat(reason(v, a.tokens().accessToken())).isNull();
  }
}
