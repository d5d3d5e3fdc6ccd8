package dev.janua.jdbc;

import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.membership;
import static dev.janua.testing.Fixtures.orgEvent;
import static dev.janua.testing.Fixtures.organization;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import dev.janua.AuditQuery;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.JanuaConfig;
import dev.janua.JanuaException;
import dev.janua.Membership;
import dev.janua.MembershipStatus;
import dev.janua.NotFoundException;
import dev.janua.Organization;
import dev.janua.PermissionDeniedException;
import dev.janua.Principal;
import dev.janua.RoleName;
import dev.janua.spi.MembershipChange;
import dev.janua.spi.OwnerRule;
import dev.janua.spi.StoredUser;
import dev.janua.testing.Fixtures;
import dev.janua.testing.MutableClock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An organization never loses its last active owner on PostgreSQL, whatever two instances do to
 * it at the same moment: 100 races of two engines (each with its own {@link JdbcStore}, installed
 * by {@link JdbcPlugin}, on one schema), and 100 races of the guarded store operations on two
 * stores directly (no engine pre-checks to narrow the window).
 */
class OwnerRaceIT {
  private static final String SCHEMA = TestDatabase.freshSchema(OwnerRaceIT.class);
  private static final int RACES = 100;
  private static final String PASSWORD = "correct horse battery";
  private static JdbcStore storeA;
  private static JdbcStore storeB;
  private static AuthEngine engineA;
  private static AuthEngine engineB;
  private static ExecutorService pool;

  @BeforeAll
  static void open() {
    storeA = JdbcStore.builder().config(TestDatabase.config(SCHEMA).build()).build();
    storeB = JdbcStore.builder().config(TestDatabase.config(SCHEMA).build()).build();
    JanuaConfig config = JanuaConfig.builder().bcryptRounds(4).rateLimitEnabled(false)
          .keyEncryptionKey(dev.janua.testing.Fixtures.KEY_ENCRYPTION_KEY).build();
    MutableClock clock = MutableClock.startingAt2026();
    JdbcPlugin plugin = JdbcPlugin.of(TestDatabase.config(SCHEMA).build());
    engineA = AuthEngine.builder().config(config).clock(clock).install(plugin).build();
    engineB = AuthEngine.builder().config(config).clock(clock).install(plugin).build();
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void close() {
    pool.shutdownNow();
    engineA.close();
    engineB.close();
    storeA.close();
    storeB.close();
    TestDatabase.dropSchema(SCHEMA);
  }

  /** Runs both at the same moment, on two threads; each result is "ok" or the exception. */
  private static List<Object> race(Callable<?> first, Callable<?> second) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    List<Future<Object>> futures = new ArrayList<>();
    for (Callable<?> task : List.of(first, second)) {
      futures.add(pool.submit(() -> {
        start.await(10, TimeUnit.SECONDS);
        try {
          Object result = task.call();
          return result == null ? "ok" : result;
        } catch (JanuaException e) {
          return e;
        }
      }));
    }
    List<Object> results = new ArrayList<>();
    for (Future<Object> f : futures) {
      results.add(f.get(60, TimeUnit.SECONDS));
    }
    return results;
  }

  private static List<Membership> activeOwners(String organizationId) {
    return storeA.organizations().members(organizationId).stream()
        .filter(OwnerRule::isActiveOwner).toList();
  }

  private static long guardedEvents(String organizationId) {
    Set<AuditEventType> guarded = Set.of(AuditEventType.ROLE_CHANGED, AuditEventType.MEMBER_REMOVED);
    return storeB.audit().query(AuditQuery.forOrganization(organizationId, 50)).stream()
        .map(AuditEvent::type).filter(guarded::contains).count();
  }

  private enum Kind { DEMOTE_EACH_OTHER, BOTH_LEAVE, DEMOTE_THE_OTHER_WHO_LEAVES, DEMOTE_AND_LEAVE }

  @Test
  void twoEngines_hundredRaces_ownersDemotingAndLeaving_neverZeroOwners() throws Exception {
    ClientInfo client = ClientInfo.of("203.0.113.10");
    AuthResult one = engineA.signup(Fixtures.uniqueEmail(), PASSWORD, client);
    AuthResult two = engineB.signup(Fixtures.uniqueEmail(), PASSWORD, client);
    // A principal is good on the engine that made it only.
    Principal p1 = engineA.validate(one.tokens().accessToken());
    Principal p1OnB = engineB.validate(one.tokens().accessToken());
    Principal p2 = engineB.validate(two.tokens().accessToken());
    String u1 = one.user().id();
    String u2 = two.user().id();
    int exactlyOneRaces = 0;
    for (int i = 0; i < RACES; i++) {
      Kind kind = Kind.values()[i % Kind.values().length];
      Organization org = engineA.organizations().create(p1, "Race " + i, "race-" + Fixtures.id());
      String o = org.id();
      engineA.organizations().addMember(p1, o, u2, RoleName.OWNER);
      List<Object> results = switch (kind) {
        case DEMOTE_EACH_OTHER -> race(
            () -> engineA.organizations().changeRole(p1, o, u2, RoleName.ADMIN),
            () -> engineB.organizations().changeRole(p2, o, u1, RoleName.ADMIN));
        case BOTH_LEAVE -> race(
            () -> { engineA.organizations().removeMember(p1, o, u1); return null; },
            () -> { engineB.organizations().removeMember(p2, o, u2); return null; });
        case DEMOTE_THE_OTHER_WHO_LEAVES -> race(
            () -> engineA.organizations().changeRole(p1, o, u2, RoleName.ADMIN),
            () -> { engineB.organizations().removeMember(p2, o, u2); return null; });
        case DEMOTE_AND_LEAVE -> race(
            () -> engineA.organizations().changeRole(p1, o, u2, RoleName.ADMIN),
            () -> { engineB.organizations().removeMember(p1OnB, o, u1); return null; });
      };
      long succeeded = results.stream().filter(r -> !(r instanceof JanuaException)).count();
      List<Membership> owners = activeOwners(o);
      assertThat(owners).as("race %d (%s): %s", i, kind, results).isNotEmpty();
      assertThat(guardedEvents(o)).as("race %d (%s): one event per change made", i, kind)
          .isEqualTo(succeeded);
      if (kind == Kind.DEMOTE_THE_OTHER_WHO_LEAVES) {
        // Either order is fine: demoted then left (both succeed), or left then not found.
        assertThat(succeeded).as("race %d (%s): %s", i, kind, results).isBetween(1L, 2L);
        assertThat(results).filteredOn(r -> r instanceof JanuaException)
            .allSatisfy(r -> assertThat(r).isInstanceOf(NotFoundException.class));
        assertThat(owners).extracting(Membership::userId).containsExactly(u1);
      } else {
        // Both succeeding would leave no owner: exactly one does, the other is refused.
        exactlyOneRaces++;
        assertThat(succeeded).as("race %d (%s): %s", i, kind, results).isEqualTo(1);
        assertThat(results).filteredOn(r -> r instanceof JanuaException)
            .singleElement().isInstanceOf(PermissionDeniedException.class);
        assertThat(owners).as("race %d (%s)", i, kind).hasSize(1);
      }
    }
    assertThat(exactlyOneRaces).isEqualTo(75);
  }

  @Test
  void twoStores_hundredRaces_guardedChanges_exactlyOneDone_otherLastOwner() throws Exception {
    Instant now = Instant.parse("2026-06-01T10:00:00Z").truncatedTo(ChronoUnit.MICROS);
    StoredUser u1 = Fixtures.user(now);
    StoredUser u2 = Fixtures.user(now);
    storeA.users().create(u1, event(AuditEventType.SIGNUP, u1.id(), now));
    storeA.users().create(u2, event(AuditEventType.SIGNUP, u2.id(), now));
    for (int i = 0; i < RACES; i++) {
      Organization org = organization(u1.id(), now);
      String o = org.id();
      Membership m1 = membership(o, u1.id(), "owner", now);
      Membership m2 = membership(o, u2.id(), "owner", now);
      storeA.organizations().create(org, m1,
          orgEvent(AuditEventType.ORGANIZATION_CREATED, u1.id(), o, now));
      storeA.organizations().addMember(m2, orgEvent(AuditEventType.MEMBER_ADDED, u2.id(), o, now));
      int kind = i % 3;
      List<Object> results = switch (kind) {
        case 0 -> race(
            () -> storeA.organizations().changeRole(m2.withRole("admin"), "owner",
                orgEvent(AuditEventType.ROLE_CHANGED, u2.id(), o, now)),
            () -> storeB.organizations().changeRole(m1.withRole("admin"), "owner",
                orgEvent(AuditEventType.ROLE_CHANGED, u1.id(), o, now)));
        case 1 -> race(
            () -> storeA.organizations().removeMember(o, u1.id(),
                orgEvent(AuditEventType.MEMBER_REMOVED, u1.id(), o, now)),
            () -> storeB.organizations().removeMember(o, u2.id(),
                orgEvent(AuditEventType.MEMBER_REMOVED, u2.id(), o, now)));
        default -> race(
            () -> storeA.organizations().setStatus(o, u2.id(), MembershipStatus.SUSPENDED,
                orgEvent(AuditEventType.ROLE_CHANGED, u2.id(), o, now)),
            () -> storeB.organizations().setStatus(o, u1.id(), MembershipStatus.SUSPENDED,
                orgEvent(AuditEventType.ROLE_CHANGED, u1.id(), o, now)));
      };
      assertThat(results).as("race %d (kind %d)", i, kind)
          .containsExactlyInAnyOrder(MembershipChange.DONE, MembershipChange.LAST_OWNER);
      assertThat(activeOwners(o)).as("race %d (kind %d)", i, kind).hasSize(1);
      assertThat(guardedEvents(o)).as("race %d: the refused change wrote nothing", i)
          .isEqualTo(1);
    }
  }
}
