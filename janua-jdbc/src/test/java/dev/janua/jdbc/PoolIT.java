package dev.janua.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.StoreUnavailableException;
import dev.janua.spi.HealthStatus;
import dev.janua.spi.PoolStats;
import dev.janua.testing.Fixtures;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pool from the guide's variables: sizes, timeout as "store unavailable", stats, health. */
class PoolIT {
  private static final String SCHEMA = TestDatabase.freshSchema(PoolIT.class);
  private static JdbcStore store;

  @BeforeAll
  static void open() {
    store = JdbcStore.builder()
        .config(TestDatabase.config(SCHEMA).poolSize(1).maxOverflow(1)
            .poolTimeout(Duration.ofMillis(500)).build())
        .healthCheckTimeout(Duration.ofMillis(700))
        .build();
  }

  @AfterAll
  static void close() {
    store.close();
    TestDatabase.dropSchema(SCHEMA);
  }

  @Test
  void poolStats_reportMaximumAndActiveConnections() throws SQLException {
    assertThat(store.poolStats().max()).isEqualTo(2);
    try (Connection held = store.dataSource().getConnection()) {
      PoolStats stats = store.poolStats();
      assertThat(stats.active()).isEqualTo(1);
      assertThat(stats.max()).isEqualTo(2);
    }
    assertThat(store.poolStats().active()).isZero();
  }

  @Test
  void poolExhausted_callFailsStoreUnavailable_notSqlException_healthDown() throws SQLException {
    try (Connection a = store.dataSource().getConnection();
        Connection b = store.dataSource().getConnection()) {
      assertThatThrownBy(() -> store.users().findById(Fixtures.id()))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("unavailable")
          .satisfies(e -> assertThat(((StoreUnavailableException) e).code())
              .isEqualTo("store_unavailable"));
      HealthStatus health = store.healthCheck().check();
      assertThat(health.up()).isFalse();
    }
    assertThat(store.users().findById(Fixtures.id())).isEmpty();
    assertThat(store.healthCheck().check()).isEqualTo(HealthStatus.ok());
    assertThat(store.healthCheck().name()).isEqualTo("database");
  }
}
