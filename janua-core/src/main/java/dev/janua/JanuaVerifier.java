package dev.janua;

import dev.janua.internal.AccessClaims;
import dev.janua.internal.RemoteVerifier;
import dev.janua.internal.RevocationList;
import dev.janua.internal.Urls;
import dev.janua.spi.RevocationSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Verifier-only mode: validates a Janua issuer's access tokens in a service that has no store and
 * no engine. It reads the issuer's RFC 8414 metadata ({@code <issuer>/.well-known/oauth-authorization-server}),
 * requires its {@code issuer} to be byte for byte the configured one, fetches the JWKS its {@code
 * jwks_uri} names and verifies tokens with the same strict verifier as the engine (RS256 and ES256
 * only, each key for its one algorithm, the configured {@code typ}, {@code iss}, {@code aud},
 * {@code exp}, {@code nbf} and {@code iat} with the clock skew).
 *
 * <p>Keys are cached for the JWKS's {@code Cache-Control: max-age}, within {@code
 * [minCacheAge, maxCacheAge]}; a token with an unknown {@code kid} makes it fetch again at most
 * once per {@code refreshInterval} (a flood of made-up kids costs at most that one fetch); while
 * the issuer cannot be reached the cached keys serve for {@code staleFor} past their lifetime, then
 * every call fails with {@link IssuerUnavailableException}.
 *
 * <p>Revocation: without the store a verifier cannot see that a token's session ended; on its own
 * it sees it only when the token expires. With a {@link RevocationSource} ({@link
 * Builder#revocations}, for example janua-redis's {@code RedisRevocationSource}) it learns of
 * sign-outs, revoked sessions, disabled users and password changes as the issuer publishes them,
 * and refuses those sessions' tokens as {@code session_revoked}; while the source is disconnected
 * past {@link Builder#revocationOutageGrace} it fails closed with {@link
 * IssuerUnavailableException}. Thread-safe; {@link #close()} closes the revocation source (the
 * JDK's {@link HttpClient} frees its resources when unreachable). docs/verifier.md describes the
 * settings.
 */
public final class JanuaVerifier implements AutoCloseable {
  private final RemoteVerifier remote;
  private final @Nullable String clientId;
  private final @Nullable RevocationSource source;
  private final @Nullable RevocationList revocations;

  private JanuaVerifier(Builder b) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(b.connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.remote = new RemoteVerifier(new RemoteVerifier.Settings(b.issuer, b.audience,
        b.accessTokenType.header(), b.clockSkew, b.maxTokenLifetime, b.requestTimeout, b.minCacheAge, b.maxCacheAge,
        b.refreshInterval, b.staleFor, b.allowInsecureHttp), http, b.clock);
    this.clientId = b.clientId;
    this.source = b.source;
    this.revocations = b.source == null ? null : new RevocationList(b.clock,
        b.revocationRetention, b.maxRevocations, b.revocationOutageGrace);
  }

  /**
   * A builder for a verifier of the issuer {@code issuer}, exactly as the tokens' {@code iss} and
   * the metadata's {@code issuer} spell it.
   *
   * @throws IllegalArgumentException when {@code issuer} is not an absolute https URL (or http to
   *     a loopback address) without a trailing slash, query or fragment
   */
  public static Builder builder(String issuer) {
    return new Builder(issuer);
  }

  /**
   * Verifies an access token (without the {@code Bearer } prefix).
   *
   * @throws InvalidTokenException      when the token is refused; {@link
   *     InvalidTokenException#reason()} says why ({@code wrong_client} when an expected client id
   *     is configured and the token's {@code client_id} differs; {@code session_revoked} when the
   *     revocation source reported its session ended)
   * @throws IssuerUnavailableException when no usable keys of the issuer are at hand, or the
   *     revocation source has been disconnected for longer than the outage grace
   */
  public VerifiedToken verify(String token) {
    AccessClaims c = remote.verify(token);
    if (clientId != null && !clientId.equals(c.clientId())) {
      throw new InvalidTokenException(TokenFailureReason.WRONG_CLIENT);
    }
    if (revocations != null) {
      revocations.check(c);
    }
    return new VerifiedToken(c);
  }

  /**
   * Closes the revocation source, if any. The verifier then counts the source as disconnected: past
   * the outage grace, {@link #verify} fails with {@link IssuerUnavailableException}. Without a
   * source this does nothing.
   */
  @Override
  public void close() {
    if (source != null) {
      source.close();
      Objects.requireNonNull(revocations).disconnected();
    }
  }

  /**
   * How many revoked sessions and users are held (at most {@code maxRevocations}); 0 without a
   * revocation source.
   */
  public int revocationCount() {
    return revocations == null ? 0 : revocations.size();
  }

  /**
   * Fetches the issuer's metadata and keys now (for example at start-up, to fail early), unless a
   * fetch was made within the refresh interval.
   *
   * @throws IssuerUnavailableException when no usable keys are at hand afterwards
   */
  public void refresh() {
    remote.refresh();
  }

  /** The kids of the cached keys; empty before the first fetch. */
  public Set<String> keyIds() {
    return Set.copyOf(remote.kids());
  }

  /** Settings of a {@link JanuaVerifier}; each setter checks its argument at once. */
  public static final class Builder {
    private final String issuer;
    private String audience = "janua";
    private @Nullable String clientId;
    private AccessTokenType accessTokenType = AccessTokenType.JWT;
    private Duration clockSkew = Duration.ofSeconds(30);
    private Duration maxTokenLifetime = Duration.ofHours(24);
    private Clock clock = Clock.systemUTC();
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(5);
    private Duration minCacheAge = Duration.ofMinutes(1);
    private Duration maxCacheAge = Duration.ofHours(24);
    private Duration refreshInterval = Duration.ofSeconds(30);
    private Duration staleFor = Duration.ofHours(1);
    private boolean allowInsecureHttp;
    private @Nullable RevocationSource source;
    private Duration revocationRetention = Duration.ofHours(1);
    private int maxRevocations = 100_000;
    private Duration revocationOutageGrace = Duration.ofSeconds(30);

    private Builder(String issuer) {
      Objects.requireNonNull(issuer, "issuer");
      URI uri;
      try {
        uri = new URI(issuer);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("issuer must be a URL");
      }
      if (issuer.endsWith("/")) {
        throw new IllegalArgumentException("issuer must not end with a slash: it is compared with"
            + " the tokens' iss byte for byte");
      }
      String problem = Urls.problem(uri, true);
      if (problem != null) {
        throw new IllegalArgumentException("issuer " + problem);
      }
      this.issuer = issuer;
    }

    /** The audience the tokens' {@code aud} must hold; default {@code janua}. */
    public Builder audience(String audience) {
      this.audience = text(audience, "audience");
      return this;
    }

    /** The {@code client_id} tokens must carry; default none (any client id is accepted). */
    public Builder clientId(@Nullable String clientId) {
      this.clientId = clientId == null ? null : text(clientId, "clientId");
      return this;
    }

    /** The {@code typ} header tokens must carry; default {@code JWT}. */
    public Builder accessTokenType(AccessTokenType type) {
      this.accessTokenType = Objects.requireNonNull(type, "accessTokenType");
      return this;
    }

    /** The allowed clock difference for {@code exp}, {@code nbf} and {@code iat}; default 30 s. */
    public Builder clockSkew(Duration skew) {
      this.clockSkew = notNegative(skew, "clockSkew");
      return this;
    }

    /**
     * The longest lifetime ({@code exp - iat}) a token may have, before the clock skew is added;
     * a longer-lived token is refused with {@code lifetime_exceeded}. Set it to the issuer's
     * access-token lifetime ({@code JWT_ACCESS_TOKEN_EXPIRE_MINUTES}, 15 minutes by default) so
     * a token minted with a stolen key cannot live for years; default 24 hours.
     */
    public Builder maxTokenLifetime(Duration lifetime) {
      this.maxTokenLifetime = positive(lifetime, "maxTokenLifetime");
      return this;
    }

    /** The time source of token checks and of the key cache; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The HTTP connect timeout; default 5 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** The timeout of each metadata or JWKS request; default 5 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /** The shortest time keys are cached, whatever the issuer's max-age; default 1 min. */
    public Builder minCacheAge(Duration age) {
      this.minCacheAge = positive(age, "minCacheAge");
      return this;
    }

    /** The longest time keys are cached, whatever the issuer's max-age; default 24 h. */
    public Builder maxCacheAge(Duration age) {
      this.maxCacheAge = positive(age, "maxCacheAge");
      return this;
    }

    /** The least time between two fetches (an unknown kid or a failing issuer); default 30 s. */
    public Builder refreshInterval(Duration interval) {
      this.refreshInterval = positive(interval, "refreshInterval");
      return this;
    }

    /** How long past their lifetime cached keys serve while the issuer is down; default 1 h. */
    public Builder staleFor(Duration stale) {
      this.staleFor = notNegative(stale, "staleFor");
      return this;
    }

    /**
     * Whether a {@code jwks_uri} and issuer of plain http to a non-loopback host are accepted;
     * default {@code false}. For tests and development only.
     */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /**
     * Where the verifier learns that sessions ended (for example janua-redis's {@code
     * RedisRevocationSource}); default none: a token is accepted until it expires. {@link #build()}
     * starts it and {@link JanuaVerifier#close()} closes it, so a source serves one verifier
     * ({@code build()} throws {@link IllegalStateException} when the source was started already).
     */
    public Builder revocations(@Nullable RevocationSource source) {
      this.source = source;
      return this;
    }

    /**
     * How long a revocation is remembered after it happened; default 1 h. It must be at least the
     * issuer's access-token lifetime plus the clock skew (15 min plus 30 s by default), or a
     * revoked session's last tokens are accepted again before they expire (a token living longer
     * than this is logged once as a warning).
     */
    public Builder revocationRetention(Duration retention) {
      this.revocationRetention = positive(retention, "revocationRetention");
      return this;
    }

    /**
     * The most revoked sessions and users remembered; default 100 000. When a new revocation finds
     * the set full of unexpired entries, the verifier fails closed: every token issued until then
     * is refused as {@code session_revoked} (clients refresh) and the set is emptied.
     */
    public Builder maxRevocations(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxRevocations must be positive");
      }
      this.maxRevocations = max;
      return this;
    }

    /**
     * How long tokens are still accepted (checked against the revocations known) while the
     * revocation source is disconnected, counted from the disconnection (or from {@link #build()}
     * until the source first connects); default 30 s. Past it every {@code verify} throws {@link
     * IssuerUnavailableException} until the source is up to date again. {@code 0} fails closed at
     * once.
     */
    public Builder revocationOutageGrace(Duration grace) {
      this.revocationOutageGrace = notNegative(grace, "revocationOutageGrace");
      return this;
    }

    /**
     * The verifier. Nothing is fetched yet: the first {@link JanuaVerifier#verify} or {@link
     * JanuaVerifier#refresh} does. The revocation source, if any, is started here.
     *
     * @throws IllegalArgumentException when minCacheAge exceeds maxCacheAge, or the issuer is
     *     plain http to a non-loopback host without {@link #allowInsecureHttp}
     */
    public JanuaVerifier build() {
      if (minCacheAge.compareTo(maxCacheAge) > 0) {
        throw new IllegalArgumentException("minCacheAge must not exceed maxCacheAge");
      }
      String problem = Urls.problem(URI.create(issuer), allowInsecureHttp);
      if (problem != null) {
        throw new IllegalArgumentException("issuer " + problem);
      }
      JanuaVerifier verifier = new JanuaVerifier(this);
      if (verifier.source != null) {
        verifier.source.start(Objects.requireNonNull(verifier.revocations));
      }
      return verifier;
    }

    private static String text(String v, String name) {
      if (Objects.requireNonNull(v, name).isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return v;
    }

    private static Duration positive(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }

    private static Duration notNegative(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return d;
    }
  }
}
