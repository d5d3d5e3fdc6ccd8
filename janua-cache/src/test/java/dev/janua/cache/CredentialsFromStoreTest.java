package dev.janua.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.InvalidCredentialsException;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.TokenFailureReason;
import dev.janua.cache.internal.CacheKeys;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.StoredUser;
import dev.janua.testing.Fixtures;
import dev.janua.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials come from the store of record, never from a cache tier: engine A reads through its
 * cache; engine B writes to the same store with no cache and no bus between them (another
 * instance whose invalidations were lost). A's cache still holds the user as it was, and A's
 * signin refuses the old password and the disabled account all the same. No tier ever holds a
 * password hash.
 */
class CredentialsFromStoreTest {
  private static final String OLD = "correct horse battery";
  private static final String NEW = "staple battery horse correct";
  private final MutableClock clock = MutableClock.startingAt2026();
  private final ClientInfo client = new ClientInfo("203.0.113.7", "junit");
  private final InMemoryStore shared = new InMemoryStore();
  private final MapRemoteCache l2 = new MapRemoteCache(clock);
  private AuthEngine a;
  private AuthEngine b;
  private TieredCache cacheA;

  @BeforeEach
  void setUp() {
    AtomicReference<TieredCache> built = new AtomicReference<>();
    // Users in L2 as well (CACHE_L2_SENSITIVE=true): even then no tier holds a hash.
    a = EngineCrossInstanceTest.engine(shared, l2, new InProcessBus(), built, clock,
        CachePolicy.builder().sensitiveInShared(true).build());
    cacheA = built.get();
    b = AuthEngine.builder()
        .config(JanuaConfig.builder().bcryptRounds(4)
            .keyEncryptionKey(Fixtures.KEY_ENCRYPTION_KEY).build())
        .store(shared)
        .clock(clock)
        .persistentKeys(true)
        .build();
  }

  @AfterEach
  void tearDown() {
    a.close();
    b.close();
  }

  private String email() {
    return "ada-" + System.nanoTime() + "@example.com";
  }

  /** The user entry A's cache holds now (L1, else L2); fails when there is none. */
  private Optional<StoredUser> cachedOnA(String userId) {
    return cacheA.get(CacheKeys.user(userId), CacheDataType.USER_PROFILE, () -> {
      throw new AssertionError("user " + userId + " is not cached on A");
    });
  }

  @Test
  void signin_afterPasswordChangeElsewhereWithLostInvalidation_refusesOldPassword() {
    String email = email();
    AuthResult signup = a.signup(email, OLD, client, "Ada");
    a.signin(email, OLD, client);
    assertThat(a.users().get(signup.user().id()).email()).isEqualTo(email); // cached on A

    AuthResult onB = b.signin(email, OLD, client);
    b.users().changePassword(b.validate(onB.tokens().accessToken()), OLD, NEW, client);

    assertThat(cachedOnA(signup.user().id())).isPresent(); // A never heard of the change
    assertThatThrownBy(() -> a.signin(email, OLD, client))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThat(a.signin(email, NEW, client).user().id()).isEqualTo(signup.user().id());
    // the old refresh token died with its session, read from the store
    assertThatThrownBy(() -> a.refresh(signup.tokens().refreshToken(), client))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void signin_afterDisableElsewhereWithLostInvalidation_refusedAndRefreshRefused() {
    String email = email();
    AuthResult signup = a.signup(email, OLD, client, "Ada");
    String userId = signup.user().id();
    AuthResult second = a.signin(email, OLD, client);
    assertThat(a.users().get(userId).enabled()).isTrue();

    b.users().setEnabled(userId, false);

    // A's cache still says enabled: signin and refresh decide on the store of record
    assertThat(cachedOnA(userId).orElseThrow().enabled()).isTrue();
    assertThat(a.users().get(userId).enabled()).isTrue();
    assertThatThrownBy(() -> a.signin(email, OLD, client))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThat(shared.sessions().live(userId, clock.instant())).isEmpty();
    for (AuthResult r : new AuthResult[] {signup, second}) {
      assertThatThrownBy(() -> a.refresh(r.tokens().refreshToken(), client))
          .isInstanceOf(InvalidTokenException.class)
          .extracting(e -> ((InvalidTokenException) e).reason())
          .isEqualTo(TokenFailureReason.SESSION_REVOKED);
    }

    b.users().setEnabled(userId, true);
    assertThat(a.signin(email, OLD, client).user().id()).isEqualTo(userId);
  }

  @Test
  void passwordReset_request_readsTheEnabledFlagFromTheStore() {
    String email = email();
    String userId = a.signup(email, OLD, client, "Ada").user().id();
    assertThat(a.users().get(userId).enabled()).isTrue();
    b.users().setEnabled(userId, false);
    a.users().requestPasswordReset(email, client);
    assertThat(a.users().auditEvents(dev.janua.AuditQuery.forUser(userId, 1)))
        .extracting(e -> e.details().get("outcome")).containsExactly("account_disabled");
  }

  @Test
  void signupAndSignin_noTierEverHoldsThePasswordHash() {
    String email = email();
    AuthResult signup = a.signup(email, OLD, client, "Ada");
    String userId = signup.user().id();
    a.signin(email, OLD, client);
    a.users().get(userId);
    a.validate(a.signin(email, OLD, client).tokens().accessToken());
    String hash = shared.users().findCredentialsById(userId).orElseThrow().passwordHash();
    assertThat(hash).startsWith("$2a$");

    StoredUser cached = cachedOnA(userId).orElseThrow();
    assertThat(cached.passwordHash()).isEqualTo(StoredUser.HASH_WITHHELD);
    assertThat(l2.keys()).contains(CacheKeys.user(userId));
    String salt = hash.substring(7, 29);
    for (String key : l2.keys()) {
      byte[] value = l2.get(key).orElse(new byte[0]);
      String text = new String(value, StandardCharsets.ISO_8859_1);
      assertThat(text).as(key).doesNotContain(hash).doesNotContain(salt);
    }
  }
}
