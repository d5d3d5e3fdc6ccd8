package dev.janua.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import dev.janua.AuditQuery;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.KeyRing;
import dev.janua.TokenFailureReason;
import dev.janua.internal.RefreshTokens;
import dev.janua.internal.SealedSuccessors;
import dev.janua.testing.Fixtures;
import dev.janua.testing.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The refresh grace on PostgreSQL, two engines on two {@link JdbcStore} instances over one
 * schema: racing duplicates share the one successor, the thief-first sequence revokes the session,
 * and the database holds the successor only sealed under the spent token.
 */
class RefreshGraceIT {
  private static final String SCHEMA = TestDatabase.freshSchema(RefreshGraceIT.class);
  private static final String PASSWORD = "correct horse battery";
  private static final int ROUNDS = 50;
  private static final MutableClock CLOCK = MutableClock.startingAt2026();
  private static JdbcStore storeA;
  private static JdbcStore storeB;
  private static AuthEngine engineA;
  private static AuthEngine engineB;
  private final ClientInfo client = ClientInfo.of("203.0.113.12");

  @BeforeAll
  static void open() {
    storeA = JdbcStore.builder().config(TestDatabase.config(SCHEMA).build()).build();
    storeB = JdbcStore.builder().config(TestDatabase.config(SCHEMA).build()).build();
    JanuaConfig config = JanuaConfig.builder().bcryptRounds(4).rateLimitEnabled(false).build();
    KeyRing keys = KeyRing.generate("RS256");
    engineA = AuthEngine.builder().config(config).store(storeA).keyRing(keys).clock(CLOCK).build();
    engineB = AuthEngine.builder().config(config).store(storeB).keyRing(keys).clock(CLOCK).build();
  }

  @AfterAll
  static void close() {
    engineA.close();
    engineB.close();
    storeA.close();
    storeB.close();
    TestDatabase.dropSchema(SCHEMA);
  }

  private static TokenFailureReason reason(Throwable e) {
    return ((InvalidTokenException) e).reason();
  }

  private AuthResult signup() {
    return engineA.signup(Fixtures.uniqueEmail(), PASSWORD, client, null);
  }

  @Test
  void refresh_twoConcurrentDuplicatesOnTwoEngines_manyRounds_bothWorkWithTheSameSuccessor()
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        AuthResult up = signup();
        String spent = up.tokens().refreshToken();
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<AuthResult>> tabs = List.of(
            pool.submit(() -> {
              start.await();
              return engineA.refresh(spent, client);
            }),
            pool.submit(() -> {
              start.await();
              return engineB.refresh(spent, client);
            }));
        AuthResult a = tabs.get(0).get();
        AuthResult b = tabs.get(1).get();
        assertThat(a.tokens().refreshToken()).isEqualTo(b.tokens().refreshToken())
            .isNotEqualTo(spent);
        assertThat(engineB.validate(a.tokens().accessToken()).sessionId()).isEqualTo(up.session().id());
        assertThat(engineA.validate(b.tokens().accessToken()).sessionId()).isEqualTo(up.session().id());
        AuthResult next = (round % 2 == 0 ? engineA : engineB).refresh(a.tokens().refreshToken(), client);
        assertThat(engineA.validate(next.tokens().accessToken()).sessionId())
            .isEqualTo(up.session().id());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refresh_thiefFirst_victimsTokenRevokesTheSessionAndAudits() {
    AuthResult victim = signup();
    String t0 = victim.tokens().refreshToken();
    AuthResult t1 = engineA.refresh(t0, client);
    AuthResult t2 = engineA.refresh(t1.tokens().refreshToken(), client);
    CLOCK.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> engineB.refresh(t0, client))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.REFRESH_TOKEN_REUSED));
    assertThatThrownBy(() -> engineA.refresh(t2.tokens().refreshToken(), client))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.SESSION_REVOKED));
    assertThatThrownBy(() -> engineA.validate(t2.tokens().accessToken()))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.SESSION_REVOKED));
    assertThat(storeA.sessions().find(victim.session().id()).orElseThrow().revokedAt()).isNotNull();
    AuditEvent reuse = storeB.audit().query(AuditQuery.forUser(victim.user().id(), 1)).get(0);
    assertThat(reuse.type()).isEqualTo(AuditEventType.REFRESH_TOKEN_REUSE_DETECTED);
    assertThat(reuse.sessionId()).isEqualTo(victim.session().id());
  }

  @Test
  void refresh_duplicateWithinGraceAfterTheSuccessorWasUsed_isReuse() {
    AuthResult up = signup();
    String t0 = up.tokens().refreshToken();
    AuthResult tabA = engineA.refresh(t0, client);
    AuthResult tabB = engineB.refresh(t0, client);
    assertThat(tabB.tokens().refreshToken()).isEqualTo(tabA.tokens().refreshToken());
    engineB.refresh(tabB.tokens().refreshToken(), client);
    assertThatThrownBy(() -> engineA.refresh(t0, client))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.REFRESH_TOKEN_REUSED));
    assertThat(storeB.sessions().find(up.session().id()).orElseThrow().revokedAt()).isNotNull();
  }

  @Test
  void refresh_databaseHoldsTheSuccessorOnlySealed_underTheSpentToken() throws SQLException {
    AuthResult up = signup();
    String t0 = up.tokens().refreshToken();
    String t1 = engineA.refresh(t0, client).tokens().refreshToken();
    String sealed;
    String successorHash;
    try (Connection c = TestDatabase.connect(); PreparedStatement st = c.prepareStatement(
        "SELECT sealed_successor, successor_hash FROM \"" + SCHEMA + "\".refresh_tokens "
            + "WHERE token_hash = ?")) {
      st.setString(1, RefreshTokens.hash(t0));
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).isTrue();
        sealed = rs.getString(1);
        successorHash = rs.getString(2);
      }
    }
    assertThat(successorHash).isEqualTo(RefreshTokens.hash(t1));
    assertThat(sealed).isNotNull().isNotEqualTo(t1).isNotEqualTo(RefreshTokens.hash(t1))
        .doesNotContain(t1.substring(RefreshTokens.PREFIX.length()));
    // No column of any row holds the successor in clear.
    try (Connection c = TestDatabase.connect(); PreparedStatement st = c.prepareStatement(
        "SELECT count(*) FROM \"" + SCHEMA + "\".refresh_tokens t WHERE strpos(t::text, ?) > 0")) {
      st.setString(1, t1.substring(RefreshTokens.PREFIX.length()));
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
    // Only the spent token opens it: not what the database holds, not another token.
    assertThat(SealedSuccessors.open(t0, sealed)).contains(t1);
    assertThat(SealedSuccessors.open(RefreshTokens.hash(t0), sealed)).isEmpty();
    assertThat(SealedSuccessors.open(RefreshTokens.generate(), sealed)).isEmpty();
    assertThat(storeB.sessions().findRefreshToken(RefreshTokens.hash(t0)).orElseThrow()
        .sealedSuccessor()).isEqualTo(sealed);
  }
}
