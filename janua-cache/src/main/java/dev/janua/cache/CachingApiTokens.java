package dev.janua.cache;

import dev.janua.AuditEvent;
import dev.janua.cache.internal.CacheKeys;
import dev.janua.spi.ApiTokenRecord;
import dev.janua.spi.ApiTokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The API tokens aggregate of a {@link CachingStore}: tokens by id and by hash are cached for the
 * session time to live ({@link CacheDataType#SESSION}), so a warm authentication costs no store
 * read. Revocation and a written {@code last_used_at} drop both entries here and, through the bus,
 * on every other instance, as session revocation does. Lists are not cached.
 */
final class CachingApiTokens implements ApiTokenStore {
  private final ApiTokenStore delegate;
  private final TieredCache cache;

  CachingApiTokens(ApiTokenStore delegate, TieredCache cache) {
    this.delegate = delegate;
    this.cache = cache;
  }

  private static List<String> keys(String id, String hash) {
    return List.of(CacheKeys.apiToken(id), CacheKeys.apiTokenHash(hash));
  }

  @Override
  public void create(ApiTokenRecord token, AuditEvent event) {
    try {
      delegate.create(token, event);
    } finally {
      // absent results may have been cached under either name
      cache.invalidateAll(keys(token.id(), token.tokenHash()), List.of());
    }
  }

  @Override
  public Optional<ApiTokenRecord> find(String id) {
    Objects.requireNonNull(id, "id");
    return cache.get(CacheKeys.apiToken(id), CacheDataType.SESSION, () -> delegate.find(id));
  }

  @Override
  public Optional<ApiTokenRecord> findByHash(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return cache.get(CacheKeys.apiTokenHash(tokenHash), CacheDataType.SESSION,
        () -> delegate.findByHash(tokenHash));
  }

  /** Not cached: the list a user sees must be exact. */
  @Override
  public List<ApiTokenRecord> listOf(String userId) {
    return delegate.listOf(userId);
  }

  @Override
  public boolean revoke(String id, String userId, Instant now, AuditEvent event) {
    // the hash never changes, so it may be read before the write
    Optional<ApiTokenRecord> before = delegate.find(id);
    try {
      return delegate.revoke(id, userId, now, event);
    } finally {
      cache.invalidateAll(before.map(t -> keys(id, t.tokenHash()))
          .orElse(List.of(CacheKeys.apiToken(id))), List.of());
    }
  }

  /**
   * Both entries are dropped whether it wrote or not: after a write the next read sees the new
   * time; a refused touch means the cached copy's time was stale (another instance wrote it), and
   * reading it anew keeps this instance from asking again on every use.
   */
  @Override
  public boolean touch(String id, Instant now, Instant notAfter) {
    Optional<ApiTokenRecord> t = find(id);
    try {
      return delegate.touch(id, now, notAfter);
    } finally {
      cache.invalidateAll(t.map(r -> keys(id, r.tokenHash()))
          .orElse(List.of(CacheKeys.apiToken(id))), List.of());
    }
  }
}
