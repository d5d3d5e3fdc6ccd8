package dev.janua.memory;

import dev.janua.AuditEvent;
import dev.janua.ConflictException;
import dev.janua.spi.ApiTokenRecord;
import dev.janua.spi.ApiTokenStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The API tokens aggregate of an {@link InMemoryStore}. */
final class MemoryApiTokens implements ApiTokenStore {
  private final MemoryState s;

  MemoryApiTokens(MemoryState state) {
    this.s = state;
  }

  @Override
  public void create(ApiTokenRecord token, AuditEvent event) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(event, "event");
    s.locked(() -> {
      if (s.apiTokens.containsKey(token.id()) || s.apiTokenIdByHash.containsKey(token.tokenHash())) {
        throw new ConflictException("id", "An API token with this id or hash already exists");
      }
      s.apiTokens.put(token.id(), token);
      s.apiTokenIdByHash.put(token.tokenHash(), token.id());
      s.audit.add(event);
      return null;
    });
  }

  @Override
  public Optional<ApiTokenRecord> find(String id) {
    return Optional.ofNullable(s.apiTokens.get(id));
  }

  @Override
  public Optional<ApiTokenRecord> findByHash(String tokenHash) {
    String id = s.apiTokenIdByHash.get(tokenHash);
    return id == null ? Optional.empty() : find(id).filter(t -> t.revokedAt() == null);
  }

  @Override
  public List<ApiTokenRecord> listOf(String userId) {
    return s.apiTokens.values().stream()
        .filter(t -> t.userId().equals(userId) && t.revokedAt() == null)
        .sorted(Comparator.comparing(ApiTokenRecord::createdAt).thenComparing(ApiTokenRecord::id)
            .reversed())
        .toList();
  }

  @Override
  public boolean revoke(String id, String userId, Instant now, AuditEvent event) {
    return s.locked(() -> {
      ApiTokenRecord t = s.apiTokens.get(id);
      if (t == null || !t.userId().equals(userId) || t.revokedAt() != null) {
        return false;
      }
      s.apiTokens.put(id, new ApiTokenRecord(t.id(), t.userId(), t.organizationId(), t.name(),
          t.tokenHash(), t.displayPrefix(), t.permissions(), t.createdAt(), t.expiresAt(),
          t.lastUsedAt(), now));
      s.audit.add(event);
      return true;
    });
  }

  @Override
  public boolean touch(String id, Instant now, Instant notAfter) {
    return s.locked(() -> {
      ApiTokenRecord t = s.apiTokens.get(id);
      if (t == null || t.revokedAt() != null
          || (t.lastUsedAt() != null && t.lastUsedAt().isAfter(notAfter))) {
        return false;
      }
      s.apiTokens.put(id, new ApiTokenRecord(t.id(), t.userId(), t.organizationId(), t.name(),
          t.tokenHash(), t.displayPrefix(), t.permissions(), t.createdAt(), t.expiresAt(), now,
          t.revokedAt()));
      return true;
    });
  }
}
