package dev.janua.memory;

import dev.janua.spi.Store;
import dev.janua.testing.StoreContract;

class InMemoryStoreTest extends StoreContract {
  @Override
  protected Store newStore() {
    return new InMemoryStore();
  }
}
