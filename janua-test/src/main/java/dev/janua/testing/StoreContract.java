package dev.janua.testing;

import dev.janua.spi.Store;
import org.junit.jupiter.api.Nested;

/**
 * The whole store contract: every aggregate's suite, each as a {@link Nested} group. A store
 * implementation's test extends this class and implements {@link #newStore()}:
 *
 * <pre>{@code
 * class MyStoreTest extends StoreContract {
 *   @Override
 *   protected Store newStore() {
 *     return new MyStore(...);
 *   }
 * }
 * }</pre>
 *
 * <p>Override {@link #sameDataStore()} when two instances of the store can run over the same data
 * (two pools on one database): the concurrent cases then send half their calls to each. To run
 * one aggregate's suite alone, extend it instead ({@link UserStoreContract}, {@link
 * SessionStoreContract}, {@link OrganizationStoreContract}, {@link OrganizationAdminContract},
 * {@link AuditStoreContract}, {@link
 * SigningKeyStoreContract}, {@link ApiTokenStoreContract},
 * {@link AccountTokenStoreContract}, {@link InvitationStoreContract}, {@link
 * RetentionStoreContract}, {@link DeviceStoreContract}).
 *
 * <p>The suites never assume an empty store: every value they write is unique, so {@link
 * #newStore()} may return stores over one shared data set (one schema per test class).
 */
public abstract class StoreContract {
  /** The store of the running test: the one {@link #newStore()} returned last. */
  protected Store store;

  /** Lets subclasses exist. */
  protected StoreContract() {}

  /** A store to test, called before each test; it may share data with stores returned before. */
  protected abstract Store newStore();

  /**
   * A second store over the same data as {@link #store}, as another instance would see it. The
   * default is {@link #store} itself.
   */
  protected Store sameDataStore() {
    return store;
  }

  private Store nextStore() {
    store = newStore();
    return store;
  }

  /** {@link UserStoreContract} on this store. */
  @Nested
  class Users extends UserStoreContract {
    @Override
    protected Store newStore() {
      return nextStore();
    }

    @Override
    protected Store sameDataStore() {
      return StoreContract.this.sameDataStore();
    }
  }

  /** {@link SessionStoreContract} on this store. */
  @Nested
  class Sessions extends SessionStoreContract {
    @Override
    protected Store newStore() {
      return nextStore();
    }

    @Override
    protected Store sameDataStore() {
      return StoreContract.this.sameDataStore();
    }
  }

  /** {@link OrganizationStoreContract} on this store. */
  @Nested
  class Organizations extends OrganizationStoreContract {
    @Override
    protected Store newStore() {
      return nextStore();
    }

    @Override
    protected Store sameDataStore() {
      return StoreContract.this.sameDataStore();
    }

    @Override
    protected int ownerRaces() {
      return StoreContract.this.ownerRaces();
    }
  }

  /** {@link OrganizationAdminContract} on this store. */
  @Nested
  class OrganizationAdmin extends OrganizationAdminContract {
    @Override
    protected Store newStore() {
      return nextStore();
    }

    @Override
    protected Store sameDataStore() {
      return StoreContract.this.sameDataStore();
    }
  }

  /** {@link AuditStoreContract} on this store. */
  @Nested
  class Audit extends AuditStoreContract {
    @Override
    protected Store newStore() {
      return nextStore();
    }

    @Override
    protected Store sameDataStore() {
      return StoreContract.this.sameDataStore();
    }
  }

  /** {@link SigningKeyStoreContract} on this store. */
  @Nested
  class SigningKeys extends SigningKeyStoreContract {
    @Override
    protected Store newStore() {
      return nextStore();
    }

    @Override
    protected Store sameDataStore() {
      return StoreContract.this.sameDataStore();
    }
  }

  /** {@link ApiTokenStoreContract} on this store. */
  @Nested
  class ApiTokens extends ApiTokenStoreContract {
    @Override
    protected Store newStore() {
      return nextStore();
    }

    @Override
    protected Store sameDataStore() {
      return StoreContract.this.sameDataStore();
    }
  }

  /** {@link AccountTokenStoreContract} on this store. */
  @Nested
  class AccountTokens extends AccountTokenStoreContract {
    @Override
    protected Store newStore() {
      return nextStore();
    }

    @Override
    protected Store sameDataStore() {
      return StoreContract.this.sameDataStore();
    }
  }

  /** {@link InvitationStoreContract} on this store. */
  @Nested
  class Invitations extends InvitationStoreContract {
    @Override
    protected Store newStore() {
      return nextStore();
    }

    @Override
    protected Store sameDataStore() {
      return StoreContract.this.sameDataStore();
    }
  }

  /** {@link RetentionStoreContract} on this store. */
  @Nested
  class Retention extends RetentionStoreContract {
    @Override
    protected Store newStore() {
      return nextStore();
    }

    @Override
    protected Store sameDataStore() {
      return StoreContract.this.sameDataStore();
    }
  }

  /** {@link DeviceStoreContract} on this store. */
  @Nested
  class Devices extends DeviceStoreContract {
    @Override
    protected Store newStore() {
      return nextStore();
    }

    @Override
    protected Store sameDataStore() {
      return StoreContract.this.sameDataStore();
    }
  }

  /** {@link FactorStoreContract} on this store. */
  @Nested
  class Factors extends FactorStoreContract {
    @Override
    protected Store newStore() {
      return nextStore();
    }

    @Override
    protected Store sameDataStore() {
      return StoreContract.this.sameDataStore();
    }
  }

  /** {@link PasskeyStoreContract} on this store. */
  @Nested
  class Passkeys extends PasskeyStoreContract {
    @Override
    protected Store newStore() {
      return nextStore();
    }

    @Override
    protected Store sameDataStore() {
      return StoreContract.this.sameDataStore();
    }
  }

  /** See {@link OrganizationStoreContract#ownerRaces()} (default 50). */
  protected int ownerRaces() {
    return 50;
  }
}
