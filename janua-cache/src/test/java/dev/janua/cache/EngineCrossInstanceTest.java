package dev.janua.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.Organization;
import dev.janua.Principal;
import dev.janua.TokenFailureReason;
import dev.janua.memory.InMemoryStore;
import dev.janua.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines, unchanged, each over its own CachingStore (own L1) on one shared store, one L2 fake
 * and one in-process bus: A's revocations and role changes are seen by B's very next call.
 */
class EngineCrossInstanceTest {
  private final MutableClock clock = MutableClock.startingAt2026();
  private final ClientInfo client = new ClientInfo("203.0.113.7", "junit");
  private AuthEngine a;
  private AuthEngine b;
  private TieredCache cacheB;

  @BeforeEach
  void setUp() {
    InMemoryStore shared = new InMemoryStore();
    MapRemoteCache l2 = new MapRemoteCache(clock);
    InProcessBus bus = new InProcessBus();
    TieredCache cacheA = TieredCache.builder().clock(clock).remote(l2).bus(bus.endpoint()).build();
    cacheB = TieredCache.builder().clock(clock).remote(l2).bus(bus.endpoint()).build();
    a = engine(CachingStore.wrap(shared, cacheA));
    b = engine(CachingStore.wrap(shared, cacheB));
  }

  private AuthEngine engine(CachingStore store) {
    return AuthEngine.builder()
        .config(JanuaConfig.builder().bcryptRounds(4).build())
        .store(store)
        .clock(clock)
        .persistentKeys(true)
        .build();
  }

  @Test
  void signoutOnA_rejectedByBsNextValidate() {
    AuthResult signup = a.signup("ada-" + System.nanoTime() + "@example.com",
        "correct horse battery", "Ada", client);
    String token = signup.tokens().accessToken();
    assertThat(b.validate(token).userId()).isEqualTo(signup.user().id());
    assertThat(b.validate(token).userId()).isEqualTo(signup.user().id());
    assertThat(cacheB.stats().l1Hits()).isPositive(); // B validates from its own L1

    a.signout(a.validate(token));

    assertThatThrownBy(() -> b.validate(token))
        .isInstanceOf(InvalidTokenException.class)
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(TokenFailureReason.SESSION_REVOKED);
  }

  @Test
  void revokeSessionsOnA_everyTokenRejectedByB() {
    String email = "bob-" + System.nanoTime() + "@example.com";
    AuthResult first = a.signup(email, "correct horse battery", "Bob", client);
    AuthResult second = a.signin(email, "correct horse battery", client);
    assertThat(b.validate(first.tokens().accessToken())).isNotNull();
    assertThat(b.validate(second.tokens().accessToken())).isNotNull();

    a.revokeSessions(first.user().id());

    assertThatThrownBy(() -> b.validate(first.tokens().accessToken()))
        .isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> b.validate(second.tokens().accessToken()))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void roleChangedOnA_seenByBsNextPermissionCheck() {
    long n = System.nanoTime();
    AuthResult owner = a.signup("owner-" + n + "@example.com", "correct horse battery", "O", client);
    AuthResult member = a.signup("member-" + n + "@example.com", "correct horse battery", "M", client);
    Principal ownerP = a.validate(owner.tokens().accessToken());
    Organization org = a.createOrganization(ownerP, "Org " + n, "org-" + n);
    a.addMember(ownerP, org.id(), member.user().id(), "viewer");

    Principal memberOnB = b.validate(member.tokens().accessToken());
    assertThat(b.checkPermission(memberOnB, org.id(), "members:read")).isFalse();
    assertThat(b.checkPermission(memberOnB, org.id(), "members:read")).isFalse();

    a.changeRole(ownerP, org.id(), member.user().id(), "member");

    assertThat(b.checkPermission(memberOnB, org.id(), "members:read")).isTrue();
  }
}
