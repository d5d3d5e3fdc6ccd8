package dev.janua.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.CreatedApiToken;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.Organization;
import dev.janua.Principal;
import dev.janua.PrincipalKind;
import dev.janua.RoleName;
import dev.janua.TokenFailureReason;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.JanuaPlugin;
import dev.janua.testing.MutableClock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines, unchanged, each built with {@link CachePlugin} (own L1) on one shared store, with a
 * plugin that provides one L2 fake and one end of an in-process bus, as janua-redis's plugin
 * provides Redis: A's revocations and role changes are seen by B's very next call.
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
    a = engine(shared, l2, bus, new AtomicReference<>());
    AtomicReference<TieredCache> built = new AtomicReference<>();
    b = engine(shared, l2, bus, built);
    cacheB = built.get();
  }

  @AfterEach
  void tearDown() {
    a.close();
    b.close();
  }

  /** An engine with the cache plugin, and a plugin that provides the shared tier and the bus. */
  static AuthEngine engine(InMemoryStore shared, RemoteCache l2, InProcessBus bus,
      AtomicReference<TieredCache> cache, MutableClock clock) {
    return engine(shared, l2, bus, cache, clock, CachePolicy.defaults());
  }

  static AuthEngine engine(InMemoryStore shared, RemoteCache l2, InProcessBus bus,
      AtomicReference<TieredCache> cache, MutableClock clock, CachePolicy policy) {
    InvalidationBus end = bus.endpoint();
    JanuaPlugin sharedServices = ctx -> {
      ctx.provide(RemoteCache.class, l2);
      ctx.provide(InvalidationBus.class, end);
      ctx.whenAssembled(() -> cache.set(ctx.find(TieredCache.class).orElseThrow()));
    };
    return AuthEngine.builder()
        .config(JanuaConfig.builder().bcryptRounds(4)
        .keyEncryptionKey(dev.janua.testing.Fixtures.KEY_ENCRYPTION_KEY).build())
        .store(shared)
        .install(CachePlugin.of(policy))
        .install(sharedServices)
        .clock(clock)
        .persistentKeys(true)
        .build();
  }

  private AuthEngine engine(InMemoryStore shared, RemoteCache l2, InProcessBus bus,
      AtomicReference<TieredCache> cache) {
    return engine(shared, l2, bus, cache, clock);
  }

  @Test
  void signoutOnA_rejectedByBsNextValidate() {
    AuthResult signup = a.signup("ada-" + System.nanoTime() + "@example.com",
        "correct horse battery", client, "Ada");
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
    AuthResult first = a.signup(email, "correct horse battery", client, "Bob");
    AuthResult second = a.signin(email, "correct horse battery", client);
    assertThat(b.validate(first.tokens().accessToken())).isNotNull();
    assertThat(b.validate(second.tokens().accessToken())).isNotNull();

    a.sessions().revokeAll(first.user().id());

    assertThatThrownBy(() -> b.validate(first.tokens().accessToken()))
        .isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> b.validate(second.tokens().accessToken()))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void roleChangedOnA_seenByBsNextPermissionCheck() {
    long n = System.nanoTime();
    AuthResult owner = a.signup("owner-" + n + "@example.com", "correct horse battery", client,
        "O");
    AuthResult member = a.signup("member-" + n + "@example.com", "correct horse battery", client,
        "M");
    Principal ownerP = a.validate(owner.tokens().accessToken());
    Organization org = a.organizations().create(ownerP, "Org " + n, "org-" + n);
    a.organizations().addMember(ownerP, org.id(), member.user().id(), RoleName.of("viewer"));

    Principal memberOnB = b.validate(member.tokens().accessToken());
    assertThat(b.checkPermission(memberOnB, org.id(), "members:read")).isFalse();
    assertThat(b.checkPermission(memberOnB, org.id(), "members:read")).isFalse();

    a.organizations().changeRole(ownerP, org.id(), member.user().id(), RoleName.of("member"));

    assertThat(b.checkPermission(memberOnB, org.id(), "members:read")).isTrue();
  }

  @Test
  void customRoleUpdatedOrDeletedOnA_seenByBsNextPermissionCheck() {
    long n = System.nanoTime();
    AuthResult owner = a.signup("owner-r" + n + "@example.com", "correct horse battery", client,
        "O");
    AuthResult member = a.signup("member-r" + n + "@example.com", "correct horse battery", client,
        "M");
    Principal ownerP = a.validate(owner.tokens().accessToken());
    Organization org = a.organizations().create(ownerP, "Org " + n, "org-r" + n);
    a.organizations().createRole(ownerP, org.id(), "billing", java.util.Set.of("invoices:read"));
    a.organizations().addMember(ownerP, org.id(), member.user().id(), RoleName.of("billing"));

    Principal memberOnB = b.validate(member.tokens().accessToken());
    assertThat(b.checkPermission(memberOnB, org.id(), "invoices:write")).isFalse();
    assertThat(b.checkPermission(memberOnB, org.id(), "invoices:read")).isTrue();
    assertThat(b.checkPermission(memberOnB, org.id(), "invoices:read")).isTrue(); // from B's L1

    a.organizations().updateRole(ownerP, org.id(), "billing", java.util.Set.of("invoices:*"));
    assertThat(b.checkPermission(memberOnB, org.id(), "invoices:write")).isTrue();

    a.organizations().deleteRole(ownerP, org.id(), "billing");
    assertThat(b.checkPermission(memberOnB, org.id(), "invoices:read")).isFalse();
    assertThat(b.checkPermission(memberOnB, org.id(), "org:read")).isTrue(); // now a viewer
    assertThat(b.organizations().members(b.validate(owner.tokens().accessToken()), org.id()))
        .filteredOn(m -> m.userId().equals(member.user().id()))
        .extracting(dev.janua.Membership::role).containsExactly("viewer");
  }

  @Test
  void organizationDeletedOnA_seenByBsNextCalls() {
    long n = System.nanoTime();
    AuthResult owner = a.signup("owner-d" + n + "@example.com", "correct horse battery", client,
        "O");
    Principal ownerP = a.validate(owner.tokens().accessToken());
    Organization org = a.organizations().create(ownerP, "Org " + n, "org-d" + n);
    Principal ownerOnB = b.validate(owner.tokens().accessToken());
    assertThat(b.organizations().list(ownerOnB)).extracting(Organization::id).containsExactly(org.id());
    assertThat(b.checkPermission(ownerOnB, org.id(), "org:read")).isTrue();

    a.organizations().delete(ownerP, org.id());

    assertThat(b.checkPermission(ownerOnB, org.id(), "org:read")).isFalse();
    assertThat(b.organizations().list(ownerOnB)).isEmpty();
    assertThatThrownBy(() -> b.organizations().update(ownerOnB, org.id(), "Renamed", null))
        .isInstanceOf(dev.janua.PermissionDeniedException.class);
  }

  @Test
  void apiTokenRevokedOnA_rejectedByBsNextAuthenticate() {
    long n = System.nanoTime();
    AuthResult owner = a.signup("tok-" + n + "@example.com", "correct horse battery", client, "T");
    Principal ownerP = a.validate(owner.tokens().accessToken());
    Organization org = a.organizations().create(ownerP, "Org " + n, "org-" + n);
    CreatedApiToken created = a.apiTokens().create(ownerP, org.id(), "ci", Set.of("org:read"),
        clock.instant().plus(Duration.ofDays(30)));
    assertThat(b.authenticate(created.token()).kind()).isEqualTo(PrincipalKind.API_TOKEN);
    long hits = cacheB.stats().l1Hits();
    Principal onB = b.authenticate(created.token());
    assertThat(cacheB.stats().l1Hits()).as("B authenticates from its own L1").isGreaterThan(hits);

    a.apiTokens().revoke(ownerP, created.apiToken().id());

    assertThatThrownBy(() -> b.authenticate(created.token()))
        .isInstanceOf(InvalidTokenException.class)
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(TokenFailureReason.API_TOKEN_INVALID);
    assertThatThrownBy(() -> b.checkPermission(onB, org.id(), "org:read"))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void apiTokenOwnerRemovedOnA_rejectedByB() {
    long n = System.nanoTime();
    AuthResult owner = a.signup("own-" + n + "@example.com", "correct horse battery", client, "O");
    AuthResult admin = a.signup("adm-" + n + "@example.com", "correct horse battery", client, "A");
    Principal ownerP = a.validate(owner.tokens().accessToken());
    Principal adminP = a.validate(admin.tokens().accessToken());
    Organization org = a.organizations().create(ownerP, "Org " + n, "org-" + n);
    a.organizations().addMember(ownerP, org.id(), admin.user().id(), RoleName.of("admin"));
    String token = a.apiTokens().create(adminP, org.id(), "ci", Set.of("members:create"),
        clock.instant().plus(Duration.ofDays(30))).token();
    Principal onB = b.authenticate(token);
    assertThat(b.checkPermission(onB, org.id(), "members:create")).isTrue();

    a.organizations().changeRole(ownerP, org.id(), admin.user().id(), RoleName.of("viewer"));
    assertThat(b.checkPermission(b.authenticate(token), org.id(), "members:create")).isFalse();

    a.organizations().removeMember(ownerP, org.id(), admin.user().id());
    assertThatThrownBy(() -> b.authenticate(token)).isInstanceOf(InvalidTokenException.class);
  }
}
