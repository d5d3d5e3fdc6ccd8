package dev.janua.cache;

import dev.janua.memory.InMemoryStore;
import dev.janua.spi.Store;
import dev.janua.testing.StoreContract;
import java.time.Clock;

/**
 * The store contract over two instances sharing one store, one L2 fake and one bus: every record
 * goes through the L2 codec, and {@link #sameDataStore()} is the other instance.
 */
class CachingStoreWithRemoteContractTest extends StoreContract {
  private Store other;

  @Override
  protected Store newStore() {
    InMemoryStore shared = new InMemoryStore();
    MapRemoteCache l2 = new MapRemoteCache(Clock.systemUTC());
    InProcessBus bus = new InProcessBus();
    other = CachingStore.wrap(shared,
        TieredCache.builder().remote(l2).bus(bus.endpoint()).build());
    return CachingStore.wrap(shared, TieredCache.builder().remote(l2).bus(bus.endpoint()).build());
  }

  @Override
  protected Store sameDataStore() {
    return other;
  }
}
