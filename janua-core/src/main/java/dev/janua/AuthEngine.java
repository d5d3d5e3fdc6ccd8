package dev.janua;

import dev.janua.internal.GuardedMetrics;
import dev.janua.internal.Inputs;
import dev.janua.internal.Keys;
import dev.janua.internal.PasswordHasher;
import dev.janua.internal.Permissions;
import dev.janua.internal.RefreshTokens;
import dev.janua.internal.TokenService;
import dev.janua.memory.InMemoryRateLimitStore;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.HealthCheck;
import dev.janua.spi.HealthStatus;
import dev.janua.spi.MetricsRecorder;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.Store;
import dev.janua.spi.StoredSigningKey;
import dev.janua.spi.StoredUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authentication engine: signup and signin with bcrypt, RS256 access tokens, rotating refresh
 * tokens, revocable sessions, organizations with role-based permission checks, rate limits.
 * Immutable and thread-safe: build one per service with {@link #builder()} and share it. Calls block
 * only on the store (and, through it, a remote cache).
 *
 * <p>Every failure is a {@link JanuaException} with a stable code: {@link ValidationException} for
 * bad input (naming the field), {@link InvalidCredentialsException}, {@link InvalidTokenException}
 * (with a reason), {@link ConflictException}, {@link PermissionDeniedException}, {@link
 * NotFoundException}, {@link RateLimitedException}, {@link BusyException}, {@link
 * StoreUnavailableException}.
 */
public final class AuthEngine {
  private static final Logger LOG = LoggerFactory.getLogger(AuthEngine.class);

  private final JanuaConfig config;
  private final Store store;
  private final Clock clock;
  private final MetricsRecorder metrics;
  private final PasswordHasher hasher;
  private final TokenService tokens;
  private final RateLimiter rateLimiter;
  private final List<HealthCheck> healthChecks;
  private final boolean persistentKeys;
  private final ExecutorService checkRunner;

  AuthEngine(AuthEngineBuilder b) {
    this.config = b.config;
    this.store = b.store != null ? b.store : new InMemoryStore();
    this.clock = b.clock;
    this.metrics = GuardedMetrics.guard(b.metrics);
    this.healthChecks = List.copyOf(b.healthChecks);
    this.hasher = new PasswordHasher(config.bcryptRounds(), config.passwordHashConcurrency(),
        config.passwordHashQueueTimeout(), metrics);
    this.persistentKeys = b.keyRing == null && config.signingKeyPem() == null && b.persistentKeys;
    KeyRing ring = initialKeyRing(b);
    this.tokens = new TokenService(ring, persistentKeys ? this::keyRingFromStore : null, clock,
        config.issuer(), config.audience(), config.accessTokenTtl(), config.clockSkew(),
        config.tokenCacheMaxSize());
    this.rateLimiter = new RateLimiter(config,
        b.rateLimitStore != null ? b.rateLimitStore : new InMemoryRateLimitStore(), clock, metrics);
    this.checkRunner = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "janua-ready-check");
      t.setDaemon(true);
      return t;
    });
  }

  /** A builder; {@code AuthEngine.builder().build()} runs with no services at all. */
  public static AuthEngineBuilder builder() {
    return new AuthEngineBuilder();
  }

  private KeyRing initialKeyRing(AuthEngineBuilder b) {
    if (b.keyRing != null) {
      return b.keyRing;
    }
    if (config.signingKeyPem() != null) {
      try {
        return KeyRing.of(SigningKey.fromPem(config.signingKeyPem(), config.algorithm()));
      } catch (IllegalArgumentException e) {
        throw new JanuaConfigException("JWT_PRIVATE_KEY", "JWT_PRIVATE_KEY: " + e.getMessage());
      }
    }
    if (persistentKeys) {
      SigningKey candidate = SigningKey.generate(config.algorithm());
      Instant now = now();
      store.activeSigningKey(new StoredSigningKey(candidate.kid(), candidate.algorithm(),
          Keys.der(candidate.privateKey()), Keys.der(candidate.publicKey()), now, null));
      return keyRingFromStore();
    }
    SigningKey generated = SigningKey.generate(config.algorithm());
    LOG.warn("No signing key configured: generated {} key {}. Tokens will not survive a restart and "
        + "are not shared with other instances; set JWT_PRIVATE_KEY or use persistent keys.",
        generated.algorithm(), generated.kid());
    return KeyRing.of(generated);
  }

  /** The store's keys: the active one signs, retired ones verify while their tokens can live. */
  private KeyRing keyRingFromStore() {
    Instant cutoff = now().minus(config.accessTokenTtl()).minus(config.clockSkew());
    KeyRing ring = null;
    List<StoredSigningKey> stored = store.signingKeys();
    for (StoredSigningKey k : stored) {
      if (k.retiredAt() == null) {
        ring = KeyRing.of(SigningKey.of(k.kid(), Keys.fromDer(k.privateKeyDer(), k.publicKeyDer(),
            k.algorithm()), k.algorithm()));
      }
    }
    if (ring == null) {
      throw new IllegalStateException("the store has no active signing key");
    }
    for (StoredSigningKey k : stored) {
      if (k.retiredAt() != null && !k.retiredAt().isBefore(cutoff)) {
        ring = ring.withRetired(SigningKey.of(k.kid(), Keys.fromDer(k.privateKeyDer(),
            k.publicKeyDer(), k.algorithm()), k.algorithm()), k.retiredAt());
      }
    }
    return ring;
  }

  private Instant now() {
    // Stores keep microseconds; truncating here keeps what is returned equal to what is stored.
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  // ---------------------------------------------------------------- accounts

  /**
   * Creates an account and signs it in.
   *
   * @param email    the email; trimmed and lower-cased
   * @param password 8 to 128 characters
   * @param name     optional display name
   * @param client   who is calling
   * @throws ValidationException   naming {@code email}, {@code password} or {@code name}
   * @throws ConflictException     (field {@code email}) when the email is taken
   * @throws RateLimitedException  over the authentication limit
   * @throws BusyException         when no password-hashing slot came free in time
   */
  public AuthResult signup(String email, String password, String name, ClientInfo client) {
    ClientInfo c = client == null ? ClientInfo.unknown() : client;
    RateLimitDecision decision = null;
    try {
      decision = rateLimiter.checkOrThrow(RateLimitCategory.AUTHENTICATION, c.ipAddress());
      String normalized = Inputs.email(email);
      Inputs.password(password);
      String displayName = Inputs.name(name, "name", false);
      if (store.findUserByEmail(normalized).isPresent()) {
        throw new ConflictException("email", "A user with this email already exists");
      }
      Instant now = now();
      StoredUser user = new StoredUser(newId(), normalized, displayName, hasher.hash(password), true,
          now, now);
      NewSession s = newSession(user, c, now);
      // The account and its first session in one step: a failure leaves neither behind.
      store.createUserWithSession(user, event(AuditEventType.SIGNUP, user.id(), null, null, c,
          Map.of(), now), s.session(), s.firstToken(), event(AuditEventType.SIGNIN_SUCCEEDED,
          user.id(), s.session().id(), null, c, Map.of("method", "signup"), now));
      metrics.signupAttempt("success");
      return result(s, user, decision, now);
    } catch (JanuaException e) {
      metrics.signupAttempt(e.code());
      throw decision == null ? e : e.withRateLimit(decision);
    } catch (RuntimeException e) {
      metrics.signupAttempt("error");
      throw e;
    }
  }

  /**
   * Signs in with email and password. Unknown email, wrong password and disabled account fail
   * alike and cost the same bcrypt work. A hash of another cost than {@code BCRYPT_ROUNDS} is
   * replaced on success.
   *
   * @throws InvalidCredentialsException whatever was wrong
   * @throws RateLimitedException        over the authentication limit
   * @throws BusyException               when no password-hashing slot came free in time
   */
  public AuthResult signin(String email, String password, ClientInfo client) {
    ClientInfo c = client == null ? ClientInfo.unknown() : client;
    RateLimitDecision decision = null;
    try {
      decision = rateLimiter.checkOrThrow(RateLimitCategory.AUTHENTICATION, c.ipAddress());
      String normalized = Inputs.normalizeEmail(email);
      Instant now = now();
      Optional<StoredUser> found = normalized == null || normalized.isEmpty() || !Inputs.passwordFits(password)
          ? Optional.empty() : store.findUserByEmail(normalized);
      if (found.isEmpty()) {
        hasher.verifyDecoy(password);
        store.appendAudit(event(AuditEventType.SIGNIN_FAILED, null, null, null, c,
            Map.of("reason", "invalid_credentials"), now));
        throw new InvalidCredentialsException();
      }
      StoredUser user = found.get();
      boolean verified = hasher.verify(password, user.passwordHash());
      if (!verified || !user.enabled()) {
        store.appendAudit(event(AuditEventType.SIGNIN_FAILED, user.id(), null, null, c,
            Map.of("reason", verified ? "account_disabled" : "wrong_password"), now));
        throw new InvalidCredentialsException();
      }
      if (PasswordHasher.costOf(user.passwordHash()) != hasher.cost()) {
        String rehashed = hasher.hash(password);
        if (store.replacePasswordHash(user.id(), user.passwordHash(), rehashed, now)) {
          LOG.info("Rehashed the password of user {} at cost {}", user.id(), hasher.cost());
        }
      }
      AuthResult result = startSession(user, c, decision, now, Map.of("method", "password"));
      metrics.signinAttempt("success");
      return result;
    } catch (JanuaException e) {
      metrics.signinAttempt(e.code());
      throw decision == null ? e : e.withRateLimit(decision);
    } catch (RuntimeException e) {
      metrics.signinAttempt("error");
      throw e;
    }
  }

  private AuthResult startSession(StoredUser user, ClientInfo c, RateLimitDecision decision,
      Instant now, Map<String, String> details) {
    NewSession s = newSession(user, c, now);
    store.createSession(s.session(), s.firstToken(),
        event(AuditEventType.SIGNIN_SUCCEEDED, user.id(), s.session().id(), null, c, details, now));
    return result(s, user, decision, now);
  }

  private NewSession newSession(StoredUser user, ClientInfo c, Instant now) {
    Session session = new Session(newId(), user.id(), c.ipAddress(), truncate(c.userAgent()), now, now,
        now.plus(config.sessionMaxLifetime()), null);
    String refresh = RefreshTokens.generate();
    return new NewSession(session, refresh, new RefreshTokenRecord(RefreshTokens.hash(refresh),
        session.id(), user.id(), now, now.plus(config.refreshTokenTtl())));
  }

  /** A session about to be stored, with its first refresh token (raw and as stored). */
  private record NewSession(Session session, String refreshToken, RefreshTokenRecord firstToken) {}

  private AuthResult result(NewSession s, StoredUser user, RateLimitDecision decision, Instant now) {
    return new AuthResult(user.toUser(), s.session(), pair(user.id(), s.session().id(),
        s.refreshToken(), s.firstToken().expiresAt(), now), decision);
  }

  private TokenPair pair(String userId, String sessionId, String refresh, Instant refreshExpiresAt,
      Instant now) {
    TokenService.Issued access = tokens.issue(userId, sessionId, null, now);
    return new TokenPair(access.token(), refresh, "Bearer",
        Duration.between(now, access.expiresAt()).getSeconds(), access.expiresAt(), refreshExpiresAt);
  }

  /**
   * Spends a refresh token for a new token pair. A token presented again after the grace window
   * revokes its whole session; within the window (a concurrent duplicate) it is only refused.
   *
   * @throws InvalidTokenException reasons {@code refresh_token_unknown}, {@code
   *     refresh_token_expired}, {@code refresh_token_reused}, {@code refresh_token_already_rotated},
   *     {@code session_revoked}
   * @throws RateLimitedException over the token-refresh limit
   */
  public AuthResult refresh(String refreshToken, ClientInfo client) {
    ClientInfo c = client == null ? ClientInfo.unknown() : client;
    RateLimitDecision decision = rateLimiter.checkOrThrow(RateLimitCategory.TOKEN_REFRESH, c.ipAddress());
    try {
      return rotate(refreshToken, c, decision);
    } catch (JanuaException e) {
      throw e.withRateLimit(decision);
    }
  }

  private AuthResult rotate(String refreshToken, ClientInfo c, RateLimitDecision decision) {
    if (!RefreshTokens.wellFormed(refreshToken)) {
      throw new InvalidTokenException(TokenFailureReason.REFRESH_TOKEN_UNKNOWN);
    }
    Instant now = now();
    String successor = RefreshTokens.generate();
    RotationOutcome outcome = store.rotateRefreshToken(RefreshTokens.hash(refreshToken),
        RefreshTokens.hash(successor), now.plus(config.refreshTokenTtl()), now,
        event(AuditEventType.TOKEN_REFRESHED, null, null, null, c, Map.of(), now));
    if (outcome instanceof RotationOutcome.Rotated r) {
      metrics.refreshRotation();
      StoredUser user = store.findUserById(r.session().userId())
          .orElseThrow(() -> new InvalidTokenException(TokenFailureReason.SESSION_REVOKED));
      return new AuthResult(user.toUser(), r.session(),
          pair(user.id(), r.session().id(), successor, r.successor().expiresAt(), now), decision);
    }
    if (outcome instanceof RotationOutcome.AlreadySpent s) {
      if (!now.isAfter(s.spentAt().plus(config.refreshReuseGrace()))) {
        throw new InvalidTokenException(TokenFailureReason.REFRESH_TOKEN_ALREADY_ROTATED);
      }
      store.revokeSession(s.sessionId(), now, event(AuditEventType.REFRESH_TOKEN_REUSE_DETECTED,
          s.userId(), s.sessionId(), null, c, Map.of("spent_at", s.spentAt().toString()), now));
      metrics.refreshReuseDetected();
      LOG.warn("Refresh token reuse detected: session {} of user {} revoked", s.sessionId(), s.userId());
      throw new InvalidTokenException(TokenFailureReason.REFRESH_TOKEN_REUSED);
    }
    if (outcome instanceof RotationOutcome.Expired) {
      throw new InvalidTokenException(TokenFailureReason.REFRESH_TOKEN_EXPIRED);
    }
    if (outcome instanceof RotationOutcome.SessionEnded) {
      throw new InvalidTokenException(TokenFailureReason.SESSION_REVOKED);
    }
    throw new InvalidTokenException(TokenFailureReason.REFRESH_TOKEN_UNKNOWN);
  }

  /**
   * Validates an access token: signature with the algorithm allowed for its {@code kid}, {@code
   * typ}, {@code iss}, {@code aud}, {@code exp}/{@code nbf} within the clock skew, and that its
   * session is still live. Validating the same token again costs no signature work; a revoked
   * session fails at once all the same.
   *
   * @throws InvalidTokenException with the reason
   */
  public Principal validate(String accessToken) {
    boolean cached = false;
    try {
      TokenService.Verified v = tokens.verify(accessToken);
      cached = v.cached();
      var c = v.claims();
      Session s = store.findSession(c.sessionId()).orElse(null);
      if (s == null || !s.userId().equals(c.userId()) || !s.isLive(clock.instant())) {
        throw new InvalidTokenException(TokenFailureReason.SESSION_REVOKED);
      }
      metrics.tokenValidation("valid", "none", cached);
      return new Principal(c.userId(), c.sessionId(), c.organizationId(), c.tokenId(),
          c.issuedAt(), c.expiresAt());
    } catch (InvalidTokenException e) {
      metrics.tokenValidation("invalid", e.reason().code(), cached);
      throw e;
    }
  }

  /** Ends the principal's session; its access tokens fail validation from now on. */
  public void signout(Principal principal) {
    Instant now = now();
    store.revokeSession(principal.sessionId(), now,
        event(AuditEventType.SIGNOUT, principal.userId(), principal.sessionId(), null, null, Map.of(), now));
  }

  /** The principal's user's live sessions, newest first. */
  public List<Session> sessions(Principal principal) {
    return store.liveSessions(principal.userId(), now());
  }

  /**
   * Revokes one of the principal's own sessions.
   *
   * @throws NotFoundException when the user has no such live session
   */
  public void revokeSession(Principal principal, String sessionId) {
    Instant now = now();
    Session s = store.findSession(Inputs.id(sessionId, "session_id")).orElse(null);
    if (s == null || !s.userId().equals(principal.userId()) || !s.isLive(now)) {
      throw new NotFoundException("No such session");
    }
    store.revokeSession(sessionId, now, event(AuditEventType.SESSION_REVOKED, principal.userId(),
        sessionId, null, null, Map.of("by", principal.sessionId()), now));
  }

  /**
   * Revokes every live session of a user (an administrative action; check the caller's rights
   * first).
   *
   * @return how many sessions were revoked
   */
  public int revokeSessions(String userId) {
    Instant now = now();
    return store.revokeUserSessions(Inputs.id(userId, "user_id"), now,
        event(AuditEventType.SESSION_REVOKED, userId, null, null, null, Map.of("scope", "all"), now));
  }

  /**
   * Changes the principal's password after checking the current one, and revokes every session of
   * the user, this one included.
   *
   * @throws InvalidCredentialsException when the current password is wrong
   * @throws ValidationException         (field {@code new_password}) when the new one breaks the policy
   */
  public void changePassword(Principal principal, String currentPassword, String newPassword,
      ClientInfo client) {
    try {
      Inputs.password(newPassword);
    } catch (ValidationException e) {
      throw new ValidationException("new_password", e.getMessage().replace("password", "new_password"));
    }
    StoredUser user = store.findUserById(principal.userId()).orElseThrow(InvalidCredentialsException::new);
    if (!hasher.verify(currentPassword == null ? "" : currentPassword, user.passwordHash())) {
      throw new InvalidCredentialsException();
    }
    Instant now = now();
    store.changePassword(user.id(), hasher.hash(newPassword), now,
        event(AuditEventType.PASSWORD_CHANGED, user.id(), principal.sessionId(), null, client, Map.of(), now));
  }

  /**
   * Enables or disables an account; disabling revokes its sessions (administrative action).
   *
   * @throws NotFoundException when there is no such user
   */
  public void setUserEnabled(String userId, boolean enabled) {
    Instant now = now();
    if (!store.setUserEnabled(Inputs.id(userId, "user_id"), enabled, now, event(
        enabled ? AuditEventType.USER_ENABLED : AuditEventType.USER_DISABLED, userId, null, null,
        null, Map.of(), now))) {
      throw new NotFoundException("No such user");
    }
  }

  /**
   * A user by id.
   *
   * @throws NotFoundException when there is no such user
   */
  public User user(String userId) {
    return store.findUserById(Inputs.id(userId, "user_id")).map(StoredUser::toUser)
        .orElseThrow(() -> new NotFoundException("No such user"));
  }

  /** The principal's user. */
  public User me(Principal principal) {
    return user(principal.userId());
  }

  /** Audit events, newest first. */
  public List<AuditEvent> auditEvents(AuditQuery query) {
    return store.auditEvents(query);
  }

  // ---------------------------------------------------------------- organizations

  /**
   * Creates an organization with the principal as its owner.
   *
   * @throws ValidationException naming {@code name} or {@code slug}
   * @throws ConflictException   (field {@code slug}) when the slug is taken
   */
  public Organization createOrganization(Principal principal, String name, String slug) {
    String n = Inputs.name(name, "name", true);
    String s = Inputs.slug(slug);
    Instant now = now();
    Organization org = new Organization(newId(), n, s, principal.userId(), now);
    store.createOrganization(org, new Membership(org.id(), principal.userId(),
        SystemRole.OWNER.roleName(), MembershipStatus.ACTIVE, now),
        event(AuditEventType.ORGANIZATION_CREATED, principal.userId(), null, org.id(), null, Map.of(), now));
    return org;
  }

  /**
   * An organization the principal may read ({@code org:read}).
   *
   * @throws PermissionDeniedException when the principal is not an active member (or there is no
   *     such organization: the two are not told apart)
   */
  public Organization organization(Principal principal, String organizationId) {
    requirePermission(principal, organizationId, "org:read");
    return store.findOrganization(organizationId)
        .orElseThrow(() -> new PermissionDeniedException("Not a member of this organization"));
  }

  /** The organizations the principal is an active member of, oldest membership first. */
  public List<Organization> organizations(Principal principal) {
    return store.membershipsOf(principal.userId()).stream()
        .filter(Membership::isActive)
        .map(m -> store.findOrganization(m.organizationId()).orElse(null))
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  /**
   * The organization's members ({@code members:read}).
   *
   * @throws PermissionDeniedException when not allowed
   */
  public List<Membership> members(Principal principal, String organizationId) {
    requirePermission(principal, organizationId, "members:read");
    return store.members(organizationId);
  }

  /**
   * Adds a user to the organization ({@code members:create}); the caller may grant roles up to
   * their own rank, only an owner grants {@code owner}, and only owners and admins grant custom
   * roles.
   *
   * @throws PermissionDeniedException when not allowed
   * @throws NotFoundException         when the user or the role does not exist
   * @throws ConflictException         when the user already is a member
   */
  public Membership addMember(Principal principal, String organizationId, String userId, String role) {
    Membership caller = requireMembershipWith(principal, organizationId, "members:create");
    requireCanGrant(caller, organizationId, role);
    user(userId);
    Instant now = now();
    Membership m = new Membership(organizationId, userId, role, MembershipStatus.ACTIVE, now);
    store.addMember(m, event(AuditEventType.MEMBER_ADDED, userId, null, organizationId, null,
        Map.of("role", role, "by", principal.userId()), now));
    return m;
  }

  /**
   * Changes a member's role ({@code members:update}) under the same rank rules as {@link
   * #addMember}; a member of higher rank than the caller cannot be changed, and the last owner
   * cannot be demoted.
   *
   * @throws PermissionDeniedException when not allowed
   * @throws NotFoundException         when there is no such member or role
   */
  public Membership changeRole(Principal principal, String organizationId, String userId, String role) {
    Membership caller = requireMembershipWith(principal, organizationId, "members:update");
    requireCanGrant(caller, organizationId, role);
    Membership target = store.findMembership(organizationId, Inputs.id(userId, "user_id"))
        .orElseThrow(() -> new NotFoundException("No such member"));
    requireOutranksOrEquals(caller, target);
    if (isOwner(target) && !SystemRole.OWNER.roleName().equals(role)) {
      requireAnotherOwner(organizationId, userId);
    }
    Instant now = now();
    Membership changed = target.withRole(role);
    store.updateMembership(changed, event(AuditEventType.ROLE_CHANGED, userId, null, organizationId,
        null, Map.of("from", target.role(), "to", role, "by", principal.userId()), now));
    return changed;
  }

  /**
   * Removes a member ({@code members:delete}, or anyone leaving on their own); the last owner cannot
   * leave.
   *
   * @throws PermissionDeniedException when not allowed
   * @throws NotFoundException         when there is no such member
   */
  public void removeMember(Principal principal, String organizationId, String userId) {
    boolean self = principal.userId().equals(userId);
    Membership caller = self ? requireMembershipWith(principal, organizationId, "org:read")
        : requireMembershipWith(principal, organizationId, "members:delete");
    Membership target = store.findMembership(organizationId, Inputs.id(userId, "user_id"))
        .orElseThrow(() -> new NotFoundException("No such member"));
    if (!self) {
      requireOutranksOrEquals(caller, target);
    }
    if (isOwner(target)) {
      requireAnotherOwner(organizationId, userId);
    }
    Instant now = now();
    store.removeMember(organizationId, userId, event(AuditEventType.MEMBER_REMOVED, userId, null,
        organizationId, null, Map.of("by", principal.userId()), now));
  }

  /**
   * Creates a custom role ({@code roles:create}); the caller must hold every permission it grants.
   *
   * @throws ValidationException       naming {@code name} or {@code permissions}
   * @throws PermissionDeniedException when not allowed
   * @throws ConflictException         (field {@code name}) when the name is taken
   */
  public Role createRole(Principal principal, String organizationId, String name, Set<String> permissions) {
    Membership caller = requireMembershipWith(principal, organizationId, "roles:create");
    String n = Inputs.name(name, "name", true).toLowerCase(java.util.Locale.ROOT);
    if (SystemRole.byName(n).isPresent() || !n.matches("[a-z0-9][a-z0-9_-]{0,49}")) {
      throw new ValidationException("name",
          "role name must be 1 to 50 of a-z, 0-9, _ and -, and not a system role name");
    }
    if (permissions == null || permissions.isEmpty()) {
      throw new ValidationException("permissions", "a role needs at least one permission");
    }
    permissions.forEach(Permissions::checkGrantable);
    if (!Permissions.covers(permissionsOf(caller).orElse(Set.of()), permissions)) {
      throw new PermissionDeniedException("A role cannot grant permissions its creator does not hold");
    }
    Instant now = now();
    Role role = new Role(organizationId, n, permissions, now);
    store.createRole(role, event(AuditEventType.ROLE_CREATED, principal.userId(), null,
        organizationId, null, Map.of("role", n), now));
    return role;
  }

  /**
   * Whether the principal is an active member of the organization whose role grants the
   * permission. Answers from the store's current memberships and roles, so a role change applies
   * at once.
   *
   * @param permission a concrete {@code resource:action}
   * @throws ValidationException (field {@code permission}) when malformed
   */
  public boolean checkPermission(Principal principal, String organizationId, String permission) {
    Permissions.checkRequired(permission);
    if (organizationId == null) {
      return false;
    }
    Membership m = store.findMembership(organizationId, principal.userId()).orElse(null);
    if (m == null || !m.isActive()) {
      return false;
    }
    SystemRole system = SystemRole.byName(m.role()).orElse(null);
    if (system != null) {
      return Permissions.grants(system.permissions(), permission);
    }
    Role custom = store.findRole(organizationId, m.role()).orElse(null);
    return custom != null && Permissions.grants(custom.permissions(), permission);
  }

  /**
   * Like {@link #checkPermission}, but refuses with an exception.
   *
   * @throws PermissionDeniedException when the permission is not granted
   */
  public void requirePermission(Principal principal, String organizationId, String permission) {
    if (!checkPermission(principal, organizationId, permission)) {
      throw new PermissionDeniedException("Missing permission " + permission + " in this organization");
    }
  }

  private Membership requireMembershipWith(Principal principal, String organizationId, String permission) {
    requirePermission(principal, organizationId, permission);
    return store.findMembership(organizationId, principal.userId())
        .orElseThrow(() -> new PermissionDeniedException("Not a member of this organization"));
  }

  private Optional<Set<String>> permissionsOf(Membership m) {
    Optional<SystemRole> system = SystemRole.byName(m.role());
    if (system.isPresent()) {
      return Optional.of(system.get().permissions());
    }
    return store.findRole(m.organizationId(), m.role()).map(Role::permissions);
  }

  private static int rank(String role) {
    return SystemRole.byName(role).map(SystemRole::rank).orElse(0);
  }

  private static boolean isOwner(Membership m) {
    return SystemRole.OWNER.roleName().equals(m.role());
  }

  private void requireCanGrant(Membership caller, String organizationId, String role) {
    if (role == null || role.isBlank()) {
      throw new ValidationException("role", "role is required");
    }
    Optional<SystemRole> system = SystemRole.byName(role);
    int callerRank = rank(caller.role());
    if (system.isPresent()) {
      if (system.get().rank() > callerRank) {
        throw new PermissionDeniedException("Cannot grant a role above your own");
      }
      return;
    }
    if (store.findRole(organizationId, role).isEmpty()) {
      throw new NotFoundException("No such role in this organization: " + role);
    }
    if (callerRank < SystemRole.ADMIN.rank()) {
      throw new PermissionDeniedException("Only owners and admins grant custom roles");
    }
  }

  private static void requireOutranksOrEquals(Membership caller, Membership target) {
    if (rank(target.role()) > rank(caller.role())) {
      throw new PermissionDeniedException("Cannot change a member who outranks you");
    }
  }

  private void requireAnotherOwner(String organizationId, String userId) {
    boolean another = store.members(organizationId).stream()
        .anyMatch(m -> isOwner(m) && m.isActive() && !m.userId().equals(userId));
    if (!another) {
      throw new PermissionDeniedException("An organization must keep at least one owner");
    }
  }

  // ---------------------------------------------------------------- keys, health, metrics

  /** The JSON Web Key Set of every verification key; serve with {@code Cache-Control: public, max-age=3600}. */
  public String jwks() {
    return tokens.keyRing().jwksJson();
  }

  /** The current key ring. */
  public KeyRing keyRing() {
    return tokens.keyRing();
  }

  /**
   * Makes a fresh key the signing key; the old one keeps verifying until every token it signed has
   * expired. With persistent keys the rotation is stored, and other instances pick the new key up
   * when they first see a token signed with it.
   */
  public SigningKey rotateSigningKey() {
    Instant now = now();
    SigningKey next = SigningKey.generate(config.algorithm());
    if (persistentKeys) {
      store.rotateSigningKey(new StoredSigningKey(next.kid(), next.algorithm(),
          Keys.der(next.privateKey()), Keys.der(next.publicKey()), now, null), now);
      tokens.keyRing(keyRingFromStore());
    } else {
      tokens.keyRing(tokens.keyRing().rotate(next, now)
          .withoutRetiredBefore(now.minus(config.accessTokenTtl()).minus(config.clockSkew())));
    }
    return next;
  }

  /** Liveness: no dependency is touched. */
  public Health health() {
    return new Health("healthy");
  }

  /**
   * Readiness: every registered check, in parallel, each limited to {@code READY_CHECK_TIMEOUT_MS};
   * a check that throws or overruns is down.
   */
  public Readiness ready() {
    Map<String, Future<HealthStatus>> running = new LinkedHashMap<>();
    for (HealthCheck check : healthChecks) {
      running.put(check.name(), checkRunner.submit(check::check));
    }
    long deadline = System.nanoTime() + config.readyTimeout().toNanos();
    Map<String, String> results = new LinkedHashMap<>();
    boolean ready = true;
    for (Map.Entry<String, Future<HealthStatus>> e : running.entrySet()) {
      String detail;
      boolean up = false;
      try {
        HealthStatus s = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        up = s != null && s.up();
        detail = s == null ? "no answer" : s.detail();
      } catch (TimeoutException ex) {
        e.getValue().cancel(true);
        detail = "timed out after " + config.readyTimeout().toMillis() + " ms";
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        detail = "interrupted";
      } catch (Exception ex) {
        Throwable cause = ex.getCause() == null ? ex : ex.getCause();
        detail = "failed: " + cause.getClass().getSimpleName();
      }
      results.put(e.getKey(), up ? "ok" : detail);
      ready &= up;
    }
    return new Readiness(ready, results);
  }

  /** The metrics snapshot of the recorder (the guide's /metrics JSON shape with janua-metrics). */
  public Map<String, Object> metricsSnapshot() {
    return metrics.snapshot();
  }

  /** The rate limiter, for the categories a host applies itself. */
  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /** The configuration in force. */
  public JanuaConfig config() {
    return config;
  }

  // ---------------------------------------------------------------- helpers

  private static String newId() {
    return UUID.randomUUID().toString();
  }

  private static String truncate(String userAgent) {
    return userAgent == null || userAgent.length() <= 512 ? userAgent : userAgent.substring(0, 512);
  }

  private static AuditEvent event(AuditEventType type, String userId, String sessionId, String orgId,
      ClientInfo c, Map<String, String> details, Instant now) {
    return new AuditEvent(newId(), type, userId, sessionId, orgId,
        c == null ? null : c.ipAddress(), c == null ? null : truncate(c.userAgent()), details, now);
  }
}
