package dev.janua;

import dev.janua.internal.AccessClaims;
import dev.janua.internal.AccessGrant;
import dev.janua.internal.RefreshTokens;
import dev.janua.internal.SealedSuccessors;
import dev.janua.internal.TokenService;
import dev.janua.spi.MetricsRecorder;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.RefreshTokenRotation;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.Store;
import dev.janua.spi.StoredUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions and their tokens: starting a session with its first token pair, refresh rotation with
 * a grace for racing duplicates and reuse detection, access-token validation, and the liveness
 * check every principal-taking operation makes.
 */
final class SessionTokens {
  private static final Logger LOG = LoggerFactory.getLogger(SessionTokens.class);

  private final JanuaConfig config;
  private final Store store;
  private final TokenService tokens;
  private final MetricsRecorder metrics;
  private final Clock clock;
  private final Object identity;
  // Set once by the engine's constructor, before the engine is published (its final fields).
  private @Nullable OrganizationGrants organizationGrants;
  private final ApiTokenService apiTokens;

  SessionTokens(JanuaConfig config, Store store, TokenService tokens, MetricsRecorder metrics,
      Clock clock, Object identity, ApiTokenService apiTokens) {
    this.apiTokens = apiTokens;
    this.config = config;
    this.store = store;
    this.tokens = tokens;
    this.metrics = metrics;
    this.clock = clock;
    this.identity = identity;
  }

  /** How a refresh re-checks the session's active organization. */
  void useOrganizationGrants(OrganizationGrants grants) {
    this.organizationGrants = grants;
  }

  /** A session about to be stored, with its first refresh token (raw and as stored). */
  record NewSession(Session session, String refreshToken, RefreshTokenRecord firstToken) {}

  NewSession newSession(StoredUser user, Call call) {
    return newSession(user, call, List.of(Principal.AMR_PASSWORD));
  }

  /** A new session whose user authenticated now by {@code amr}. */
  NewSession newSession(StoredUser user, Call call, List<String> amr) {
    Instant now = call.now();
    Session session = new Session(Call.newId(), user.id(), call.client().ipAddress(),
        Call.userAgent(call.client()), now, now, now.plus(config.sessionMaxLifetime()), null,
        amr, now);
    String refresh = RefreshTokens.generate();
    return new NewSession(session, refresh, new RefreshTokenRecord(RefreshTokens.hash(refresh),
        session.id(), user.id(), now, now.plus(config.refreshTokenTtl())));
  }

  /** Starts and stores a session for a user who just proved who they are. */
  AuthResult start(StoredUser user, Call call, Map<String, String> details) {
    return start(user, call, details, List.of(Principal.AMR_PASSWORD));
  }

  /** Like {@link #start(StoredUser, Call, Map)}, the user having authenticated by {@code amr}. */
  AuthResult start(StoredUser user, Call call, Map<String, String> details, List<String> amr) {
    NewSession s = newSession(user, call, amr);
    if (!store.sessions().create(s.session(), s.firstToken(), call.event(
        AuditEventType.SIGNIN_SUCCEEDED, user.id(), s.session().id(), null, details))) {
      // disabled (or deleted) since its credentials were read: the store wrote nothing
      store.audit().append(call.event(AuditEventType.SIGNIN_FAILED, user.id(), null, null,
          Map.of("reason", "account_disabled")));
      throw new InvalidCredentialsException();
    }
    return result(s, user, call);
  }

  AuthResult result(NewSession s, StoredUser user, Call call) {
    return new AuthResult(user.toUser(), s.session(),
        pair(authenticated(AccessGrant.session(user.id(), s.session().id()), s.session()),
            s.refreshToken(), s.firstToken().expiresAt(), call.now()),
        call.decision());
  }

  /** The grant with how, and when, the session's user authenticated. */
  static AccessGrant authenticated(AccessGrant grant, Session session) {
    return grant.authenticated(session.amr(), session.authTime());
  }

  private TokenPair pair(AccessGrant grant, String refresh, Instant refreshExpiresAt, Instant now) {
    TokenService.Issued access = tokens.issue(grant, now);
    return new TokenPair(access.token(), refresh, "Bearer",
        Duration.between(now, access.expiresAt()).getSeconds(), access.expiresAt(), refreshExpiresAt);
  }

  AuthResult refresh(String refreshToken, Call call) {
    if (!RefreshTokens.wellFormed(refreshToken)) {
      throw new InvalidTokenException(TokenFailureReason.REFRESH_TOKEN_UNKNOWN);
    }
    Instant now = call.now();
    String successor = RefreshTokens.generate();
    // Without a grace no duplicate is ever served: nothing to seal.
    @Nullable String sealed = config.refreshReuseGrace().isZero() ? null
        : SealedSuccessors.seal(refreshToken, successor);
    RotationOutcome outcome = store.sessions().rotateRefreshToken(
        new RefreshTokenRotation(RefreshTokens.hash(refreshToken), RefreshTokens.hash(successor),
            now.plus(config.refreshTokenTtl()), sealed),
        now, call.event(AuditEventType.TOKEN_REFRESHED, null, null, null, Map.of()));
    if (outcome instanceof RotationOutcome.Rotated r) {
      metrics.refreshRotation();
      return refreshed(r.session(), successor, r.successor().expiresAt(), call);
    }
    if (outcome instanceof RotationOutcome.AlreadySpent s) {
      return duplicate(refreshToken, s, call);
    }
    if (outcome instanceof RotationOutcome.Expired) {
      throw new InvalidTokenException(TokenFailureReason.REFRESH_TOKEN_EXPIRED);
    }
    if (outcome instanceof RotationOutcome.SessionEnded) {
      throw new InvalidTokenException(TokenFailureReason.SESSION_REVOKED);
    }
    throw new InvalidTokenException(TokenFailureReason.REFRESH_TOKEN_UNKNOWN);
  }

  /** The pair a refresh hands out: {@code refresh} and a fresh access token of the session. */
  private AuthResult refreshed(Session session, String refresh, Instant refreshExpiresAt,
      Call call) {
    // Disabling revokes the sessions in the same store step; a disabled owner is refused here
    // as well (its entry is dropped from every tier on disable).
    StoredUser user = store.users().findById(session.userId()).filter(StoredUser::enabled)
        .orElseThrow(() -> new InvalidTokenException(TokenFailureReason.SESSION_REVOKED));
    return new AuthResult(user.toUser(), session, pair(authenticated(
        refreshedGrant(user.id(), session.id()), session), refresh, refreshExpiresAt, call.now()),
        call.decision());
  }

  /**
   * A spent token presented again. Within the grace window, while its successor is unspent, it is
   * a racing duplicate (two tabs, a retry after a lost answer) and gets that same successor, opened
   * with the spent token itself. Otherwise it is reuse: somebody else holds a copy of the chain,
   * and the session is revoked, so a thief and a victim sharing a chain end it at their next
   * collision.
   *
   * @throws InvalidTokenException {@code refresh_token_reused} after revoking the session, {@code
   *     refresh_token_already_rotated} for a duplicate within the grace whose successor was not
   *     sealed (rotated before sealing existed), {@code session_revoked} when the session has
   *     ended, {@code refresh_token_expired} when the successor has
   */
  private AuthResult duplicate(String spent, RotationOutcome.AlreadySpent s, Call call) {
    Instant now = call.now();
    Duration grace = config.refreshReuseGrace();
    // A zero grace means none: every duplicate is reuse, even one in the rotation's own instant.
    boolean inGrace = !grace.isZero() && !now.isAfter(s.spentAt().plus(grace));
    if (inGrace && !s.successorSpent()) {
      Optional<String> successor = s.sealedSuccessor() == null ? Optional.empty()
          : SealedSuccessors.open(spent, s.sealedSuccessor());
      if (successor.isEmpty()) {
        throw new InvalidTokenException(TokenFailureReason.REFRESH_TOKEN_ALREADY_ROTATED);
      }
      return sameSuccessor(s.sessionId(), successor.get(), call);
    }
    store.sessions().revoke(s.sessionId(), now, call.event(
        AuditEventType.REFRESH_TOKEN_REUSE_DETECTED, s.userId(), s.sessionId(), null,
        Map.of("spent_at", s.spentAt().toString(),
            "successor_spent", Boolean.toString(s.successorSpent()))));
    metrics.refreshReuseDetected();
    LOG.warn("Refresh token reuse detected: session {} of user {} revoked", s.sessionId(), s.userId());
    throw new InvalidTokenException(TokenFailureReason.REFRESH_TOKEN_REUSED);
  }

  /** The pair with {@code successor}, while its session is live and the successor unexpired. */
  private AuthResult sameSuccessor(String sessionId, String successor, Call call) {
    Instant now = call.now();
    Session session = store.sessions().find(sessionId).filter(x -> x.isLive(now))
        .orElseThrow(() -> new InvalidTokenException(TokenFailureReason.SESSION_REVOKED));
    RefreshTokenRecord next = store.sessions().findRefreshToken(RefreshTokens.hash(successor))
        .filter(t -> t.sessionId().equals(sessionId))
        .orElseThrow(() -> new InvalidTokenException(TokenFailureReason.REFRESH_TOKEN_ALREADY_ROTATED));
    if (!now.isBefore(next.expiresAt())) {
      throw new InvalidTokenException(TokenFailureReason.REFRESH_TOKEN_EXPIRED);
    }
    LOG.debug("Duplicate refresh within the grace window: session {} gets the same successor",
        sessionId);
    return refreshed(session, successor, next.expiresAt(), call);
  }

  /**
   * The grant a refresh issues: with the session's active organization while the user is an active
   * member there, else the session's own (the claims dropped).
   */
  private AccessGrant refreshedGrant(String userId, String sessionId) {
    AccessGrant own = AccessGrant.session(userId, sessionId);
    OrganizationGrants g = organizationGrants;
    if (g == null) {
      return own;
    }
    Optional<String> org = store.sessions().activeOrganization(sessionId);
    if (org.isEmpty()) {
      return own;
    }
    try {
      return g.grant(userId, sessionId, org.get()).orElse(own);
    } catch (ValidationException tooManyPermissions) {
      return own;
    }
  }

  /**
   * Makes the grant's organization (or none) the principal's session's active one and hands out a
   * new pair: the grant's access token and one more refresh token of the session.
   *
   * @throws InvalidTokenException {@code session_revoked} when the session has ended
   */
  AuthResult switchOrganization(Principal principal, AccessGrant grant, Call call) {
    Instant now = call.now();
    Session session = store.sessions().find(principal.sessionId())
        .filter(s -> s.isLive(now) && s.userId().equals(principal.userId()))
        .orElseThrow(() -> new InvalidTokenException(TokenFailureReason.SESSION_REVOKED));
    StoredUser user = store.users().findById(principal.userId())
        .orElseThrow(() -> new InvalidTokenException(TokenFailureReason.SESSION_REVOKED));
    String refresh = RefreshTokens.generate();
    Instant expiry = now.plus(config.refreshTokenTtl());
    if (expiry.isAfter(session.expiresAt())) {
      expiry = session.expiresAt();
    }
    RefreshTokenRecord token = new RefreshTokenRecord(RefreshTokens.hash(refresh), session.id(),
        user.id(), now, expiry);
    String org = grant.organizationId();
    if (!store.sessions().switchOrganization(org, token, now, call.event(
        AuditEventType.ORGANIZATION_SWITCHED, user.id(), session.id(), org, Map.of()))) {
      throw new InvalidTokenException(TokenFailureReason.SESSION_REVOKED);
    }
    return new AuthResult(user.toUser(), session, pair(authenticated(grant, session), refresh,
        expiry, now), call.decision());
  }

  /**
   * Records that the principal's user proved a second factor now (a step-up): the session's {@code
   * amr} becomes its own plus {@code factor} and {@code mfa}, its {@code auth_time} now, so every
   * later refresh carries them, and a new pair is handed out (the session's active organization
   * kept, as a refresh does).
   *
   * @throws InvalidTokenException {@code session_revoked} when the session has ended
   */
  AuthResult reauthenticated(Principal principal, List<String> factor, Call call,
      Map<String, String> details) {
    Instant now = call.now();
    Session session = store.sessions().find(principal.sessionId())
        .filter(s -> s.isLive(now) && s.userId().equals(principal.userId()))
        .orElseThrow(() -> new InvalidTokenException(TokenFailureReason.SESSION_REVOKED));
    StoredUser user = store.users().findById(principal.userId()).filter(StoredUser::enabled)
        .orElseThrow(() -> new InvalidTokenException(TokenFailureReason.SESSION_REVOKED));
    String refresh = RefreshTokens.generate();
    Instant expiry = now.plus(config.refreshTokenTtl());
    if (expiry.isAfter(session.expiresAt())) {
      expiry = session.expiresAt();
    }
    RefreshTokenRecord token = new RefreshTokenRecord(RefreshTokens.hash(refresh), session.id(),
        user.id(), now, expiry);
    List<String> amr = MfaSignin.amr(session.amr(), factor);
    if (!store.sessions().reauthenticate(amr, now, token, now, call.event(
        AuditEventType.MFA_STEP_UP, user.id(), session.id(), null, details))) {
      throw new InvalidTokenException(TokenFailureReason.SESSION_REVOKED);
    }
    Session updated = session.authenticated(amr, now);
    return new AuthResult(user.toUser(), updated, pair(authenticated(
        refreshedGrant(user.id(), session.id()), updated), refresh, expiry, now), call.decision());
  }

  /** The principal of a valid access token whose session is live. */
  Principal validate(String accessToken) {
    boolean cached = false;
    try {
      Instant now = clock.instant();
      TokenService.Verified v = tokens.verify(accessToken, now);
      cached = v.cached();
      AccessClaims c = v.claims();
      requireLive(c.userId(), c.sessionId(), now);
      metrics.tokenValidation("valid", "none", cached);
      return new Principal(c, identity);
    } catch (InvalidTokenException e) {
      metrics.tokenValidation("invalid", e.reason().code(), cached);
      throw e;
    }
  }

  /**
   * Refuses a principal this engine did not make, or whose session has ended since, and an API
   * token: what calls this needs a signed-in session.
   *
   * @throws InvalidTokenException     {@code session_revoked}
   * @throws PermissionDeniedException for an API-token principal
   */
  void requireLive(Principal principal) {
    if (principal == null || !principal.mintedBy(identity)) {
      throw new InvalidTokenException(TokenFailureReason.SESSION_REVOKED);
    }
    if (principal.kind() == PrincipalKind.API_TOKEN) {
      throw new PermissionDeniedException("This needs a signed-in session; an API token cannot do it");
    }
    requireLive(principal.userId(), principal.liveId(), clock.instant());
  }

  /**
   * Like {@link #requireLive(Principal)}, but also admits an API-token principal whose token still
   * works (not revoked or expired, owner enabled and still a member).
   *
   * @throws InvalidTokenException {@code session_revoked}, or for an API token {@code
   *     api_token_invalid} or {@code expired}
   */
  void requireLiveAny(Principal principal) {
    if (principal != null && principal.mintedBy(identity)
        && principal.kind() == PrincipalKind.API_TOKEN) {
      apiTokens.requireLive(principal);
      return;
    }
    requireLive(principal);
  }

  private void requireLive(String userId, String sessionId, Instant now) {
    Session s = store.sessions().find(sessionId).orElse(null);
    if (s == null || !s.userId().equals(userId) || !s.isLive(now)) {
      throw new InvalidTokenException(TokenFailureReason.SESSION_REVOKED);
    }
  }

  /** A fresh access token for the grant, within the grant's (live) session. */
  AccessToken accessToken(AccessGrant grant, Instant now) {
    Session session = store.sessions().find(grant.sessionId()).orElse(null);
    TokenService.Issued access = tokens.issue(session == null ? grant
        : authenticated(grant, session), now);
    return new AccessToken(access.token(), "Bearer",
        Duration.between(now, access.expiresAt()).getSeconds(), access.expiresAt(), grant.scopes());
  }

  /**
   * Ends the session of a token (RFC 7009): an access token that verifies (signature and claims;
   * its session may have ended already), or a refresh token the store knows, spent or not.
   * Anything else is ignored, as the RFC asks.
   *
   * @return whether a live session was ended
   */
  boolean revoke(String token, Call call, Map<String, String> details) {
    String userId;
    String sessionId;
    if (RefreshTokens.wellFormed(token)) {
      RefreshTokenRecord r = store.sessions().findRefreshToken(RefreshTokens.hash(token)).orElse(null);
      if (r == null) {
        return false;
      }
      userId = r.userId();
      sessionId = r.sessionId();
    } else {
      try {
        AccessClaims c = tokens.verify(token).claims();
        userId = c.userId();
        sessionId = c.sessionId();
      } catch (InvalidTokenException e) {
        return false;
      }
    }
    return store.sessions().revoke(sessionId, call.now(),
        call.event(AuditEventType.SESSION_REVOKED, userId, sessionId, null, details));
  }

  /** Ends the principal's session. */
  void signout(Principal principal, Call call) {
    requireLive(principal);
    store.sessions().revoke(principal.sessionId(), call.now(), call.event(AuditEventType.SIGNOUT,
        principal.userId(), principal.sessionId(), null, Map.of()));
  }
}
