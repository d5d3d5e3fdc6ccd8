package dev.janua.testing;

import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.id;
import static dev.janua.testing.Fixtures.membership;
import static dev.janua.testing.Fixtures.orgEvent;
import static dev.janua.testing.Fixtures.organization;
import static dev.janua.testing.Fixtures.tokenHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuditEventType;
import dev.janua.AuditQuery;
import dev.janua.ConflictException;
import dev.janua.Organization;
import dev.janua.spi.ApiTokenRecord;
import dev.janua.spi.ApiTokenStore;
import dev.janua.spi.Store;
import dev.janua.spi.StoredUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ApiTokenStore}: tokens found by id and by hash, lists without revoked
 * ones, revocation once only, and {@code last_used_at} written once per interval, also when
 * revocation races use and when many uses touch one token at once.
 */
public abstract class ApiTokenStoreContract extends AbstractStoreContract {
  /** How many callers touch or revoke one token at once in the concurrent cases. */
  protected static final int RACERS = 20;
  /** How often revocation races use. */
  protected static final int REVOKE_RACES = 30;

  private static final Duration LIFETIME = Duration.ofDays(90);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** Lets subclasses exist. */
  protected ApiTokenStoreContract() {}

  /** A user, an organization they own, and nothing else. */
  private record Owner(StoredUser user, Organization org) {}

  private Owner owner() {
    StoredUser u = createdUser();
    Organization org = organization(u.id(), now);
    store.organizations().create(org, membership(org.id(), u.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, u.id(), org.id(), now));
    return new Owner(u, org);
  }

  private ApiTokenRecord token(Owner o) {
    return new ApiTokenRecord(id(), o.user().id(), o.org().id(), "ci", tokenHash(), "jnu_Ab3x",
        Set.of("invoices:read", "members:*"), now, now.plus(LIFETIME), null, null);
  }

  private ApiTokenRecord created(Owner o) {
    ApiTokenRecord t = token(o);
    store.apiTokens().create(t, event(AuditEventType.API_TOKEN_CREATED, o.user().id(), now));
    return t;
  }

  private boolean revoke(Store target, ApiTokenRecord t) {
    return target.apiTokens().revoke(t.id(), t.userId(), now,
        event(AuditEventType.API_TOKEN_REVOKED, t.userId(), now));
  }

  @Test
  void create_thenFindByIdAndHash_sameRecordAndEvent_expiredStillFound() {
    Owner o = owner();
    ApiTokenRecord t = created(o);
    assertThat(store.apiTokens().find(t.id())).contains(t);
    assertThat(store.apiTokens().findByHash(t.tokenHash())).contains(t);
    assertThat(store.apiTokens().find(id())).isEmpty();
    assertThat(store.apiTokens().findByHash(tokenHash())).isEmpty();
    assertThat(t.isActive(now)).isTrue();
    assertThat(t.isActive(t.expiresAt())).isFalse();
    ApiTokenRecord expired = new ApiTokenRecord(id(), o.user().id(), o.org().id(), "old",
        tokenHash(), "jnu_Zz9y", Set.of("org:read"), now.minus(LIFETIME), now.minusSeconds(1),
        now.minusSeconds(2), null);
    store.apiTokens().create(expired, event(AuditEventType.API_TOKEN_CREATED, o.user().id(), now));
    assertThat(store.apiTokens().findByHash(expired.tokenHash())).contains(expired);
    assertThat(store.audit().query(AuditQuery.forUser(o.user().id(), 100)))
        .anyMatch(e -> e.type() == AuditEventType.API_TOKEN_CREATED);
  }

  @Test
  void create_duplicateHash_conflictAndNothingWritten() {
    Owner o = owner();
    ApiTokenRecord t = created(o);
    ApiTokenRecord twin = new ApiTokenRecord(id(), t.userId(), t.organizationId(), "twin",
        t.tokenHash(), t.displayPrefix(), t.permissions(), now, t.expiresAt(), null, null);
    assertThatThrownBy(() -> store.apiTokens().create(twin,
        event(AuditEventType.API_TOKEN_CREATED, t.userId(), now)))
        .isInstanceOf(ConflictException.class);
    assertThat(store.apiTokens().find(twin.id())).isEmpty();
    assertThat(store.apiTokens().findByHash(t.tokenHash())).contains(t);
  }

  @Test
  void listOf_newestFirst_withoutRevokedOrOthers() {
    Owner o = owner();
    ApiTokenRecord old = created(o);
    now = now.plusSeconds(10);
    ApiTokenRecord newer = created(o);
    now = now.plusSeconds(10);
    ApiTokenRecord revoked = created(o);
    assertThat(revoke(store, revoked)).isTrue();
    created(owner());
    assertThat(store.apiTokens().listOf(o.user().id())).extracting(ApiTokenRecord::id)
        .containsExactly(newer.id(), old.id());
  }

  @Test
  void revoke_onceOnly_ownerOnly_andRecorded() {
    Owner o = owner();
    ApiTokenRecord t = created(o);
    assertThat(store.apiTokens().revoke(t.id(), id(), now,
        event(AuditEventType.API_TOKEN_REVOKED, t.userId(), now))).as("another user").isFalse();
    assertThat(store.apiTokens().find(t.id()).orElseThrow().revokedAt()).isNull();
    assertThat(revoke(store, t)).isTrue();
    assertThat(revoke(store, t)).isFalse();
    assertThat(store.apiTokens().revoke(id(), t.userId(), now,
        event(AuditEventType.API_TOKEN_REVOKED, t.userId(), now))).as("unknown").isFalse();
    ApiTokenRecord after = store.apiTokens().find(t.id()).orElseThrow();
    assertThat(after.revokedAt()).isEqualTo(now);
    assertThat(after.isActive(now)).isFalse();
    assertThat(store.apiTokens().findByHash(t.tokenHash())).as("revoked: not found by hash").isEmpty();
    assertThat(store.audit().query(AuditQuery.forUser(o.user().id(), 100))
        .stream().filter(e -> e.type() == AuditEventType.API_TOKEN_REVOKED)).hasSize(1);
  }

  @Test
  void touch_writesAtMostOncePerInterval_andNeverARevokedToken() {
    Owner o = owner();
    ApiTokenRecord t = created(o);
    assertThat(store.apiTokens().touch(t.id(), now, now.minus(MINUTE))).isTrue();
    assertThat(store.apiTokens().find(t.id()).orElseThrow().lastUsedAt()).isEqualTo(now);
    Instant soon = now.plusSeconds(30);
    assertThat(store.apiTokens().touch(t.id(), soon, soon.minus(MINUTE))).isFalse();
    assertThat(store.apiTokens().findByHash(t.tokenHash()).orElseThrow().lastUsedAt()).isEqualTo(now);
    Instant later = now.plus(MINUTE);
    assertThat(store.apiTokens().touch(t.id(), later, later.minus(MINUTE))).isTrue();
    assertThat(store.apiTokens().findByHash(t.tokenHash()).orElseThrow().lastUsedAt())
        .isEqualTo(later);
    assertThat(store.apiTokens().touch(id(), later, later)).as("unknown").isFalse();
    assertThat(revoke(store, t)).isTrue();
    Instant much = later.plus(Duration.ofHours(1));
    assertThat(store.apiTokens().touch(t.id(), much, much.minus(MINUTE))).isFalse();
    assertThat(store.apiTokens().find(t.id()).orElseThrow().lastUsedAt()).isEqualTo(later);
  }

  @Test
  void touch_concurrent_exactlyOneWrites() throws Exception {
    Owner o = owner();
    ApiTokenRecord t = created(o);
    List<Callable<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      Store target = alternate(i);
      calls.add(() -> target.apiTokens().touch(t.id(), now, now.minus(MINUTE)));
    }
    List<Race.Attempt<Boolean>> attempts;
    try (Race race = new Race(RACERS)) {
      attempts = race.run(calls);
    }
    assertThat(attempts).allSatisfy(a -> assertThat(a.error()).isNull());
    assertThat(attempts).filteredOn(a -> Boolean.TRUE.equals(a.value())).hasSize(1);
    assertThat(store.apiTokens().find(t.id()).orElseThrow().lastUsedAt()).isEqualTo(now);
  }

  @Test
  void revoke_concurrent_exactlyOneRevokes() throws Exception {
    Owner o = owner();
    ApiTokenRecord t = created(o);
    List<Callable<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      Store target = alternate(i);
      calls.add(() -> revoke(target, t));
    }
    List<Race.Attempt<Boolean>> attempts;
    try (Race race = new Race(RACERS)) {
      attempts = race.run(calls);
    }
    assertThat(attempts).allSatisfy(a -> assertThat(a.error()).isNull());
    assertThat(attempts).filteredOn(a -> Boolean.TRUE.equals(a.value())).hasSize(1);
    assertThat(store.audit().query(AuditQuery.forUser(o.user().id(), 100))
        .stream().filter(e -> e.type() == AuditEventType.API_TOKEN_REVOKED)).hasSize(1);
  }

  @Test
  void revoke_raceWithUse_revokedAndNeverTouchedAfter() throws Exception {
    try (Race race = new Race(2)) {
      for (int round = 0; round < REVOKE_RACES; round++) {
        Owner o = owner();
        ApiTokenRecord t = created(o);
        Store user = alternate(round);
        Store revoker = alternate(round + 1);
        List<Callable<Boolean>> calls = List.of(
            () -> user.apiTokens().touch(t.id(), now, now.minus(MINUTE)),
            () -> revoke(revoker, t));
        List<Race.Attempt<Boolean>> attempts = race.run(calls);
        assertThat(attempts).allSatisfy(a -> assertThat(a.error()).isNull());
        assertThat(attempts.get(1).value()).as("the revocation").isTrue();
        ApiTokenRecord after = store.apiTokens().find(t.id()).orElseThrow();
        assertThat(after.revokedAt()).isEqualTo(now);
        assertThat(sameDataStore().apiTokens().findByHash(t.tokenHash())).isEmpty();
        // a touch that won was before the revocation and kept; one that lost wrote nothing
        assertThat(after.lastUsedAt()).isEqualTo(attempts.get(0).value() ? now : null);
        assertThat(sameDataStore().apiTokens().find(t.id()).orElseThrow().isActive(now)).isFalse();
        Instant later = now.plus(Duration.ofHours(1));
        assertThat(store.apiTokens().touch(t.id(), later, later.minus(MINUTE))).isFalse();
      }
    }
  }
}
