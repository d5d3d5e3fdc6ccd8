package dev.janua.jdbc;

import dev.janua.spi.Store;
import dev.janua.testing.StoreContract;
import org.junit.jupiter.api.AfterAll;

/**
 * The core's store contract, unchanged, against PostgreSQL. {@link #sameDataStore()} is a second
 * {@link JdbcStore} on the same schema, so the concurrent rotation test runs across two instances.
 */
class JdbcStoreIT extends StoreContract {
  private static final String SCHEMA = TestDatabase.freshSchema(JdbcStoreIT.class);
  private static JdbcStore first;
  private static JdbcStore second;

  @Override
  protected Store newStore() {
    synchronized (JdbcStoreIT.class) {
      if (first == null) {
        first = JdbcStore.builder().config(TestDatabase.config(SCHEMA).build()).build();
        second = JdbcStore.builder().config(TestDatabase.config(SCHEMA).build()).build();
      }
      return first;
    }
  }

  @Override
  protected Store sameDataStore() {
    return second;
  }

  @AfterAll
  static void dropSchema() {
    if (first != null) {
      first.close();
      second.close();
    }
    TestDatabase.dropSchema(SCHEMA);
  }
}
