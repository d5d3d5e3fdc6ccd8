package dev.janua.redis;

import static org.assertj.core.api.Assertions.fail;

import dev.janua.StoreUnavailableException;
import dev.janua.cache.CachingStore;
import dev.janua.cache.InvalidationBus;
import dev.janua.cache.TieredCache;
import dev.janua.jdbc.JdbcStore;
import dev.janua.spi.Store;
import dev.janua.testing.StoreContract;
import dev.janua.testing.TestServices;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;

/**
 * The store contract through the cache over PostgreSQL: two instances, each a {@link CachingStore}
 * (its own in-process tier) over its own {@link JdbcStore} on one schema, joined by a synchronous
 * in-process bus. The concurrent cases (signins racing a disable among them) send half their calls
 * to each instance.
 */
class CachingJdbcStoreIT extends StoreContract {
  private static final String SCHEMA = TestServices.freshSchema(CachingJdbcStoreIT.class);
  private static final List<Consumer<InvalidationBus.Invalidation>> LISTENERS =
      new CopyOnWriteArrayList<>();
  private static JdbcStore firstJdbc;
  private static JdbcStore secondJdbc;
  private static Store first;
  private static Store second;

  /** One end of the bus: what it publishes reaches every listener but its own. */
  private static InvalidationBus endpoint() {
    List<Consumer<InvalidationBus.Invalidation>> own = new CopyOnWriteArrayList<>();
    return new InvalidationBus() {
      @Override
      public void publish(Collection<String> keys, Collection<String> prefixes) {
        InvalidationBus.Invalidation m =
            new InvalidationBus.Invalidation(List.copyOf(keys), List.copyOf(prefixes));
        LISTENERS.stream().filter(l -> !own.contains(l)).forEach(l -> l.accept(m));
      }

      @Override
      public void subscribe(Consumer<InvalidationBus.Invalidation> listener) {
        own.add(listener);
        LISTENERS.add(listener);
      }

      @Override
      public void unsubscribe(Consumer<InvalidationBus.Invalidation> listener) {
        own.remove(listener);
        LISTENERS.remove(listener);
      }
    };
  }

  private static JdbcStore jdbc() {
    try {
      return JdbcStore.builder().config(RedisTestSupport.database().schema(SCHEMA).poolSize(4)
          .build()).build();
    } catch (StoreUnavailableException e) {
      return fail("PostgreSQL for CachingJdbcStoreIT does not answer: set JANUA_TEST_DATABASE_URL "
          + "or run PostgreSQL on 127.0.0.1:5432 with a database 'test'", e);
    }
  }

  @Override
  protected Store newStore() {
    synchronized (CachingJdbcStoreIT.class) {
      if (first == null) {
        firstJdbc = jdbc();
        secondJdbc = jdbc();
        first = CachingStore.wrap(firstJdbc, TieredCache.builder().bus(endpoint()).build());
        second = CachingStore.wrap(secondJdbc, TieredCache.builder().bus(endpoint()).build());
      }
      return first;
    }
  }

  @Override
  protected Store sameDataStore() {
    return second;
  }

  @AfterAll
  static void dropSchema() throws Exception {
    if (firstJdbc == null) {
      return;
    }
    try (Connection c = firstJdbc.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
    ((CachingStore) first).cache().close();
    ((CachingStore) second).cache().close();
    firstJdbc.close();
    secondJdbc.close();
  }
}
