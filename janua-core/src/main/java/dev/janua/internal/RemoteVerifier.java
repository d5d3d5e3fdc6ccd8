package dev.janua.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janua.InvalidTokenException;
import dev.janua.IssuerUnavailableException;
import dev.janua.SigningKey;
import dev.janua.TokenFailureReason;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Verifies access tokens of a remote issuer with {@link JwtVerifier}, against the keys of the
 * JWKS its RFC 8414 metadata names. The keys are cached for the JWKS's {@code max-age} (bounded),
 * fetched again at most once per refresh interval when a token names an unknown kid, and served
 * stale for a bounded time while the issuer cannot be reached; past that it fails closed.
 * Thread-safe: verification reads one immutable snapshot; one thread fetches at a time, and
 * threads holding usable keys never wait for a fetch.
 */
public final class RemoteVerifier {
  /** Metadata and JWKS documents are small; a larger answer is refused. */
  static final int MAX_DOCUMENT_BYTES = 512 * 1024;
  private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age=\"?(\\d{1,10})\"?");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The settings, checked by {@code JanuaVerifier.Builder}. */
  public record Settings(String issuer, String audience, String type, Duration skew,
      Duration maxTokenLifetime, Duration requestTimeout, Duration minCacheAge, Duration maxCacheAge,
      Duration refreshInterval, Duration staleFor, boolean allowInsecureHttp) {}

  private record Snapshot(Map<String, SigningKey> keys, Instant freshUntil) {
    @Nullable SigningKey get(String kid) {
      return keys.get(kid);
    }
  }

  private final Settings settings;
  private final HttpClient http;
  private final Clock clock;
  private final JwtVerifier verifier;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile @Nullable Snapshot snapshot;
  // Guarded by lock.
  private @Nullable URI jwksUri;
  private @Nullable Instant lastAttempt;
  private @Nullable Exception lastFailure;

  /**
   * @param settings the issuer, audience, type, skew and cache bounds
   * @param http     the client to fetch with (its redirect policy should be {@code NEVER})
   * @param clock    the time source of token checks and of the cache
   */
  public RemoteVerifier(Settings settings, HttpClient http, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
    this.verifier = new JwtVerifier(clock, settings.type(), settings.issuer(), settings.audience(),
        settings.skew(), settings.maxTokenLifetime());
  }

  /**
   * Verifies {@code token}: its signature with a key of the issuer's JWKS, then its claims.
   *
   * @throws InvalidTokenException         with the reason of the first check that fails
   * @throws IssuerUnavailableException when no usable keys are available
   */
  public AccessClaims verify(String token) {
    JwtVerifier.precheck(token);
    Snapshot s = current();
    try {
      return verifier.verify(token, s::get);
    } catch (InvalidTokenException e) {
      if (e.reason() != TokenFailureReason.UNKNOWN_KEY) {
        throw e;
      }
      Snapshot next = refreshForUnknownKey(s);
      if (next == null) {
        throw e;
      }
      return verifier.verify(token, next::get);
    }
  }

  /**
   * Fetches the keys now unless a fetch happened within the refresh interval (for warming up at
   * start).
   *
   * @throws IssuerUnavailableException when no usable keys are available afterwards
   */
  public void refresh() {
    lock.lock();
    try {
      Instant now = clock.instant();
      if (mayAttempt(now)) {
        attempt(now);
      }
    } finally {
      lock.unlock();
    }
    current();
  }

  /** The kids of the cached keys (empty before the first fetch). */
  public java.util.Set<String> kids() {
    Snapshot s = snapshot;
    return s == null ? java.util.Set.of() : s.keys().keySet();
  }

  /** A usable snapshot: fresh, fetched now, or stale within the bound. */
  private Snapshot current() {
    Instant now = clock.instant();
    Snapshot s = snapshot;
    if (s != null && now.isBefore(s.freshUntil())) {
      return s;
    }
    boolean usable = s != null && now.isBefore(s.freshUntil().plus(settings.staleFor()));
    if (usable && !lock.tryLock()) {
      return s; // another thread is fetching: keep using the stale keys meanwhile
    }
    if (!usable) {
      lock.lock();
    }
    try {
      s = snapshot;
      if (s != null && now.isBefore(s.freshUntil())) {
        return s;
      }
      if (mayAttempt(now)) {
        Snapshot fetched = attempt(now);
        if (fetched != null) {
          return fetched;
        }
      }
      if (s != null && now.isBefore(s.freshUntil().plus(settings.staleFor()))) {
        return s;
      }
      throw new IssuerUnavailableException(s == null
          ? "no keys of issuer " + settings.issuer() + " could be fetched"
          : "the keys of issuer " + settings.issuer() + " are past their stale bound and could"
              + " not be fetched again", lastFailure);
    } finally {
      lock.unlock();
    }
  }

  /** The keys fetched again for an unknown kid, or {@code null} when no new keys are at hand. */
  private @Nullable Snapshot refreshForUnknownKey(Snapshot seen) {
    lock.lock();
    try {
      Snapshot s = snapshot;
      if (s != null && s != seen) {
        return s; // another thread fetched meanwhile
      }
      Instant now = clock.instant();
      return mayAttempt(now) ? attempt(now) : null;
    } finally {
      lock.unlock();
    }
  }

  private boolean mayAttempt(Instant now) {
    return lastAttempt == null || !now.isBefore(lastAttempt.plus(settings.refreshInterval()));
  }

  /** One fetch; the new snapshot, or {@code null} after a failure (kept in lastFailure). */
  private @Nullable Snapshot attempt(Instant now) {
    lastAttempt = now;
    try {
      if (jwksUri == null) {
        jwksUri = readMetadata();
      }
      HttpResponse<InputStream> r = get(jwksUri);
      Map<String, SigningKey> keys = JwkSet.parse(body(r, "JWKS"));
      Snapshot s = new Snapshot(keys, now.plus(cacheAge(r)));
      snapshot = s;
      lastFailure = null;
      return s;
    } catch (IOException e) {
      jwksUri = null; // read the metadata again next time: jwks_uri may have moved
      lastFailure = e;
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      lastFailure = e;
      return null;
    }
  }

  private URI readMetadata() throws IOException, InterruptedException {
    URI uri = URI.create(settings.issuer() + dev.janua.AuthorizationServerMetadata.OAUTH_PATH);
    JsonNode doc;
    try {
      doc = JSON.readTree(body(get(uri), "metadata"));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException("the issuer's metadata is not valid JSON");
    }
    JsonNode issuer = doc == null ? null : doc.get("issuer");
    if (issuer == null || !settings.issuer().equals(issuer.textValue())) {
      throw new IOException("the metadata's issuer is not the configured issuer "
          + settings.issuer());
    }
    JsonNode jwks = doc.get("jwks_uri");
    if (jwks == null || !jwks.isTextual()) {
      throw new IOException("the issuer's metadata has no jwks_uri");
    }
    URI u;
    try {
      u = new URI(jwks.textValue());
    } catch (java.net.URISyntaxException e) {
      throw new IOException("the issuer's jwks_uri is not a URI");
    }
    String problem = Urls.problem(u, settings.allowInsecureHttp());
    if (problem != null) {
      throw new IOException("the issuer's jwks_uri " + problem);
    }
    return u;
  }

  private HttpResponse<InputStream> get(URI uri) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(settings.requestTimeout())
        .header("Accept", "application/json").build();
    return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  private static byte[] body(HttpResponse<InputStream> r, String what) throws IOException {
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw new IOException("the issuer answered " + r.statusCode() + " for its " + what);
      }
      byte[] b = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
      if (b.length > MAX_DOCUMENT_BYTES) {
        throw new IOException("the issuer's " + what + " is larger than " + MAX_DOCUMENT_BYTES
            + " bytes");
      }
      return b;
    }
  }

  /** The JWKS's {@code max-age} within the bounds; the minimum without one or with no-store. */
  private Duration cacheAge(HttpResponse<?> r) {
    String cc = r.headers().firstValue("Cache-Control").orElse("").toLowerCase(Locale.ROOT);
    Matcher m = MAX_AGE.matcher(cc);
    if (cc.contains("no-store") || cc.contains("no-cache") || !m.find()) {
      return settings.minCacheAge();
    }
    Duration age = Duration.ofSeconds(Long.parseLong(m.group(1)));
    if (age.compareTo(settings.minCacheAge()) < 0) {
      return settings.minCacheAge();
    }
    return age.compareTo(settings.maxCacheAge()) > 0 ? settings.maxCacheAge() : age;
  }
}
