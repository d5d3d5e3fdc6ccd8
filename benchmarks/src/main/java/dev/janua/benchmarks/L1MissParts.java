package dev.janua.benchmarks;

import dev.janua.AuthResult;
import dev.janua.cache.CachePolicy;
import dev.janua.cache.CachingStore;
import dev.janua.cache.TieredCache;
import dev.janua.jdbc.JdbcStore;
import dev.janua.jdbc.JdbcStoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;

/**
 * The parts of the L1-miss row (docs/performance.md, "Where an aim is still missed"), measured in
 * one process and alternately, so that the machine's drift falls on all of them alike: Janua's
 * validation with an L1 that holds nothing over PostgreSQL; the same first-sight validation on the
 * in-memory store (verify and parsing, no database); the store's session read alone; and the
 * floor's two parts, a bare RS256 verify and a bare primary-key {@code SELECT} on one open
 * connection. A plain main (2,000 calls per part and round, 12 rounds), not JMH: the figures to
 * read are the sums and ratios within a round. Needs PostgreSQL (see {@link Services}); a fresh
 * schema, dropped afterwards.
 *
 * <p>{@code java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.janua.benchmarks.L1MissParts}
 */
public final class L1MissParts {
  private static final int CALLS = 2_000;

  private L1MissParts() {}

  private interface Part {
    Object run() throws Exception;
  }

  private static double micros(Part part) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < CALLS; i++) {
      part.run();
    }
    return (System.nanoTime() - start) / (CALLS * 1e3);
  }

  /**
   * Prints one line per round.
   *
   * @param args none
   * @throws Exception when PostgreSQL is unreachable
   */
  public static void main(String[] args) throws Exception {
    String schema = Services.freshSchema("janua_bench_l1miss");
    try (JdbcStore jdbc = JdbcStore.builder().config(JdbcStoreConfig.builder()
        .jdbcUrl(Services.databaseUrl()).schema(schema).build()).build();
        Connection connection = DriverManager.getConnection(Services.databaseUrl())) {
      Fixture miss = Fixture.create(Fixture.config().tokenCacheMaxSize(0).build(),
          CachingStore.wrap(jdbc, TieredCache.builder()
              .policy(CachePolicy.builder().l1MaximumSize(0).build()).build()));
      Fixture memory = Fixture.create(Fixture.config().tokenCacheMaxSize(0).build(), null);
      AuthResult m = miss.signUp("miss-" + Fixture.EMAIL);
      String token = m.tokens().accessToken();
      String sessionId = m.session().id();
      String memoryToken = memory.signUp(Fixture.EMAIL).tokens().accessToken();
      PreparedStatement select = connection.prepareStatement("SELECT id, user_id, ip_address, "
          + "user_agent, created_at, last_used_at, expires_at, revoked_at FROM \"" + schema
          + "\".sessions WHERE id = ?");
      Peers.SignedInput signed = Peers.SignedInput.of(token);
      Peers.BareVerifier bare = new Peers.BareVerifier(miss.publicKey());
      for (int round = 1; round <= 12; round++) {
        double janua = micros(() -> miss.engine().validate(token));
        double firstSight = micros(() -> memory.engine().validate(memoryToken));
        double find = micros(() -> jdbc.sessions().find(sessionId));
        double verify = micros(() -> bare.verify(signed));
        double query = micros(() -> {
          select.setString(1, sessionId);
          try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
          }
        });
        System.out.printf(Locale.ROOT, "round %2d: Janua L1 miss %.1f us | in-memory first sight "
            + "%.1f + store session read %.1f | bare verify %.1f + bare select %.1f = floor %.1f "
            + "| ratio %.2f%n", round, janua, firstSight, find, verify, query, verify + query,
            janua / (verify + query));
      }
      miss.engine().close();
      memory.engine().close();
    } finally {
      Services.dropSchema(schema);
    }
  }
}
