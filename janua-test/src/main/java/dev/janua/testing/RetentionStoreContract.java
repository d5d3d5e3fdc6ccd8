package dev.janua.testing;

import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.id;
import static dev.janua.testing.Fixtures.membership;
import static dev.janua.testing.Fixtures.organization;
import static dev.janua.testing.Fixtures.orgEvent;
import static dev.janua.testing.Fixtures.session;
import static dev.janua.testing.Fixtures.token;
import static dev.janua.testing.Fixtures.tokenHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import dev.janua.AuditQuery;
import dev.janua.Invitation;
import dev.janua.Organization;
import dev.janua.PurgeCounts;
import dev.janua.Session;
import dev.janua.spi.AccountToken;
import dev.janua.spi.AccountTokenPurpose;
import dev.janua.spi.ApiTokenRecord;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.RefreshTokenRotation;
import dev.janua.spi.RetentionCutoffs;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.Store;
import dev.janua.spi.StoredUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link dev.janua.spi.RetentionStore}: a purge deletes exactly what ended before
 * its cutoffs (counted per kind) and nothing live, also in small batches and when two purgers run
 * at once.
 *
 * <p>The suite works in 1995, long before the times the other suites write (2026): each test first
 * purges everything before 2000, so whatever earlier retention tests left in a shared store is
 * gone, and the counts of its own purge are exact. No other suite's rows are touched.
 */
public abstract class RetentionStoreContract extends AbstractStoreContract {
  /** Before every time this suite writes, after none of the other suites' times. */
  private static final Instant CLEAN_BEFORE = Instant.parse("2000-01-01T00:00:00Z");
  private static final Duration DAY = Duration.ofDays(1);
  /** How many times the concurrent case races two purgers. */
  protected static final int PURGE_RACES = 3;

  private Instant t0;

  /** Lets subclasses exist. */
  protected RetentionStoreContract() {}

  @BeforeEach
  void startIn1995() {
    store.retention().purge(new RetentionCutoffs(CLEAN_BEFORE, CLEAN_BEFORE), 10_000);
    t0 = Instant.parse("1995-03-01T10:00:00.123456Z");
    now = t0;
  }

  private Instant day(long n) {
    return t0.plus(DAY.multipliedBy(n));
  }

  private PurgeCounts purge(Store target, Instant endedBefore, Instant auditBefore, int batch) {
    return target.retention().purge(new RetentionCutoffs(endedBefore, auditBefore), batch);
  }

  /** A session of {@code u} created at {@code at}, capped {@code cap} later, with a first token. */
  private Session sessionAt(StoredUser u, Instant at, Duration cap, Duration ttl,
      RefreshTokenRecord[] first) {
    Session s = session(u.id(), at, cap);
    first[0] = token(s, at, ttl);
    store.sessions().create(s, first[0], event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), at));
    return s;
  }

  private void revoke(Session s, Instant at) {
    assertThat(store.sessions().revoke(s.id(), at,
        event(AuditEventType.SESSION_REVOKED, s.userId(), at))).isTrue();
  }

  private RotationOutcome rotate(String spent, String successor, Instant at) {
    return store.sessions().rotateRefreshToken(
        new RefreshTokenRotation(spent, successor, at.plus(TTL)), at,
        event(AuditEventType.TOKEN_REFRESHED, null, at));
  }

  @Test
  void purge_endedSessionsAndExpiredRefreshTokens_goneExactly_liveAndReuseTokensKept() {
    StoredUser u = createdUser();
    RefreshTokenRecord[] first = new RefreshTokenRecord[1];
    // Live session: token a spent on day 5 (expires day 7), b spent on day 6 (expires day 12).
    Session live = sessionAt(u, t0, CAP, TTL, first);
    String a = first[0].tokenHash();
    String b = tokenHash();
    String c = tokenHash();
    assertThat(rotate(a, b, day(5))).isInstanceOf(RotationOutcome.Rotated.class);
    assertThat(rotate(b, c, day(6))).isInstanceOf(RotationOutcome.Rotated.class);
    // Revoked on day 6, its token (expiring day 12) unspent: goes with the session.
    Session revokedLongAgo = sessionAt(u, day(5), CAP, TTL, first);
    String revokedToken = first[0].tokenHash();
    revoke(revokedLongAgo, day(6));
    // Revoked on day 11, after the cutoff: kept with its token.
    Session revokedRecently = sessionAt(u, day(8), CAP, TTL, first);
    String recentToken = first[0].tokenHash();
    revoke(revokedRecently, day(11));
    // Capped after one day.
    Session expired = sessionAt(u, t0, DAY, DAY, first);
    String expiredToken = first[0].tokenHash();

    PurgeCounts counts = purge(store, day(10), null, 100);

    assertThat(counts).isEqualTo(new PurgeCounts(3, 2, 0, 0, 0, 0));
    assertThat(store.sessions().find(revokedLongAgo.id())).isEmpty();
    assertThat(store.sessions().find(expired.id())).isEmpty();
    assertThat(store.sessions().find(live.id())).isPresent();
    assertThat(store.sessions().find(revokedRecently.id())).isPresent();
    assertThat(store.sessions().findRefreshToken(a)).isEmpty();
    assertThat(store.sessions().findRefreshToken(revokedToken)).isEmpty();
    assertThat(store.sessions().findRefreshToken(expiredToken)).isEmpty();
    assertThat(store.sessions().findRefreshToken(b)).isPresent();
    assertThat(store.sessions().findRefreshToken(c)).isPresent();
    assertThat(store.sessions().findRefreshToken(recentToken)).isPresent();
    // The spent token kept for its live session is still recognized as reuse.
    assertThat(rotate(b, tokenHash(), day(10))).isInstanceOf(RotationOutcome.AlreadySpent.class);
    assertThat(purge(store, day(10), null, 100)).isEqualTo(PurgeCounts.NONE);
  }

  @Test
  void purge_nothingEndedBeforeCutoff_deletesNothing() {
    StoredUser u = createdUser();
    RefreshTokenRecord[] first = new RefreshTokenRecord[1];
    Session live = sessionAt(u, t0, CAP, TTL, first);
    Session revoked = sessionAt(u, t0, CAP, TTL, new RefreshTokenRecord[1]);
    revoke(revoked, t0);
    // The cutoff is the revocation itself: "before" is strict.
    assertThat(purge(store, t0, t0, 100)).isEqualTo(PurgeCounts.NONE);
    assertThat(store.sessions().find(live.id())).isPresent();
    assertThat(store.sessions().find(revoked.id())).isPresent();
    assertThat(store.sessions().findRefreshToken(first[0].tokenHash())).isPresent();
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10))).hasSize(4);
  }

  @Test
  void purge_oneTimeTokens_expiredOrRevokedBeforeCutoff_goneExactly() {
    // Account tokens: one used and one unused expired on day 1, one expiring on day 20.
    StoredUser u1 = createdUser();
    StoredUser u2 = createdUser();
    StoredUser u3 = createdUser();
    AccountToken unusedOld = accountToken(u1, AccountTokenPurpose.PASSWORD_RESET, day(1));
    AccountToken usedOld = accountToken(u2, AccountTokenPurpose.EMAIL_VERIFICATION, day(1));
    assertThat(store.accountTokens().verifyEmail(usedOld.tokenHash(), t0,
        event(AuditEventType.EMAIL_VERIFIED, u2.id(), t0)).name()).isEqualTo("DONE");
    AccountToken fresh = accountToken(u3, AccountTokenPurpose.PASSWORD_RESET, day(20));
    // Invitations: one expired on day 3, one expiring on day 20.
    Organization org = organization(u1.id(), t0);
    store.organizations().create(org, membership(org.id(), u1.id(), "owner", t0),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, u1.id(), org.id(), t0));
    String oldInvitation = invitation(org, u1, day(3));
    String pendingInvitation = invitation(org, u1, day(20));
    // API tokens: expired on day 2; revoked on day 4 (expiring day 300); revoked on day 12; live.
    ApiTokenRecord expiredApi = apiToken(u1, org, day(2));
    ApiTokenRecord revokedOld = apiToken(u1, org, day(300));
    ApiTokenRecord revokedRecently = apiToken(u1, org, day(300));
    ApiTokenRecord liveApi = apiToken(u1, org, day(300));
    revokeApi(revokedOld, day(4));
    revokeApi(revokedRecently, day(12));

    PurgeCounts counts = purge(store, day(10), null, 100);

    assertThat(counts).isEqualTo(new PurgeCounts(0, 0, 2, 1, 2, 0));
    assertThat(store.accountTokens().find(unusedOld.tokenHash())).isEmpty();
    assertThat(store.accountTokens().find(usedOld.tokenHash())).isEmpty();
    assertThat(store.accountTokens().find(fresh.tokenHash())).isPresent();
    assertThat(store.invitations().findPending(oldInvitation, t0)).isEmpty();
    assertThat(store.invitations().findPending(pendingInvitation, day(10))).isPresent();
    assertThat(store.apiTokens().find(expiredApi.id())).isEmpty();
    assertThat(store.apiTokens().find(revokedOld.id())).isEmpty();
    assertThat(store.apiTokens().findByHash(revokedOld.tokenHash())).isEmpty();
    assertThat(store.apiTokens().find(revokedRecently.id())).isPresent();
    assertThat(store.apiTokens().find(liveApi.id())).isPresent();
    assertThat(store.apiTokens().findByHash(liveApi.tokenHash())).isPresent();
  }

  @Test
  void purge_auditEvents_olderThanCutoffGone_nullKeepsAll() {
    StoredUser u = createdUser(); // its signup event at t0
    store.audit().append(event(AuditEventType.SIGNIN_FAILED, u.id(), day(1)));
    AuditEvent recent = event(AuditEventType.SIGNIN_FAILED, u.id(), day(5));
    store.audit().append(recent);

    assertThat(purge(store, t0, null, 100)).isEqualTo(PurgeCounts.NONE);
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10))).hasSize(3);

    assertThat(purge(store, t0, day(3), 100)).isEqualTo(new PurgeCounts(0, 0, 0, 0, 0, 2));
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10))).extracting(AuditEvent::id)
        .containsExactly(recent.id());
  }

  @Test
  void purge_smallBatches_deleteEverythingOnce() {
    StoredUser u = createdUser();
    for (int i = 0; i < 25; i++) {
      Session s = sessionAt(u, t0, CAP, TTL, new RefreshTokenRecord[1]);
      revoke(s, t0);
    }
    // 25 signins, 25 revocations and the signup, all at t0.
    assertThat(purge(store, day(1), day(1), 4)).isEqualTo(new PurgeCounts(25, 25, 0, 0, 0, 51));
    assertThat(store.sessions().live(u.id(), t0)).isEmpty();
    assertThat(purge(store, day(1), day(1), 4)).isEqualTo(PurgeCounts.NONE);
  }

  @Test
  void purge_batchSizeBelowOne_refused() {
    assertThatThrownBy(() -> purge(store, t0, null, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
  }

  @Test
  void purge_twoPurgersAtOnce_everyRowDeletedAndCountedOnce() throws Exception {
    int sessions = 60;
    try (Race race = new Race(2)) {
      for (int round = 0; round < PURGE_RACES; round++) {
        StoredUser u = createdUser();
        for (int i = 0; i < sessions; i++) {
          Session s = sessionAt(u, t0, CAP, TTL, new RefreshTokenRecord[1]);
          revoke(s, t0);
        }
        List<Callable<PurgeCounts>> purgers = new ArrayList<>();
        purgers.add(() -> purge(store, day(1), day(1), 7));
        purgers.add(() -> purge(sameDataStore(), day(1), day(1), 7));
        PurgeCounts total = PurgeCounts.NONE;
        for (Race.Attempt<PurgeCounts> attempt : race.run(purgers)) {
          assertThat(attempt.error()).as("round %d", round).isNull();
          total = total.plus(attempt.value());
        }
        assertThat(total).as("round %d", round)
            .isEqualTo(new PurgeCounts(sessions, sessions, 0, 0, 0, 2L * sessions + 1));
        assertThat(purge(store, day(1), day(1), 7)).isEqualTo(PurgeCounts.NONE);
      }
    }
  }

  private AccountToken accountToken(StoredUser u, AccountTokenPurpose purpose, Instant expiresAt) {
    AccountToken t = new AccountToken(tokenHash(), purpose, u.id(), u.email(), t0, expiresAt, null);
    store.accountTokens().issue(t, event(AuditEventType.PASSWORD_RESET_REQUESTED, u.id(), t0));
    return t;
  }

  private String invitation(Organization org, StoredUser by, Instant expiresAt) {
    String hash = tokenHash();
    Invitation inv = new Invitation(id(), org.id(), Fixtures.uniqueEmail(), "member", by.id(), t0,
        expiresAt);
    store.invitations().create(inv, hash,
        orgEvent(AuditEventType.INVITATION_SENT, by.id(), org.id(), t0));
    return hash;
  }

  private ApiTokenRecord apiToken(StoredUser u, Organization org, Instant expiresAt) {
    ApiTokenRecord t = new ApiTokenRecord(id(), u.id(), org.id(), "ci", tokenHash(), "jnu_Ab3x",
        Set.of("invoices:read"), t0, expiresAt, null, null);
    store.apiTokens().create(t, event(AuditEventType.API_TOKEN_CREATED, u.id(), t0));
    return t;
  }

  private void revokeApi(ApiTokenRecord t, Instant at) {
    assertThat(store.apiTokens().revoke(t.id(), t.userId(), at,
        event(AuditEventType.API_TOKEN_REVOKED, t.userId(), at))).isTrue();
  }
}
