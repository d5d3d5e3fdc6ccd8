package dev.janua.cache;

import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.id;
import static dev.janua.testing.Fixtures.membership;
import static dev.janua.testing.Fixtures.orgEvent;
import static dev.janua.testing.Fixtures.organization;
import static dev.janua.testing.Fixtures.tokenHash;
import static dev.janua.testing.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEventType;
import dev.janua.Organization;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.ApiTokenRecord;
import dev.janua.spi.StoredUser;
import dev.janua.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API-token reads of CachingStore: served from the cache, dropped on revoke and touch. */
class CachingApiTokensTest {
  private final MutableClock clock = MutableClock.startingAt2026();
  private final Instant now = clock.instant();
  private final InMemoryStore store = new InMemoryStore();
  private TieredCache cache;
  private CachingStore caching;
  private ApiTokenRecord token;

  @BeforeEach
  void setUp() {
    cache = TieredCache.builder().clock(clock).build();
    caching = CachingStore.wrap(store, cache);
    StoredUser u = user(now);
    store.users().create(u, event(AuditEventType.SIGNUP, u.id(), now));
    Organization org = organization(u.id(), now);
    store.organizations().create(org, membership(org.id(), u.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, u.id(), org.id(), now));
    token = new ApiTokenRecord(id(), u.id(), org.id(), "ci", tokenHash(), "jnu_Ab3x",
        Set.of("org:read"), now, now.plus(Duration.ofDays(1)), null, null);
    caching.apiTokens().create(token, event(AuditEventType.API_TOKEN_CREATED, u.id(), now));
  }

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  void findByHash_servedFromCache_untilRevokedThroughIt() {
    assertThat(caching.apiTokens().findByHash(token.tokenHash())).contains(token);
    long hits = cache.stats().l1Hits();
    assertThat(caching.apiTokens().findByHash(token.tokenHash())).contains(token);
    assertThat(cache.stats().l1Hits()).isGreaterThan(hits);
    caching.apiTokens().revoke(token.id(), token.userId(), now,
        event(AuditEventType.API_TOKEN_REVOKED, token.userId(), now));
    assertThat(caching.apiTokens().findByHash(token.tokenHash())).isEmpty();
    assertThat(caching.apiTokens().find(token.id()).orElseThrow().revokedAt()).isEqualTo(now);
  }

  @Test
  void touch_refusedBecauseTheCachedTimeWasStale_dropsTheStaleCopy() {
    assertThat(caching.apiTokens().find(token.id()).orElseThrow().lastUsedAt()).isNull();
    // another instance wrote the last use; this one's cached copy still says never
    assertThat(store.apiTokens().touch(token.id(), now, now.minus(Duration.ofMinutes(1)))).isTrue();
    assertThat(caching.apiTokens().find(token.id()).orElseThrow().lastUsedAt()).isNull();
    Instant later = now.plusSeconds(10);
    assertThat(caching.apiTokens().touch(token.id(), later, later.minus(Duration.ofMinutes(1))))
        .isFalse();
    assertThat(caching.apiTokens().find(token.id()).orElseThrow().lastUsedAt()).isEqualTo(now);
  }
}
