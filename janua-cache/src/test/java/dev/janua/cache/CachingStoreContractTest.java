package dev.janua.cache;

import dev.janua.memory.InMemoryStore;
import dev.janua.spi.Store;
import dev.janua.testing.StoreContract;

/** The whole store contract through the cache (L1 only): any stale read after a write fails it. */
class CachingStoreContractTest extends StoreContract {
  @Override
  protected Store newStore() {
    return CachingStore.wrap(new InMemoryStore(), TieredCache.builder().build());
  }
}
