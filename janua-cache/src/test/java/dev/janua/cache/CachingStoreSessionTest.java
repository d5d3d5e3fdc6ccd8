package dev.janua.cache;

import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.session;
import static dev.janua.testing.Fixtures.token;
import static dev.janua.testing.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEventType;
import dev.janua.Session;
import dev.janua.cache.internal.CacheKeys;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.AuditStore;
import dev.janua.spi.CacheStats;
import dev.janua.spi.OrganizationStore;
import dev.janua.spi.SessionStore;
import dev.janua.spi.SigningKeyStore;
import dev.janua.spi.Store;
import dev.janua.spi.UserStore;
import dev.janua.spi.StoredUser;
import dev.janua.testing.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session read path of CachingStore: one in-process lookup by id, and its invalidations. */
class CachingStoreSessionTest {
  private final MutableClock clock = MutableClock.startingAt2026();
  private final Instant now = clock.instant();
  private final InMemoryStore shared = new InMemoryStore();
  private final AtomicInteger findSessionCalls = new AtomicInteger();
  /**
   * Runs once inside the next store {@code sessions().find} (on a miss, the one read that serves
   * both the owner and the session), after the store has read the session.
   */
  private final AtomicReference<Runnable> duringLoad = new AtomicReference<>();
  private Store counting;

  @BeforeEach
  void setUp() {
    SessionStore sessions = (SessionStore) Proxy.newProxyInstance(
        SessionStore.class.getClassLoader(), new Class<?>[] {SessionStore.class},
        (proxy, method, args) -> {
          try {
            Object result = method.invoke(shared.sessions(), args);
            if (method.getName().equals("find")) {
              findSessionCalls.incrementAndGet();
              Runnable r = duringLoad.getAndSet(null);
              if (r != null) {
                r.run();
              }
            }
            return result;
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    counting = new Store() {
      @Override
      public UserStore users() {
        return shared.users();
      }

      @Override
      public SessionStore sessions() {
        return sessions;
      }

      @Override
      public OrganizationStore organizations() {
        return shared.organizations();
      }

      @Override
      public AuditStore audit() {
        return shared.audit();
      }

      @Override
      public SigningKeyStore signingKeys() {
        return shared.signingKeys();
      }

      @Override
      public dev.janua.spi.AccountTokenStore accountTokens() {
        return shared.accountTokens();
      }

      @Override
      public dev.janua.spi.InvitationStore invitations() {
        return shared.invitations();
      }

      @Override
      public dev.janua.spi.RetentionStore retention() {
        return shared.retention();
      }

      @Override
      public dev.janua.spi.DeviceStore devices() {
        return shared.devices();
      }

      @Override
      public dev.janua.spi.FactorStore factors() {
        return shared.factors();
      }

      @Override
      public dev.janua.spi.PasskeyStore passkeys() {
        return shared.passkeys();
      }
    };
  }

  private StoredUser createdUser(Store store) {
    StoredUser u = user(now);
    store.users().create(u, event(AuditEventType.SIGNUP, u.id(), now));
    return u;
  }

  private Session createdSession(Store store, StoredUser u) {
    Session s = session(u.id(), now, Duration.ofDays(30));
    store.sessions().create(s, token(s, now, Duration.ofDays(7)),
        event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
    return s;
  }

  @Test
  void findSession_cached_oneL1HitAndNoStoreRead() {
    TieredCache cache = TieredCache.builder().clock(clock).build();
    CachingStore store = CachingStore.wrap(counting, cache);
    StoredUser u = createdUser(store);
    Session s = createdSession(store, u);
    assertThat(store.sessions().find(s.id())).contains(s);
    int reads = findSessionCalls.get();
    CacheStats before = cache.stats();

    assertThat(store.sessions().find(s.id())).contains(s);

    CacheStats after = cache.stats();
    assertThat(findSessionCalls).hasValue(reads);
    assertThat(after.l1Hits() - before.l1Hits()).isEqualTo(1); // one lookup, not owner + session
    assertThat(after.hits() - before.hits()).isEqualTo(1);
    assertThat(after.misses()).isEqualTo(before.misses());
  }

  @Test
  void findSession_l1Miss_readsTheStoreOnce() {
    // the first request on an instance: neither the owner nor the session is cached
    TieredCache cache = TieredCache.builder().clock(clock).build();
    CachingStore store = CachingStore.wrap(counting, cache);
    StoredUser u = createdUser(shared);
    Session s = createdSession(shared, u);

    assertThat(store.sessions().find(s.id())).contains(s);

    assertThat(findSessionCalls).hasValue(1);
    int reads = findSessionCalls.get();
    assertThat(store.sessions().find(s.id())).contains(s);
    assertThat(findSessionCalls).hasValue(reads);
  }

  @Test
  void findSession_ownerCachedSessionEvicted_readsTheSessionAgainOnce() {
    TieredCache cache = TieredCache.builder().clock(clock).build();
    CachingStore store = CachingStore.wrap(counting, cache);
    StoredUser u = createdUser(shared);
    Session s = createdSession(shared, u);
    store.sessions().find(s.id());
    cache.invalidate(CacheKeys.sessionAlias(s.id())); // the owner entry stays
    int reads = findSessionCalls.get();

    assertThat(store.sessions().find(s.id())).contains(s);

    assertThat(findSessionCalls).hasValue(reads + 1);
  }

  @Test
  void findSession_withRemote_secondReadIsOneL1Hit() {
    TieredCache cache = TieredCache.builder().clock(clock).remote(new MapRemoteCache(clock))
        .build();
    CachingStore store = CachingStore.wrap(counting, cache);
    StoredUser u = createdUser(store);
    Session s = createdSession(store, u);
    assertThat(store.sessions().find(s.id())).contains(s);
    int reads = findSessionCalls.get();
    long l1Hits = cache.stats().l1Hits();
    assertThat(store.sessions().find(s.id())).contains(s);
    assertThat(findSessionCalls).hasValue(reads);
    assertThat(cache.stats().l1Hits()).isEqualTo(l1Hits + 1);
  }

  @Test
  void revokeUserSessions_l1Only_dropsTheSessionHeldByIdAlone() {
    CachingStore store = CachingStore.wrap(counting, TieredCache.builder().clock(clock).build());
    StoredUser u = createdUser(store);
    Session s = createdSession(store, u);
    assertThat(store.sessions().find(s.id()).orElseThrow().isLive(now)).isTrue();
    store.sessions().revokeAll(u.id(), now, event(AuditEventType.SESSION_REVOKED, u.id(), now));
    assertThat(store.sessions().find(s.id()).orElseThrow().isLive(now)).isFalse();
  }

  @Test
  void findSession_userWideRevocationOnOtherInstanceDuringLoad_staleCopyNotKept() {
    // B reads a live session from the store; before B keeps it, A revokes all of the user's
    // sessions (a concurrent revocation): B must not serve its stale live copy afterwards.
    MapRemoteCache l2 = new MapRemoteCache(clock);
    InProcessBus bus = new InProcessBus();
    CachingStore a = CachingStore.wrap(shared,
        TieredCache.builder().clock(clock).remote(l2).bus(bus.endpoint()).build());
    CachingStore b = CachingStore.wrap(counting,
        TieredCache.builder().clock(clock).remote(l2).bus(bus.endpoint()).build());
    StoredUser u = createdUser(a);
    Session s = session(u.id(), now, Duration.ofDays(30));
    shared.sessions().create(s, token(s, now, Duration.ofDays(7)),
        event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now)); // never seen by A's cache
    duringLoad.set(() -> a.sessions().revokeAll(u.id(), now,
        event(AuditEventType.SESSION_REVOKED, u.id(), now)));

    assertThat(b.sessions().find(s.id()).orElseThrow().isLive(now)).isTrue(); // read before the write

    assertThat(b.sessions().find(s.id()).orElseThrow().isLive(now)).isFalse();
    assertThat(a.sessions().find(s.id()).orElseThrow().isLive(now)).isFalse();
  }

  @Test
  void findSession_singleRevocationOnOtherInstanceDuringLoad_staleCopyNotKept() {
    MapRemoteCache l2 = new MapRemoteCache(clock);
    InProcessBus bus = new InProcessBus();
    CachingStore a = CachingStore.wrap(shared,
        TieredCache.builder().clock(clock).remote(l2).bus(bus.endpoint()).build());
    CachingStore b = CachingStore.wrap(counting,
        TieredCache.builder().clock(clock).remote(l2).bus(bus.endpoint()).build());
    StoredUser u = createdUser(a);
    Session s = createdSession(a, u);
    duringLoad.set(() -> a.sessions().revoke(s.id(), now, event(AuditEventType.SIGNOUT, u.id(), now)));
    assertThat(b.sessions().find(s.id()).orElseThrow().isLive(now)).isTrue();
    assertThat(b.sessions().find(s.id()).orElseThrow().isLive(now)).isFalse();
  }

  @Test
  void busMessage_aliasName_dropsTheInProcessCopy() {
    InProcessBus bus = new InProcessBus();
    InvalidationBus other = bus.endpoint();
    CachingStore b = CachingStore.wrap(counting,
        TieredCache.builder().clock(clock).bus(bus.endpoint()).build());
    StoredUser u = createdUser(b);
    Session s = createdSession(b, u);
    b.sessions().find(s.id());
    b.sessions().find(s.id());
    int reads = findSessionCalls.get();
    other.publish(List.of(CacheKeys.sessionAlias(s.id())), List.of());
    b.sessions().find(s.id());
    assertThat(findSessionCalls.get()).isGreaterThan(reads);
  }

  @Test
  void findSession_sessionTtlElapsed_readAgain() {
    CachingStore store = CachingStore.wrap(counting, TieredCache.builder().clock(clock).build());
    StoredUser u = createdUser(store);
    Session s = createdSession(store, u);
    store.sessions().find(s.id());
    int reads = findSessionCalls.get();
    clock.advance(CacheDataType.SESSION.defaultTtl().minusNanos(1));
    store.sessions().find(s.id());
    assertThat(findSessionCalls).hasValue(reads);
    clock.advance(Duration.ofNanos(1));
    store.sessions().find(s.id());
    assertThat(findSessionCalls.get()).isGreaterThan(reads);
  }
}
