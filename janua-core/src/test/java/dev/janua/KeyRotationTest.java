package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.memory.InMemoryStore;
import dev.janua.spi.AccountTokenStore;
import dev.janua.spi.ApiTokenStore;
import dev.janua.spi.AuditStore;
import dev.janua.spi.InvitationStore;
import dev.janua.spi.OrganizationStore;
import dev.janua.spi.SessionStore;
import dev.janua.spi.SigningKeyStore;
import dev.janua.spi.Store;
import dev.janua.spi.StoredSigningKey;
import dev.janua.spi.UserStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Staged key rotation: pending -> active -> retired -> deleted, on demand and on schedule, across
 * instances on one store; the JWKS max-age derived from the pending period; unknown-kid reloads
 * rate-limited.
 */
class KeyRotationTest extends EngineTestBase {
  private final List<AuthEngine> opened = new ArrayList<>();

  @AfterEach
  void closeEngines() {
    opened.forEach(AuthEngine::close);
  }

  private AuthEngine persistent(Store s, JanuaConfig.Builder c) {
    AuthEngine e = AuthEngine.builder().config(c.keyEncryptionKey(SigningKeysAtRestTest.KEK_A)
        .build()).store(s).clock(clock).persistentKeys(true).build();
    opened.add(e);
    return e;
  }

  private static Duration window(JanuaConfig c) {
    return c.accessTokenTtl().plus(c.clockSkew());
  }

  private static InvalidTokenException refused(AuthEngine e, String token) {
    try {
      e.validate(token);
    } catch (InvalidTokenException x) {
      return x;
    }
    throw new AssertionError("token accepted");
  }

  @Test
  void jwksMaxAge_isThePendingPeriodLessTheReloadInterval() {
    assertThat(engine.signingKeys().jwksCacheControl()).isEqualTo("public, max-age=3300");
    AuthEngine e = engine(config().keyPendingPeriod(Duration.ofMinutes(10))
        .keyReloadInterval(Duration.ofMinutes(2)).build());
    assertThat(e.signingKeys().jwksMaxAge()).isEqualTo(Duration.ofMinutes(8));
    assertThat(e.signingKeys().jwksCacheControl()).isEqualTo("public, max-age=480");
    JanuaConfig env = JanuaConfig.fromMap(Map.of("JWT_KEY_PENDING_SECONDS", "7200",
        "JWT_KEY_RELOAD_SECONDS", "60", "JWT_KEY_ROTATION_DAYS", "30",
        "JWT_UNKNOWN_KID_RELOAD_SECONDS", "10"));
    assertThat(env.jwksMaxAge()).isEqualTo(Duration.ofSeconds(7140));
    assertThat(env.keyRotationInterval()).isEqualTo(Duration.ofDays(30));
    assertThat(env.unknownKidReloadInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(JanuaConfig.fromMap(Map.of()).keyRotationInterval()).isZero();
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("JWT_KEY_PENDING_SECONDS", "300",
        "JWT_KEY_RELOAD_SECONDS", "200")))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            x -> assertThat(x.variable()).isEqualTo("JWT_KEY_PENDING_SECONDS"));
  }

  @Test
  void rotate_staged_publishedAtOnce_signsAfterPendingPeriod_oldKeyVerifiesThenDeleted() {
    JanuaConfig c = config().build();
    AuthResult before = signup();
    String oldKid = engine.signingKeys().ring().active().kid();
    SigningKey next = engine.signingKeys().rotate();
    assertThat(engine.jwks()).contains(oldKid, next.kid());
    assertThat(engine.signingKeys().ring().active().kid()).isEqualTo(oldKid);
    assertThat(engine.signingKeys().ring().activatesAt(next.kid()))
        .contains(clock.instant().plus(c.keyPendingPeriod()));
    // Asked again while pending: no second rotation.
    assertThat(engine.signingKeys().rotate().kid()).isEqualTo(next.kid());
    assertThat(kidOf(signup())).isEqualTo(oldKid);

    clock.advance(c.keyPendingPeriod().minusSeconds(1));
    AuthResult lastOld = signup();
    assertThat(kidOf(lastOld)).isEqualTo(oldKid);
    clock.advance(Duration.ofSeconds(1));
    AuthResult firstNew = signup();
    assertThat(kidOf(firstNew)).isEqualTo(next.kid());
    assertThat(engine.signingKeys().ring().retiredAt(oldKid)).contains(clock.instant());
    assertThat(engine.validate(lastOld.tokens().accessToken())).isNotNull();

    // The retired key verifies until its last token has expired (lifetime + skew), then goes.
    clock.advance(window(c).minusSeconds(1));
    engine.signingKeys().maintain();
    assertThat(engine.validate(lastOld.tokens().accessToken())).isNotNull();
    assertThat(engine.jwks()).contains(oldKid);
    clock.advance(Duration.ofSeconds(2));
    engine.signingKeys().maintain();
    assertThat(engine.jwks()).doesNotContain(oldKid).contains(next.kid());
    assertThat(refused(engine, before.tokens().accessToken())).isNotNull();
    assertThat(engine.validate(signup().tokens().accessToken())).isNotNull();
  }

  @Test
  void persistent_concurrentRotateOnTwoInstances_exactlyOneRotation_bothSwitchTogether()
      throws Exception {
    AuthEngine a = persistent(store, config());
    AuthEngine b = persistent(store, config());
    List<Callable<String>> calls = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      AuthEngine e = i % 2 == 0 ? a : b;
      calls.add(() -> e.signingKeys().rotate().kid());
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<String> kids = new ArrayList<>();
    try {
      for (Future<String> f : pool.invokeAll(calls)) {
        kids.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(Set.copyOf(kids)).hasSize(1);
    assertThat(store.signingKeys().all()).hasSize(2);
    String next = kids.get(0);
    // Both instances publish the pending key and switch at the same instant.
    b.signingKeys().maintain();
    assertThat(a.jwks()).contains(next);
    assertThat(b.jwks()).contains(next);
    clock.advance(config().build().keyPendingPeriod());
    assertThat(a.signingKeys().ring().active().kid()).isEqualTo(next);
    assertThat(b.signingKeys().ring().active().kid()).isEqualTo(next);
  }

  @Test
  void schedule_rotatesOncePerInterval_onOneOfManyInstances_andDeletesSpentKeys() {
    JanuaConfig.Builder c = config().keyRotationInterval(Duration.ofDays(1));
    AuthEngine a = persistent(store, c);
    AuthEngine b = persistent(store, c);
    Duration pending = c.build().keyPendingPeriod();
    // Not due before interval - pending period has passed since the key took over.
    clock.advance(Duration.ofDays(1).minus(pending).minusSeconds(1));
    a.signingKeys().maintain();
    b.signingKeys().maintain();
    assertThat(store.signingKeys().all()).hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    a.signingKeys().maintain();
    b.signingKeys().maintain();
    a.signingKeys().maintain();
    List<StoredSigningKey> keys = store.signingKeys().all();
    assertThat(keys).hasSize(2);
    assertThat(keys.get(0).activatesAt()).isEqualTo(clock.instant().plus(pending));
    assertThat(b.jwks()).contains(keys.get(0).kid());
    // It takes over exactly one interval after its predecessor; the predecessor is deleted from
    // the store once its tokens have expired.
    clock.advance(pending.plus(window(c.build())).plusSeconds(1));
    b.signingKeys().maintain();
    assertThat(store.signingKeys().all()).extracting(StoredSigningKey::kid)
        .containsExactly(keys.get(0).kid());
    a.signingKeys().maintain();
    assertThat(a.jwks()).doesNotContain(keys.get(1).kid());
    assertThat(a.signingKeys().ring().keys()).hasSize(1);
  }

  @Test
  void deletedKey_tokensRefused_evenWhenValidatedBefore() {
    AuthEngine a = persistent(store, config());
    AuthEngine b = persistent(store, config());
    AuthResult r = a.signup(email(), PASSWORD, CLIENT, null);
    String leaked = kidOf(r);
    assertThat(a.validate(r.tokens().accessToken())).isNotNull(); // in the validated cache
    assertThat(b.validate(r.tokens().accessToken())).isNotNull();
    a.signingKeys().rotateNow();
    assertThatThrownBy(() -> a.signingKeys().delete(a.signingKeys().ring().active().kid()))
        .isInstanceOf(ConflictException.class);
    a.signingKeys().delete(leaked);
    assertThat(refused(a, r.tokens().accessToken()).reason())
        .isEqualTo(TokenFailureReason.UNKNOWN_KEY);
    // B drops it at its next scheduled reload.
    b.signingKeys().maintain();
    assertThat(refused(b, r.tokens().accessToken()).reason())
        .isEqualTo(TokenFailureReason.UNKNOWN_KEY);
    assertThat(b.jwks()).doesNotContain(leaked);
    assertThatThrownBy(() -> a.signingKeys().delete(leaked)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void unknownKidFlood_tenThousandRandomKids_atMostOneStoreReadPerInterval() {
    CountingStore counting = new CountingStore(store);
    JanuaConfig.Builder c = config().unknownKidReloadInterval(Duration.ofSeconds(30));
    AuthEngine a = persistent(counting, c);
    String genuine = a.signup(email(), PASSWORD, CLIENT, null).tokens().accessToken();
    counting.reads.set(0);
    for (int round = 0; round < 3; round++) {
      int before = counting.reads.get();
      for (int i = 0; i < 10_000; i++) {
        String forged = withKid(genuine, UUID.randomUUID().toString());
        assertThat(refused(a, forged).reason()).isEqualTo(TokenFailureReason.UNKNOWN_KEY);
      }
      assertThat(counting.reads.get() - before).as("store reads in one interval").isLessThanOrEqualTo(1);
      clock.advance(Duration.ofSeconds(30));
    }
    assertThat(counting.reads.get()).isGreaterThanOrEqualTo(1);
    assertThat(a.validate(genuine)).isNotNull();
  }

  private static String kidOf(AuthResult r) {
    String header = r.tokens().accessToken().substring(0, r.tokens().accessToken().indexOf('.'));
    String json = new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8);
    int at = json.indexOf("\"kid\":\"") + 7;
    return json.substring(at, json.indexOf('"', at));
  }

  private static String withKid(String token, String kid) {
    String original = new String(Base64.getUrlDecoder().decode(token.substring(0,
        token.indexOf('.'))), StandardCharsets.UTF_8);
    int at = original.indexOf("\"kid\":\"") + 7;
    String header = original.substring(0, at) + kid + original.substring(original.indexOf('"', at));
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + token.substring(token.indexOf('.'));
  }

  /** A store whose signing-key reads are counted. */
  private static final class CountingStore implements Store {
    final InMemoryStore base;
    final AtomicInteger reads = new AtomicInteger();
    private final SigningKeyStore keys;

    CountingStore(InMemoryStore base) {
      this.base = base;
      SigningKeyStore k = base.signingKeys();
      this.keys = new SigningKeyStore() {
        @Override
        public StoredSigningKey activeKey(StoredSigningKey candidate) {
          return k.activeKey(candidate);
        }

        @Override
        public List<StoredSigningKey> all() {
          reads.incrementAndGet();
          return k.all();
        }

        @Override
        public void rotate(StoredSigningKey next, Instant now) {
          k.rotate(next, now);
        }

        @Override
        public boolean stageRotation(String expectedNewestKid, StoredSigningKey next) {
          return k.stageRotation(expectedNewestKid, next);
        }

        @Override
        public int deleteRetiredBefore(Instant cutoff) {
          return k.deleteRetiredBefore(cutoff);
        }

        @Override
        public boolean delete(String kid) {
          return k.delete(kid);
        }

        @Override
        public boolean replacePrivateKey(String kid, String expected, String replacement) {
          return k.replacePrivateKey(kid, expected, replacement);
        }
      };
    }

    @Override
    public UserStore users() {
      return base.users();
    }

    @Override
    public SessionStore sessions() {
      return base.sessions();
    }

    @Override
    public OrganizationStore organizations() {
      return base.organizations();
    }

    @Override
    public AuditStore audit() {
      return base.audit();
    }

    @Override
    public SigningKeyStore signingKeys() {
      return keys;
    }

    @Override
    public ApiTokenStore apiTokens() {
      return base.apiTokens();
    }

    @Override
    public AccountTokenStore accountTokens() {
      return base.accountTokens();
    }

    @Override
    public InvitationStore invitations() {
      return base.invitations();
    }

    @Override
    public dev.janua.spi.RetentionStore retention() {
      return base.retention();
    }

    @Override
    public dev.janua.spi.DeviceStore devices() {
      return base.devices();
    }

    @Override
    public dev.janua.spi.FactorStore factors() {
      return base.factors();
    }

    @Override
    public dev.janua.spi.PasskeyStore passkeys() {
      return base.passkeys();
    }
  }
}
