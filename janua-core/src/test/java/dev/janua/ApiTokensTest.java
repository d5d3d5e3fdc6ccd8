package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.internal.ApiTokenSecrets;
import dev.janua.spi.ApiTokenRecord;
import dev.janua.spi.ApiTokenStore;
import dev.janua.spi.AuditStore;
import dev.janua.spi.OrganizationStore;
import dev.janua.spi.SessionStore;
import dev.janua.spi.SigningKeyStore;
import dev.janua.spi.Store;
import dev.janua.spi.UserStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiTokensTest extends EngineTestBase {
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicInteger touches = new AtomicInteger();
  private Principal owner;
  private Organization org;

  /** The in-memory store, counting API-token lookups by hash and writes of last use. */
  private class CountingStore implements Store {
    @Override
    public UserStore users() {
      return store.users();
    }

    @Override
    public SessionStore sessions() {
      return store.sessions();
    }

    @Override
    public OrganizationStore organizations() {
      return store.organizations();
    }

    @Override
    public AuditStore audit() {
      return store.audit();
    }

    @Override
    public SigningKeyStore signingKeys() {
      return store.signingKeys();
    }

    @Override
    public dev.janua.spi.InvitationStore invitations() {
      return store.invitations();
    }

    @Override
    public dev.janua.spi.RetentionStore retention() {
      return store.retention();
    }

    @Override
    public dev.janua.spi.DeviceStore devices() {
      return store.devices();
    }

    @Override
    public dev.janua.spi.FactorStore factors() {
      return store.factors();
    }

    @Override
    public dev.janua.spi.PasskeyStore passkeys() {
      return store.passkeys();
    }

    @Override
    public dev.janua.spi.AccountTokenStore accountTokens() {
      return store.accountTokens();
    }

    @Override
    public ApiTokenStore apiTokens() {
      ApiTokenStore real = store.apiTokens();
      return new ApiTokenStore() {
        @Override
        public void create(ApiTokenRecord token, AuditEvent event) {
          real.create(token, event);
        }

        @Override
        public Optional<ApiTokenRecord> find(String id) {
          return real.find(id);
        }

        @Override
        public Optional<ApiTokenRecord> findByHash(String tokenHash) {
          lookups.incrementAndGet();
          return real.findByHash(tokenHash);
        }

        @Override
        public List<ApiTokenRecord> listOf(String userId) {
          return real.listOf(userId);
        }

        @Override
        public boolean revoke(String id, String userId, Instant now, AuditEvent event) {
          return real.revoke(id, userId, now, event);
        }

        @Override
        public boolean touch(String id, Instant now, Instant notAfter) {
          touches.incrementAndGet();
          return real.touch(id, now, notAfter);
        }
      };
    }
  }

  @Override
  AuthEngine engine(JanuaConfig config) {
    return AuthEngine.builder().config(config).store(new CountingStore()).clock(clock)
        .keyRing(KEYS).metrics(metrics).build();
  }

  @BeforeEach
  void createOrg() {
    owner = principal(signup());
    org = engine.organizations().create(owner, "Acme", "acme-" + System.nanoTime());
  }

  private Instant inDays(int days) {
    return clock.instant().plus(Duration.ofDays(days));
  }

  private CreatedApiToken create(Principal p, Set<String> permissions) {
    return engine.apiTokens().create(p, org.id(), "ci", permissions, inDays(30));
  }

  private Principal member(String role) {
    AuthResult r = signup();
    engine.organizations().addMember(owner, org.id(), r.user().id(), RoleName.of(role));
    return principal(r);
  }

  private static String field(Throwable e) {
    return ((ValidationException) e).field();
  }

  private static TokenFailureReason reason(Throwable e) {
    return ((InvalidTokenException) e).reason();
  }

  @Test
  void create_secretOnce_scannableFormat_storedAsHashOnly() {
    CreatedApiToken created = create(owner, Set.of("invoices:read"));
    String secret = created.token();
    assertThat(secret).matches("jnu_[0-9A-Za-z]{49}").hasSize(ApiTokenSecrets.LENGTH);
    assertThat(ApiTokenSecrets.wellFormed(secret)).isTrue();
    assertThat(created.toString()).doesNotContain(secret).contains(created.apiToken().id());
    ApiToken listed = engine.apiTokens().list(owner).get(0);
    assertThat(listed).isEqualTo(created.apiToken());
    assertThat(listed.prefix()).isEqualTo(secret.substring(0, 8));
    assertThat(listed.toString()).doesNotContain(secret);
    ApiTokenRecord stored = store.apiTokens().find(listed.id()).orElseThrow();
    assertThat(stored.tokenHash()).isEqualTo(ApiTokenSecrets.hash(secret)).doesNotContain(secret);
    assertThat(stored.toString()).doesNotContain(stored.tokenHash());
    assertThat(engine.users().auditEvents(AuditQuery.forUser(owner.userId(), 10)))
        .extracting(AuditEvent::type).contains(AuditEventType.API_TOKEN_CREATED);
    assertThat(create(owner, Set.of("invoices:read")).token()).isNotEqualTo(secret);
  }

  @Test
  void authenticate_tellsApiTokenFromAccessToken() {
    AuthResult signedIn = signup();
    Principal viaJwt = engine.authenticate(signedIn.tokens().accessToken());
    assertThat(viaJwt.kind()).isEqualTo(PrincipalKind.ACCESS_TOKEN);
    assertThat(viaJwt.apiTokenId()).isNull();
    assertThat(viaJwt.sessionId()).isEqualTo(signedIn.session().id());

    CreatedApiToken created = create(owner, Set.of("members:read"));
    Principal viaToken = engine.authenticate(created.token());
    assertThat(viaToken.kind()).isEqualTo(PrincipalKind.API_TOKEN);
    assertThat(viaToken.apiTokenId()).isEqualTo(created.apiToken().id());
    assertThat(viaToken.sessionId()).isNull();
    assertThat(viaToken.userId()).isEqualTo(owner.userId());
    assertThat(viaToken.organizationId()).isEqualTo(org.id());
    assertThat(viaToken.scopes()).containsExactly("members:read");
    assertThat(viaToken.toString()).doesNotContain(created.token());
    assertThat(engine.users().me(viaToken).id()).isEqualTo(owner.userId());
    assertThat(engine.organizations().members(viaToken, org.id())).hasSize(1);
  }

  @Test
  void authenticate_mistypedToken_refusedWithoutStoreLookup() {
    String secret = create(owner, Set.of("org:read")).token();
    char last = secret.charAt(20);
    String typo = secret.substring(0, 20) + (last == 'a' ? 'b' : 'a') + secret.substring(21);
    int before = lookups.get();
    for (String bad : List.of(typo, secret + "x", secret.substring(0, secret.length() - 1),
        "jnu_" + "!".repeat(49))) {
      assertThatThrownBy(() -> engine.authenticate(bad))
          .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.MALFORMED));
    }
    assertThat(lookups.get()).isEqualTo(before);
    assertThat(metrics.validations).contains("invalid/malformed/false");
    // a well-formed token that was never issued is looked up, and refused
    String unknown = ApiTokenSecrets.generate();
    assertThatThrownBy(() -> engine.authenticate(unknown))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.API_TOKEN_INVALID));
    assertThat(lookups.get()).isEqualTo(before + 1);
  }

  @Test
  void authenticate_seenBefore_noLookupByHash_yetRevocationSeenAtOnce() {
    CreatedApiToken created = create(owner, Set.of("org:read"));
    engine.authenticate(created.token());
    int after = lookups.get();
    engine.authenticate(created.token());
    engine.authenticate(new String(created.token().toCharArray()));
    assertThat(lookups.get()).as("no SHA-256 and no read by hash again").isEqualTo(after);
    assertThat(metrics.validations).contains("valid/none/false", "valid/none/true");
    engine.apiTokens().revoke(owner, created.apiToken().id());
    assertThatThrownBy(() -> engine.authenticate(created.token()))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.API_TOKEN_INVALID));
  }

  @Test
  void create_permissionsBeyondTheCreators_refusedNamingPermissions() {
    Principal member = member("member");
    assertThatThrownBy(() -> create(member, Set.of("members:create")))
        .satisfies(e -> assertThat(field(e)).isEqualTo("permissions"));
    assertThatThrownBy(() -> create(member, Set.of("members:*")))
        .satisfies(e -> assertThat(field(e)).isEqualTo("permissions"));
    assertThatThrownBy(() -> create(member, Set.of()))
        .satisfies(e -> assertThat(field(e)).isEqualTo("permissions"));
    assertThatThrownBy(() -> create(member, Set.of("not a permission")))
        .satisfies(e -> assertThat(field(e)).isEqualTo("permissions"));
    assertThat(create(member, Set.of("members:read")).apiToken().permissions())
        .containsExactly("members:read");
    Principal outsider = principal(signup());
    assertThatThrownBy(() -> create(outsider, Set.of("org:read")))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void checkPermission_intersectionOfTokenAndOwnersCurrentRole_inItsOrganizationOnly() {
    Principal admin = member("admin");
    Principal token = engine.authenticate(create(admin, Set.of("members:create", "org:read")).token());
    assertThat(engine.checkPermission(token, org.id(), "members:create")).isTrue();
    assertThat(engine.checkPermission(token, org.id(), "org:read")).isTrue();
    assertThat(engine.checkPermission(admin, org.id(), "members:delete")).isTrue();
    assertThat(engine.checkPermission(token, org.id(), "members:delete")).as("not given").isFalse();
    Organization other = engine.organizations().create(admin, "Other", "other-" + System.nanoTime());
    assertThat(engine.checkPermission(admin, other.id(), "org:read")).isTrue();
    assertThat(engine.checkPermission(token, other.id(), "org:read")).as("other org").isFalse();
    assertThat(engine.checkPermission(token, null, "org:read")).isFalse();

    engine.organizations().changeRole(owner, org.id(), admin.userId(), RoleName.of("member"));
    assertThat(engine.checkPermission(token, org.id(), "members:create"))
        .as("the owner lost it, so did the token").isFalse();
    assertThat(engine.checkPermission(token, org.id(), "org:read")).isTrue();
  }

  @Test
  void ownerLeavesOrIsDisabled_tokenStopsWorking() {
    Principal admin = member("admin");
    String secret = create(admin, Set.of("org:read")).token();
    Principal held = engine.authenticate(secret);
    engine.organizations().removeMember(owner, org.id(), admin.userId());
    assertThatThrownBy(() -> engine.authenticate(secret))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.API_TOKEN_INVALID));
    assertThatThrownBy(() -> engine.users().me(held))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.API_TOKEN_INVALID));

    String ownersSecret = create(owner, Set.of("org:read")).token();
    assertThat(engine.authenticate(ownersSecret).userId()).isEqualTo(owner.userId());
    engine.users().setEnabled(owner.userId(), false);
    assertThatThrownBy(() -> engine.authenticate(ownersSecret))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.API_TOKEN_INVALID));
  }

  @Test
  void expiry_requiredInTheFutureUpToTheMaximum_thenExpires() {
    assertThatThrownBy(() -> engine.apiTokens().create(owner, org.id(), "ci", Set.of("org:read"), null))
        .satisfies(e -> assertThat(field(e)).isEqualTo("expires_at"));
    assertThatThrownBy(() -> engine.apiTokens().create(owner, org.id(), "ci", Set.of("org:read"),
        clock.instant())).satisfies(e -> assertThat(field(e)).isEqualTo("expires_at"));
    assertThatThrownBy(() -> engine.apiTokens().create(owner, org.id(), "ci", Set.of("org:read"),
        inDays(366))).satisfies(e -> assertThat(field(e)).isEqualTo("expires_at"));
    assertThatThrownBy(() -> engine.apiTokens().create(owner, org.id(), " ", Set.of("org:read"),
        inDays(1))).satisfies(e -> assertThat(field(e)).isEqualTo("name"));
    String secret = engine.apiTokens().create(owner, org.id(), "ci", Set.of("org:read"),
        inDays(365)).token();

    AuthEngine shortLived = engine(config().apiTokenMaxLifetime(Duration.ofDays(30)).build());
    Principal p = shortLived.validate(shortLived.signin(
        engine.users().me(owner).email(), PASSWORD, CLIENT).tokens().accessToken());
    assertThatThrownBy(() -> shortLived.apiTokens().create(p, org.id(), "ci", Set.of("org:read"),
        inDays(31))).satisfies(e -> assertThat(field(e)).isEqualTo("expires_at"))
        .hasMessageContaining("30 days");

    clock.advance(Duration.ofDays(365));
    assertThatThrownBy(() -> engine.authenticate(secret))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.EXPIRED));
  }

  @Test
  void revoke_tokenFailsAtOnce_onlyTheOwnersOwn() {
    CreatedApiToken created = create(owner, Set.of("org:read"));
    Principal held = engine.authenticate(created.token());
    Principal stranger = principal(signup());
    assertThatThrownBy(() -> engine.apiTokens().revoke(stranger, created.apiToken().id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(engine.authenticate(created.token())).isNotNull();
    engine.apiTokens().revoke(owner, created.apiToken().id());
    assertThatThrownBy(() -> engine.authenticate(created.token()))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.API_TOKEN_INVALID));
    assertThatThrownBy(() -> engine.checkPermission(held, org.id(), "org:read"))
        .isInstanceOf(InvalidTokenException.class);
    assertThat(engine.apiTokens().list(owner)).isEmpty();
    assertThatThrownBy(() -> engine.apiTokens().revoke(owner, created.apiToken().id()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void lastUsedAt_writtenAtMostOnceAMinute() {
    CreatedApiToken created = create(owner, Set.of("org:read"));
    String id = created.apiToken().id();
    Instant first = clock.instant();
    for (int i = 0; i < 5; i++) {
      engine.authenticate(created.token());
      clock.advance(Duration.ofSeconds(10));
    }
    assertThat(touches.get()).isEqualTo(1);
    assertThat(store.apiTokens().find(id).orElseThrow().lastUsedAt()).isEqualTo(first);
    clock.advance(Duration.ofSeconds(11));
    Instant second = clock.instant();
    engine.authenticate(created.token());
    engine.authenticate(created.token());
    assertThat(touches.get()).isEqualTo(2);
    assertThat(engine.apiTokens().list(owner).get(0).lastUsedAt()).isEqualTo(second);
  }

  @Test
  void rateLimit_perToken() {
    AuthEngine limited = engine(config().rateLimitEnabled(true)
        .rateLimit(RateLimitCategory.API_TOKEN, new RateLimitRule(2, 100)).build());
    Principal p = limited.validate(limited.signin(engine.users().me(owner).email(), PASSWORD, null)
        .tokens().accessToken());
    String one = limited.apiTokens().create(p, org.id(), "one", Set.of("org:read"), inDays(1)).token();
    String two = limited.apiTokens().create(p, org.id(), "two", Set.of("org:read"), inDays(1)).token();
    limited.authenticate(one);
    limited.authenticate(one);
    assertThatThrownBy(() -> limited.authenticate(one)).isInstanceOf(RateLimitedException.class)
        .satisfies(e -> assertThat(((RateLimitedException) e).decision().category())
            .isEqualTo(RateLimitCategory.API_TOKEN));
    assertThat(limited.authenticate(two).kind()).isEqualTo(PrincipalKind.API_TOKEN);
  }

  @Test
  void apiTokenPrincipal_refusedWhereASessionIsNeeded() {
    Principal token = engine.authenticate(create(owner, Set.of("*")).token());
    assertThatThrownBy(() -> engine.signout(token)).isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.sessions().list(token))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.apiTokens().list(token))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> create(token, Set.of("org:read")))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.organizations().create(token, "X", "x-" + System.nanoTime()))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.organizations().accessToken(token, org.id()))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.users().changePassword(token, PASSWORD, "another password 1", CLIENT))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void storeWithoutApiTokens_stillBuilds_andRefusesOnlyTokens() {
    Store legacy = new CountingStore() {
      @Override
      public ApiTokenStore apiTokens() {
        throw new UnsupportedOperationException("none");
      }
    };
    AuthEngine e = AuthEngine.builder().config(config().build()).store(legacy).clock(clock)
        .keyRing(KEYS).build();
    AuthResult r = e.signup(email(), PASSWORD, CLIENT);
    assertThat(e.authenticate(r.tokens().accessToken()).kind()).isEqualTo(PrincipalKind.ACCESS_TOKEN);
    assertThatThrownBy(() -> e.authenticate(ApiTokenSecrets.generate()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void config_maxLifetimeFromEnvironment_validated() {
    assertThat(JanuaConfig.fromMap(Map.of()).apiTokenMaxLifetime()).isEqualTo(Duration.ofDays(365));
    assertThat(JanuaConfig.fromMap(Map.of("API_TOKEN_MAX_LIFETIME_DAYS", "90"))
        .apiTokenMaxLifetime()).isEqualTo(Duration.ofDays(90));
    for (String bad : List.of("0", "3651", "x")) {
      assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("API_TOKEN_MAX_LIFETIME_DAYS", bad)))
          .isInstanceOf(JanuaConfigException.class)
          .satisfies(e -> assertThat(((JanuaConfigException) e).variable())
              .isEqualTo("API_TOKEN_MAX_LIFETIME_DAYS"));
    }
    assertThatThrownBy(() -> JanuaConfig.builder().apiTokenMaxLifetime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("API_TOKEN_MAX_LIFETIME_DAYS");
  }
}
