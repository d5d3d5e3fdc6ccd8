package dev.janua;

import dev.janua.internal.ApiTokenSecrets;
import dev.janua.internal.PasswordHasher;
import dev.janua.internal.PasswordPolicy;
import dev.janua.internal.TokenService;
import dev.janua.spi.MetricsRecorder;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The authentication engine: signup and signin with bcrypt, signed access tokens, rotating refresh
 * tokens, revocable sessions, organizations with role-based permission checks, rate limits.
 * Immutable and thread-safe: build one per service with {@link #builder()}, share it, and close it
 * when the service stops. Calls block only on the store (and, through it, a remote cache).
 *
 * <p>The operations of the design card are here; related groups live on typed sub-APIs: {@link
 * #users()}, {@link #sessions()}, {@link #organizations()}, {@link #invitations()}, {@link
 * #signingKeys()}, {@link #oauth()}, {@link #apiTokens()}, {@link #mfa()}, {@link #passkeys()}.
 * Every operation that takes a {@link Principal} refuses one this engine did not make, or whose
 * session has ended, with {@link InvalidTokenException} {@code session_revoked}.
 *
 * <p>Every failure is a {@link JanuaException} with a stable code: {@link ValidationException} for
 * bad input (naming the field), {@link InvalidCredentialsException}, {@link InvalidTokenException}
 * (with a reason), {@link ConflictException}, {@link PermissionDeniedException}, {@link
 * NotFoundException}, {@link RateLimitedException}, {@link BusyException}, {@link
 * StoreUnavailableException}; for second factors {@link MfaRequiredException} (a signin that needs
 * {@link #completeMfa}), {@link InvalidMfaChallengeException}, {@link InvalidMfaCodeException}.
 * A closed engine throws {@link IllegalStateException}.
 */
public final class AuthEngine implements AutoCloseable {
  private final JanuaConfig config;
  private final Assembly parts;
  private final MetricsRecorder metrics;
  private final RateLimiter rateLimiter;
  private final Runner runner;
  private final SessionTokens tokens;
  private final Accounts accounts;
  private final Users users;
  private final Sessions sessions;
  private final Organizations organizations;
  private final Invitations invitations;
  private final SigningKeys signingKeys;
  private final OAuth oauth;
  private final ApiTokenService apiTokenService;
  private final ApiTokens apiTokens;
  private final Mfa mfa;
  private final MfaSignin mfaSignin;
  private final MfaService mfaService;
  private final Passkeys passkeys;
  private final ReadinessProbe readiness;
  private final Outbox outbox;
  private final Retention retention;

  AuthEngine(Assembly parts) {
    this.parts = parts;
    this.config = parts.config;
    this.metrics = parts.metrics;
    Object identity = new Object();
    this.outbox = new Outbox(parts.notifier, parts.deliveryPolicy, metrics);
    parts.own(outbox);
    this.rateLimiter = new RateLimiter(config, parts.rateLimitStore, parts.clock, metrics);
    this.runner = new Runner(parts.clock, rateLimiter, metrics);
    KeyService keys = new KeyService(config, parts.store.signingKeys(),
        parts.keyRing == null && config.signingKeyPem() == null && parts.persistentKeys, runner::now);
    TokenService tokenService = new TokenService(keys.initial(parts.keyRing),
        keys.persistent() ? keys::reload : null, parts.clock, config);
    ApiTokenService apiTokenService = new ApiTokenService(config, parts.store, rateLimiter,
        metrics, parts.clock, identity);
    this.tokens = new SessionTokens(config, parts.store, tokenService, metrics, parts.clock,
        identity, apiTokenService);
    this.apiTokenService = apiTokenService;
    this.apiTokens = new ApiTokens(apiTokenService, parts.store, tokens, config, runner);
    PasswordHasher hasher = new PasswordHasher(config.bcryptRounds(),
        config.passwordHashConcurrency(), config.passwordHashQueueTimeout(), metrics);
    PasswordPolicy passwordPolicy = new PasswordPolicy(config.passwordMinScore());
    AccountLifecycle lifecycle = new AccountLifecycle(parts.store, hasher, tokens, outbox,
        rateLimiter, config, passwordPolicy);
    this.mfaService = new MfaService(parts.store, outbox, config,
        parts.store instanceof dev.janua.memory.InMemoryStore);
    AccountThrottle throttle = new AccountThrottle(config, parts.rateLimitStore,
        parts.store.devices());
    PasskeyService passkeyService = new PasskeyService(parts.store, outbox, config,
        parts.webAuthn, tokens, throttle, lifecycle);
    if (parts.webAuthn != null) {
      // Passkeys as a second factor: only with a ceremony that can verify them.
      mfaService.usePasskeys(passkeyService);
    }
    this.mfaSignin = new MfaSignin(parts.store, mfaService, tokens, throttle, config);
    this.accounts = new Accounts(parts.store, hasher, tokens, lifecycle, passwordPolicy,
        throttle, mfaSignin);
    this.users = new Users(accounts, tokens, parts.store.audit(), runner, lifecycle);
    this.sessions = new Sessions(parts.store.sessions(), tokens, runner);
    OrganizationGrants grants = new OrganizationGrants(parts.store.organizations(), config);
    tokens.useOrganizationGrants(grants);
    this.organizations = new Organizations(parts.store.organizations(), tokens, accounts, runner,
        grants);
    this.invitations = new Invitations(parts.store, organizations, tokens, accounts, outbox, config,
        runner);
    this.signingKeys = new SigningKeys(keys, tokenService, runner, config);
    this.mfa = new Mfa(mfaService, tokens, config, runner, mfaSignin);
    this.passkeys = new Passkeys(passkeyService, tokens, runner, mfaService);
    if (keys.persistent() || !config.keyRotationInterval().isZero()) {
      parts.own(KeySchedule.start(signingKeys, config.keyReloadInterval()));
    }
    this.oauth = new OAuth(config, tokens, tokenService, runner);
    this.readiness = new ReadinessProbe(parts.healthChecks, config.readyTimeout());
    parts.own(readiness);
    this.retention = new Retention(parts.store.retention(), config, runner::now, metrics);
    parts.own(retention);
  }

  /**
   * Installs a passkey second factor in place of the engine's own (installed in the constructor
   * when a WebAuthn ceremony is configured). Package-private: tests install a fake through it.
   */
  void usePasskeys(PasskeyFactor factor) {
    mfaService.usePasskeys(factor);
  }

  /** A builder; {@code AuthEngine.builder().build()} runs with no services at all. */
  public static AuthEngineBuilder builder() {
    return new AuthEngineBuilder();
  }

  /**
   * Creates an account and signs it in.
   *
   * @param email    the email; trimmed and lower-cased
   * @param password 8 to 128 characters
   * @param client   who is calling ({@code null}: unknown)
   * @throws ValidationException  naming {@code email} or {@code password}; for the password, its
   *     {@link ValidationException#rule() rule()} is {@code required}, {@code too_short}, {@code
   *     too_long} or {@code too_weak} (zxcvbn score below {@code PASSWORD_MIN_SCORE})
   * @throws ConflictException    (field {@code email}) when the email is taken
   * @throws RateLimitedException over the authentication limit
   * @throws BusyException        when no password-hashing slot came free in time
   */
  public AuthResult signup(String email, String password, @Nullable ClientInfo client) {
    return signup(email, password, client, null);
  }

  /**
   * Creates an account with a display name and signs it in.
   *
   * @param name optional display name (field {@code name} in a {@link ValidationException})
   * @see #signup(String, String, ClientInfo)
   */
  public AuthResult signup(String email, String password, @Nullable ClientInfo client,
      @Nullable String name) {
    return runner.run(Operation.SIGNUP, client, call -> accounts.signup(email, password, name, call));
  }

  /**
   * Signs in with email and password. Unknown or malformed email, wrong password and disabled
   * account fail alike and cost the same bcrypt work; a malformed email reaches no cache or store.
   * The password is compared in its NFKC form (and, for a hash made before normalization, as
   * typed); no strength check. A hash of another cost than {@code BCRYPT_ROUNDS}, or of the
   * un-normalized form, is replaced on success.
   *
   * <p>Only failed signins count against the client's per-IP {@code AUTHENTICATION} budget (it is
   * checked before, without counting). Failed signins are also counted per account, from every
   * address; past {@code ACCOUNT_THROTTLE_FAILURES} the account is locked for clients without one
   * of its device tokens (see {@link #signin(String, String, ClientInfo, String)}).
   *
   * <p>For an account with a second factor (TOTP, or a passkey) the right password yields no
   * tokens but {@link MfaRequiredException} with a challenge for {@link #completeMfa}; unless the
   * client presents a device token remembered for the second factor (see {@link
   * #signin(String, String, ClientInfo, String)}). Such a signin does not count as failed.
   *
   * @throws MfaRequiredException        the password was right; the second factor is next
   * @throws InvalidCredentialsException whatever was wrong
   * @throws SigninThrottledException    the account (or unknown email) is locked by the
   *     per-account throttle; refused before hashing
   * @throws RateLimitedException        over the authentication limit
   * @throws BusyException               when no password-hashing slot came free in time
   */
  public AuthResult signin(String email, String password, @Nullable ClientInfo client) {
    return signin(email, password, client, null);
  }

  /**
   * Signs in from a client that may hold a device token from an earlier successful signin. A live
   * device token of this account lets the signin past the per-account throttle (the password is
   * still checked; a failure still counts); any other value (absent, malformed, expired, revoked,
   * of another account) is ignored. The result carries {@link AuthResult#deviceToken()}: the
   * presented token when it was this account's, else a new one, for the client to keep.
   *
   * @param deviceToken the client's device token, or {@code null}
   * @see #signin(String, String, ClientInfo)
   */
  public AuthResult signin(String email, String password, @Nullable ClientInfo client,
      @Nullable String deviceToken) {
    return runner.run(Operation.SIGNIN, client,
        call -> accounts.signin(email, password, deviceToken, call));
  }

  /**
   * Completes a sign-in that ended in {@link MfaRequiredException}: proves the second factor with
   * a TOTP code, a recovery code (which notifies the user) or a passkey assertion, and issues the
   * token pair and device token as {@link #signin(String, String, ClientInfo, String)} does. The
   * tokens' {@code amr} says how: {@code ["pwd", "otp", "mfa"]}, {@code ["pwd", "mfa"]} (recovery
   * code), {@code ["pwd", "hwk"|"swk", "mfa"]} (passkey); {@code auth_time} is now.
   *
   * <p>The challenge works once, for {@code MFA_CHALLENGE_SECONDS}, from the client (IP address and
   * user agent) that signed in, for {@code MFA_CHALLENGE_ATTEMPTS} attempts: the last refused proof
   * ends it. A refused proof counts against the client's {@code AUTHENTICATION} budget and the
   * account's throttle, as a wrong password does, and is audited.
   *
   * @param challenge {@link MfaRequiredException#challenge()}
   * @param proof     the second factor
   * @param client    who is calling: the client that signed in ({@code null}: unknown)
   * @throws InvalidMfaChallengeException unknown, malformed, expired, used or out-of-attempts
   *     challenge, or one started by another client
   * @throws InvalidMfaCodeException      when the proof is refused
   * @throws ValidationException          naming {@code code}, {@code recovery_code} or {@code
   *     credential} when malformed (or passkeys are not configured); no attempt is spent
   * @throws SigninThrottledException     when the account is locked by the per-account throttle
   *     and the client holds none of its device tokens
   * @throws RateLimitedException         over the authentication limit
   */
  public AuthResult completeMfa(String challenge, MfaProof proof, @Nullable ClientInfo client) {
    return completeMfa(challenge, proof, client, false);
  }

  /**
   * Like {@link #completeMfa(String, MfaProof, ClientInfo)}; with {@code rememberDevice}, the device
   * token of the result ({@link AuthResult#deviceToken()}, issued for it when the client had none)
   * lets later signins presenting it skip the second factor for {@code MFA_REMEMBER_DAYS} (never
   * longer than {@code SESSION_MAX_LIFETIME_DAYS}, nor than the device token lives). Such a signin's
   * {@code amr} is {@code ["pwd"]}: it proved no second factor. {@link Mfa#forgetDevices}, a
   * password change, disabling the account or turning the factor off forget the devices.
   *
   * @param rememberDevice whether to remember this device for the second factor
   */
  public AuthResult completeMfa(String challenge, MfaProof proof, @Nullable ClientInfo client,
      boolean rememberDevice) {
    return runner.run(Operation.COMPLETE_MFA, client,
        call -> mfaSignin.complete(challenge, proof, rememberDevice, call));
  }

  /**
   * Spends a refresh token for a new token pair. A token presented again within the grace window
   * while its successor is unused (a concurrent duplicate) gets that same successor; after the
   * window, or once the successor was used, it is reuse and revokes its whole session.
   *
   * @throws InvalidTokenException reasons {@code refresh_token_unknown}, {@code
   *     refresh_token_expired}, {@code refresh_token_reused}, {@code refresh_token_already_rotated},
   *     {@code session_revoked}
   * @throws RateLimitedException over the token-refresh limit
   */
  public AuthResult refresh(String refreshToken, @Nullable ClientInfo client) {
    return runner.run(Operation.REFRESH, client, call -> tokens.refresh(refreshToken, call));
  }

  /**
   * Validates an access token: signature with the algorithm allowed for its {@code kid}, exactly
   * the configured {@code typ}, {@code iss}, {@code aud}, {@code client_id} present, {@code
   * exp}/{@code nbf} within the clock skew, and that its session is still live. Validating the same token again costs no signature work; a revoked
   * session fails at once all the same. Counted by {@link MetricsRecorder#tokenValidation}.
   *
   * @throws InvalidTokenException with the reason
   */
  public Principal validate(String accessToken) {
    runner.ensureOpen();
    return tokens.validate(accessToken);
  }

  /**
   * Authenticates a bearer token that is either an access token or an API token ({@code jnu_...},
   * told apart by that prefix), and says which in {@link Principal#kind()}. An access token is
   * validated as by {@link #validate}. An API token is refused without a store lookup when its
   * checksum does not match (a typo), then read by its SHA-256; it works when not revoked or
   * expired, its owner is enabled and still an active member of its organization; each use counts
   * against the token's own {@link RateLimitCategory#API_TOKEN} limit, and its {@code
   * last_used_at} is written at most once a minute.
   *
   * @param bearer the token of an {@code Authorization: Bearer} header
   * @throws InvalidTokenException with the reason ({@code api_token_invalid} for an API token that
   *     does not work, {@code malformed} for a mistyped one)
   * @throws RateLimitedException  when an API token is over its limit
   */
  public Principal authenticate(String bearer) {
    runner.ensureOpen();
    if (bearer != null && bearer.startsWith(ApiTokenSecrets.PREFIX)) {
      return apiTokenService.authenticate(bearer);
    }
    return tokens.validate(bearer);
  }

  /**
   * Ends the principal's session; its access tokens fail validation from now on.
   *
   * @throws InvalidTokenException {@code session_revoked} when it had ended already
   */
  public void signout(Principal principal) {
    runner.runVoid(Operation.SIGNOUT, null, call -> tokens.signout(principal, call));
  }

  /**
   * Whether the principal is an active member of the organization whose role grants the
   * permission. Answers from the store's current memberships and roles, so a role change applies
   * at once.
   *
   * @param permission a concrete {@code resource:action}
   * @throws ValidationException   (field {@code permission}) when malformed
   * @throws InvalidTokenException {@code session_revoked} when the principal's session has ended
   */
  public boolean checkPermission(Principal principal, @Nullable String organizationId, String permission) {
    runner.ensureOpen();
    return organizations.checkPermission(principal, organizationId, permission);
  }

  /**
   * Like {@link #checkPermission}, but refuses with an exception.
   *
   * @throws PermissionDeniedException when the permission is not granted
   */
  public void requirePermission(Principal principal, @Nullable String organizationId, String permission) {
    runner.ensureOpen();
    organizations.require(principal, organizationId, permission);
  }

  /** Accounts: lookups, password change, enabling, the audit log. */
  public Users users() {
    return users;
  }

  /** Sessions: list and revoke. */
  public Sessions sessions() {
    return sessions;
  }

  /** Organizations, members and roles. */
  public Organizations organizations() {
    return organizations;
  }

  /** Invitations into organizations: invite, list pending, revoke, accept. */
  public Invitations invitations() {
    return invitations;
  }

  /** Signing keys: the ring, rotation. */
  public SigningKeys signingKeys() {
    return signingKeys;
  }

  /** API tokens: create, list, revoke. */
  public ApiTokens apiTokens() {
    return apiTokens;
  }

  /** Second factors: TOTP enrollment and verification, recovery codes. */
  public Mfa mfa() {
    return mfa;
  }

  /**
   * Passkeys: registration, passwordless sign-in, list, rename, delete. Needs a WebAuthn ceremony
   * (the {@code janua-webauthn} module); without one its calls fail with {@link
   * JanuaConfigException} naming {@code WEBAUTHN_RP_ID}.
   */
  public Passkeys passkeys() {
    return passkeys;
  }

  /** For resource servers: discovery metadata, token introspection and revocation. */
  public OAuth oauth() {
    return oauth;
  }

  /**
   * The JSON Web Key Set of every verification key, pending keys included; serve it with {@code
   * Cache-Control:} {@link SigningKeys#jwksCacheControl() signingKeys().jwksCacheControl()}.
   */
  public String jwks() {
    return signingKeys.jwks();
  }

  /**
   * Runs the retention purge now and waits for it: deletes sessions revoked or expired more than
   * {@code SESSION_RETENTION_GRACE_HOURS} ago with their refresh tokens, refresh tokens, account
   * tokens, invitations and API tokens expired (API tokens also revoked) more than that ago, and
   * audit events older than {@code AUDIT_RETENTION_DAYS}, in batches of {@code
   * RETENTION_BATCH_SIZE}. The engine also runs it every {@code RETENTION_PURGE_INTERVAL_MINUTES}.
   * Safe while other instances purge the same store; counted by {@code
   * MetricsRecorder#retentionPurged}.
   *
   * @return what this call deleted, per kind
   * @throws StoreUnavailableException when the store cannot be reached (batches already done stay
   *     done)
   */
  public PurgeCounts purge() {
    runner.ensureOpen();
    return retention.purge();
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
    runner.ensureOpen();
    return readiness.run();
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

  /**
   * Stops the engine: later calls throw {@link IllegalStateException}, and everything it owns
   * (the readiness executor, and what its plugins opened: pools, connections, caches) is closed in
   * the reverse order of opening. Closing again does nothing. What reads only the engine's own
   * memory ({@link #jwks()}, {@link #health()}, {@link #config()}, {@link #metricsSnapshot()}, the
   * key ring) still answers after close.
   */
  @Override
  public void close() {
    if (runner.close()) {
      parts.closeAll();
    }
  }
}
