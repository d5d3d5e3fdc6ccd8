package dev.janua.testing;

import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.session;
import static dev.janua.testing.Fixtures.token;
import static dev.janua.testing.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEventType;
import dev.janua.Session;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.Store;
import dev.janua.spi.StoredUser;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every per-aggregate contract suite shares: how it gets the store under test, a fixed
 * {@link #now}, and helpers that write a user and a session. A store's test extends a suite (or
 * {@link StoreContract} for all of them) and implements {@link #newStore()}.
 *
 * <p>The suites never assume an empty store (an implementation may reuse one database schema for a
 * whole test class): every value they write is unique.
 */
public abstract class AbstractStoreContract {
  /** The absolute cap of the sessions the suites create. */
  protected static final Duration CAP = Duration.ofDays(30);
  /** The lifetime of the refresh tokens the suites create. */
  protected static final Duration TTL = Duration.ofDays(7);

  /** The store under test, from {@link #newStore()} before each test. */
  protected Store store;
  /** The time of the test: a fixed instant with microsecond precision; tests move it by hand. */
  protected Instant now;

  /** Lets subclasses exist; a suite is only run through a concrete subclass. */
  protected AbstractStoreContract() {}

  /** A store to test, called before each test; it may share data with stores returned before. */
  protected abstract Store newStore();

  /**
   * A second store over the same data as {@link #store}, as another instance of the service would
   * see it: the concurrent cases send half their calls here. The default is {@link #store} itself;
   * override it when the implementation can run twice over one data set (two pools on one
   * database, two caches over one store).
   */
  protected Store sameDataStore() {
    return store;
  }

  @BeforeEach
  void setUpStore() {
    store = newStore();
    now = Instant.parse("2026-06-01T10:00:00Z").plus(Duration.ofNanos(123_456_000))
        .truncatedTo(ChronoUnit.MICROS);
  }

  /** {@link #store} on even rounds, {@link #sameDataStore()} on odd ones. */
  protected Store alternate(int round) {
    return round % 2 == 0 ? store : sameDataStore();
  }

  /**
   * Asserts a profile read ({@code findById}, {@code findByEmail}): the user, with its password
   * hash from a store of record or, through a cache, with {@link StoredUser#HASH_WITHHELD}.
   */
  protected static void assertProfile(Optional<StoredUser> found, StoredUser expected) {
    assertThat(found).as("user %s", expected.id()).isPresent();
    assertThat(found.get().withoutPasswordHash()).isEqualTo(expected.withoutPasswordHash());
    assertThat(found.get().passwordHash()).isIn(expected.passwordHash(), StoredUser.HASH_WITHHELD);
  }

  /** A new user, written with its signup event. */
  protected StoredUser createdUser() {
    StoredUser u = user(now);
    store.users().create(u, event(AuditEventType.SIGNUP, u.id(), now));
    return u;
  }

  /**
   * A new live session of {@code u} with its first refresh token (returned in {@code first[0]}
   * when {@code first} is not null).
   */
  protected Session createdSession(StoredUser u, RefreshTokenRecord @Nullable [] first) {
    Session s = session(u.id(), now, CAP);
    RefreshTokenRecord t = token(s, now, TTL);
    assertThat(store.sessions().create(s, t, event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now)))
        .as("session of an enabled user created").isTrue();
    if (first != null) {
      first[0] = t;
    }
    return s;
  }
}
