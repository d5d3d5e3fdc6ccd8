package dev.janua.memory;

import dev.janua.spi.Store;
import dev.janua.testing.StoreContract;

/** The whole store contract on the reference implementation, a new store per test. */
class InMemoryStoreTest extends StoreContract {
  @Override
  protected Store newStore() {
    return new InMemoryStore();
  }
}
