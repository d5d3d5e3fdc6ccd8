package dev.janua.cache;

import dev.janua.AuditEvent;
import dev.janua.spi.ApiTokenRecord;
import dev.janua.spi.ApiTokenStore;
import dev.janua.spi.Store;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The delegate's API tokens, asked for at each call: a store without them ({@link
 * Store#apiTokens()} refuses by default) can still be wrapped, and fails only when a token is used.
 */
final class LazyApiTokens implements ApiTokenStore {
  private final Store store;

  LazyApiTokens(Store store) {
    this.store = store;
  }

  @Override
  public void create(ApiTokenRecord token, AuditEvent event) {
    store.apiTokens().create(token, event);
  }

  @Override
  public Optional<ApiTokenRecord> find(String id) {
    return store.apiTokens().find(id);
  }

  @Override
  public Optional<ApiTokenRecord> findByHash(String tokenHash) {
    return store.apiTokens().findByHash(tokenHash);
  }

  @Override
  public List<ApiTokenRecord> listOf(String userId) {
    return store.apiTokens().listOf(userId);
  }

  @Override
  public boolean revoke(String id, String userId, Instant now, AuditEvent event) {
    return store.apiTokens().revoke(id, userId, now, event);
  }

  @Override
  public boolean touch(String id, Instant now, Instant notAfter) {
    return store.apiTokens().touch(id, now, notAfter);
  }
}
