package dev.janua;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.janua.internal.AccessClaims;
import dev.janua.internal.ApiTokenSecrets;
import dev.janua.spi.ApiTokenRecord;
import dev.janua.spi.ApiTokenStore;
import dev.janua.spi.MetricsRecorder;
import dev.janua.spi.Store;
import dev.janua.spi.StoredUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API-token authentication and liveness: the checksum before any lookup, one read by hash, the
 * owner's account and membership read at every use, the per-token rate limit, and {@code
 * last_used_at} written at most once a minute.
 */
final class ApiTokenService {
  private static final Logger LOG = LoggerFactory.getLogger(ApiTokenService.class);
  /** {@code last_used_at} is written at most this often per token. */
  static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

  private final JanuaConfig config;
  private final Store store;
  private final RateLimiter limiter;
  private final Clock clock;
  private final Object identity;
  private final MetricsRecorder metrics;
  // Token string -> its principal: what never changes about a token (owner, organization,
  // permissions, expiry), so that a token seen before costs no SHA-256 and no lookup by hash.
  // Whether it still works is read at every use all the same. Bounded by TOKEN_CACHE_MAX_SIZE.
  private final @Nullable Cache<String, Principal> known;

  ApiTokenService(JanuaConfig config, Store store, RateLimiter limiter, MetricsRecorder metrics,
      Clock clock, Object identity) {
    this.metrics = metrics;
    this.known = config.tokenCacheMaxSize() == 0 ? null
        : Caffeine.newBuilder().maximumSize(config.tokenCacheMaxSize()).build();
    this.config = config;
    this.store = store;
    this.limiter = limiter;
    this.clock = clock;
    this.identity = identity;
  }

  /** The store's aggregate, read at use so that a store without one still builds an engine. */
  ApiTokenStore tokens() {
    return store.apiTokens();
  }

  /**
   * The principal of a working API token, counted against the token's own rate limit and, like an
   * access token's validation, by {@link MetricsRecorder#tokenValidation}.
   *
   * @throws InvalidTokenException {@code malformed} (bad shape or checksum: no lookup made),
   *     {@code expired}, {@code api_token_invalid}
   * @throws RateLimitedException  over the token's limit ({@link RateLimitCategory#API_TOKEN})
   */
  Principal authenticate(String token) {
    Principal seen = known == null ? null : known.getIfPresent(token);
    boolean cached = seen != null;
    try {
      Principal p = authenticate(token, seen);
      metrics.tokenValidation("valid", "none", cached);
      return p;
    } catch (InvalidTokenException e) {
      metrics.tokenValidation("invalid", e.reason().code(), cached);
      throw e;
    }
  }

  private Principal authenticate(String token, @Nullable Principal seenBefore) {
    Principal seen = seenBefore;
    Instant now = clock.instant();
    ApiTokenRecord t;
    if (seen != null) {
      // seen before: read its current state by id (revoked since? expired?)
      t = tokens().find(seen.liveId()).filter(r -> r.revokedAt() == null)
          .orElseThrow(() -> new InvalidTokenException(TokenFailureReason.API_TOKEN_INVALID));
    } else {
      if (!ApiTokenSecrets.wellFormed(token)) {
        throw new InvalidTokenException(TokenFailureReason.MALFORMED);
      }
      t = tokens().findByHash(ApiTokenSecrets.hash(token))
          .orElseThrow(() -> new InvalidTokenException(TokenFailureReason.API_TOKEN_INVALID));
    }
    requireWorking(t, now);
    limiter.checkKeyOrThrow(RateLimitCategory.API_TOKEN, t.id());
    touch(t, now);
    if (seen == null) {
      seen = principal(t);
      if (known != null) {
        known.put(token, seen);
      }
    }
    return seen;
  }

  /**
   * Refuses an API-token principal whose token stopped working since: revoked, expired, owner
   * disabled or no longer an active member.
   */
  void requireLive(Principal principal) {
    String id = principal.liveId();
    ApiTokenRecord t = tokens().find(id)
        .filter(r -> r.userId().equals(principal.userId()))
        .orElseThrow(() -> new InvalidTokenException(TokenFailureReason.API_TOKEN_INVALID));
    requireWorking(t, clock.instant());
  }

  private void requireWorking(ApiTokenRecord t, Instant now) {
    if (t.revokedAt() != null) {
      throw new InvalidTokenException(TokenFailureReason.API_TOKEN_INVALID);
    }
    if (!now.isBefore(t.expiresAt())) {
      throw new InvalidTokenException(TokenFailureReason.EXPIRED);
    }
    Optional<StoredUser> owner = store.users().findById(t.userId());
    if (owner.isEmpty() || !owner.get().enabled()) {
      throw new InvalidTokenException(TokenFailureReason.API_TOKEN_INVALID);
    }
    Optional<Membership> m = store.organizations().findMembership(t.organizationId(), t.userId());
    if (m.isEmpty() || !m.get().isActive()) {
      throw new InvalidTokenException(TokenFailureReason.API_TOKEN_INVALID);
    }
  }

  private void touch(ApiTokenRecord t, Instant now) {
    Instant last = t.lastUsedAt();
    Instant notAfter = now.minus(TOUCH_INTERVAL);
    if (last != null && last.isAfter(notAfter)) {
      return;
    }
    try {
      tokens().touch(t.id(), now.truncatedTo(ChronoUnit.MICROS), notAfter);
    } catch (StoreUnavailableException e) {
      // bookkeeping only: the token was checked, the request goes on
      LOG.warn("Could not record the last use of API token {}: {}", t.id(), e.getMessage());
    }
  }

  private Principal principal(ApiTokenRecord t) {
    List<String> scopes = List.copyOf(new TreeSet<>(t.permissions()));
    return new Principal(new AccessClaims(t.userId(), t.id(), t.organizationId(), t.id(),
        t.createdAt(), t.expiresAt(), config.clientId(), scopes, List.of()), identity,
        PrincipalKind.API_TOKEN);
  }

  /** The permissions a member's role grants now, or none when the role is gone. */
  static Set<String> permissionsOf(Store store, Membership m) {
    Optional<SystemRole> system = SystemRole.byName(m.role());
    if (system.isPresent()) {
      return system.get().permissions();
    }
    return store.organizations().findRole(m.organizationId(), m.role())
        .map(Role::permissions).orElse(Set.of());
  }
}
