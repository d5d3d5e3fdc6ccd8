package dev.janua;

import dev.janua.Notification.SecurityEvent;
import dev.janua.internal.Totp;
import dev.janua.spi.FactorRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Second factors ({@code engine.mfa()}): an authenticator app (TOTP, RFC 6238: SHA-1, 6 digits,
 * 30-second steps) and its recovery codes. Every call takes the principal of a signed-in session
 * (an API token is refused with {@link PermissionDeniedException}). Codes are accepted for the
 * current step and one either side, each once only, on all instances sharing the store. Sign-in
 * with a second factor is {@link AuthEngine#signin} (which throws {@link MfaRequiredException})
 * and {@link AuthEngine#completeMfa}; {@link #stepUp} re-proves a factor in a signed-in session,
 * and {@link #requireRecentAuth} demands it (see docs/mfa.md).
 */
public final class Mfa {
  /** How recent the sign-in must be to turn TOTP off or make new recovery codes. */
  public static final Duration RECENT_AUTH = Duration.ofMinutes(15);

  private final MfaService service;
  private final SessionTokens sessions;
  private final JanuaConfig config;
  private final Runner runner;

  private final MfaSignin signin;

  Mfa(MfaService service, SessionTokens sessions, JanuaConfig config, Runner runner,
      MfaSignin signin) {
    this.signin = signin;
    this.service = service;
    this.sessions = sessions;
    this.config = config;
    this.runner = runner;
  }

  /**
   * Starts enrolling an authenticator app: a new secret, pending until {@link #confirmTotp}. A
   * second call replaces the pending secret.
   *
   * @throws ConflictException   (field {@code totp}) when TOTP is already enabled
   * @throws JanuaConfigException naming {@code JANUA_KEY_ENCRYPTION_KEY} on a persistent store
   *     without a key-encryption key (and without {@code JANUA_ALLOW_PLAINTEXT_KEYS=true})
   */
  public TotpEnrollment beginTotpEnrollment(Principal principal) {
    return runner.runForUser(Operation.MFA, userOf(principal), call -> {
      sessions.requireLive(principal);
      String userId = principal.userId();
      if (service.store().factors().find(userId, FactorRecord.TOTP)
          .filter(FactorRecord::active).isPresent()) {
        throw new ConflictException("totp", "TOTP is already enabled; disable it first");
      }
      String email = service.store().users().findById(userId)
          .orElseThrow(() -> new InvalidTokenException(TokenFailureReason.SESSION_REVOKED))
          .email();
      String id = Call.newId();
      String secret = Totp.newSecret();
      FactorRecord pending = new FactorRecord(id, userId, FactorRecord.TOTP,
          service.seal(secret, id), call.now(), null, 0);
      if (!service.store().factors().savePending(pending, call.event(
          AuditEventType.TOTP_ENROLLMENT_STARTED, userId, principal.sessionId(), null,
          Map.of("factor_id", id)))) {
        throw new ConflictException("totp", "TOTP is already enabled; disable it first");
      }
      return new TotpEnrollment(id, uri(config.mfaIssuer(), email, secret), secret);
    });
  }

  /** The {@code otpauth://} URI authenticator apps read (Key Uri Format). */
  static String uri(String issuer, String account, String secret) {
    return "otpauth://totp/" + enc(issuer) + ":" + enc(account) + "?secret=" + secret
        + "&issuer=" + enc(issuer) + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period="
        + Totp.PERIOD_SECONDS;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Activates the pending enrollment with a code from the app and returns the 10 recovery codes:
   * shown to the user this once, stored only as hashes. Notifies the user.
   *
   * @throws ValidationException     naming {@code code} when it is not 6 digits
   * @throws InvalidMfaCodeException when the code is wrong (the enrollment stays pending)
   * @throws NotFoundException       when no enrollment is pending
   * @throws ConflictException       (field {@code totp}) when TOTP is already enabled
   */
  public List<String> confirmTotp(Principal principal, @Nullable String code) {
    return runner.runForUser(Operation.MFA, userOf(principal), call -> {
      sessions.requireLive(principal);
      String c = MfaService.totpCode(code);
      String userId = principal.userId();
      FactorRecord f = service.store().factors().find(userId, FactorRecord.TOTP)
          .orElseThrow(() -> new NotFoundException("No TOTP enrollment is pending"));
      if (f.active()) {
        throw new ConflictException("totp", "TOTP is already enabled");
      }
      long step = service.matchingStep(f, c, call);
      List<String> codes = MfaService.newRecoveryCodes();
      if (step < 0 || !service.store().factors().confirm(f.id(), step, call.now(),
          MfaService.hashes(codes), call.event(AuditEventType.TOTP_ENABLED, userId,
              principal.sessionId(), null, Map.of("factor_id", f.id())))) {
        throw new InvalidMfaCodeException();
      }
      service.notify(userId, SecurityEvent.TOTP_ENABLED, call);
      return codes;
    });
  }

  /**
   * Checks a code from the principal's authenticator app and spends it (step-up).
   *
   * @throws ValidationException     naming {@code code} when it is not 6 digits
   * @throws InvalidMfaCodeException wrong, outside the window, already used, or TOTP not enabled
   */
  public void verifyTotp(Principal principal, @Nullable String code) {
    runner.runVoidForUser(Operation.MFA, userOf(principal), call -> {
      sessions.requireLive(principal);
      service.verifyTotp(principal.userId(), code, principal.sessionId(), call);
    });
  }

  /**
   * Spends one recovery code of the principal's user and notifies the user.
   *
   * @return how many unused recovery codes are left
   * @throws ValidationException     naming {@code recovery_code} when it is malformed
   * @throws InvalidMfaCodeException when it is unknown or already used
   */
  public int useRecoveryCode(Principal principal, @Nullable String code) {
    return runner.runForUser(Operation.MFA, userOf(principal), call -> {
      sessions.requireLive(principal);
      return service.useRecoveryCode(principal.userId(), code, principal.sessionId(), call);
    });
  }

  /**
   * Replaces the recovery codes (the old ones stop working) and returns the new ones, shown once.
   * Needs a sign-in within {@link #RECENT_AUTH}. Notifies the user.
   *
   * @throws RecentAuthRequiredException when the session is older than {@link #RECENT_AUTH}
   * @throws NotFoundException           when TOTP is not enabled
   */
  public List<String> regenerateRecoveryCodes(Principal principal) {
    return runner.runForUser(Operation.MFA, userOf(principal), call -> {
      sessions.requireLive(principal);
      service.requireRecentAuth(principal, RECENT_AUTH, call);
      List<String> codes = MfaService.newRecoveryCodes();
      if (!service.store().factors().replaceRecoveryCodes(principal.userId(),
          MfaService.hashes(codes), call.now(), call.event(
              AuditEventType.RECOVERY_CODES_REGENERATED, principal.userId(),
              principal.sessionId(), null, Map.of()))) {
        throw new NotFoundException("TOTP is not enabled");
      }
      service.notify(principal.userId(), SecurityEvent.RECOVERY_CODES_REGENERATED, call);
      return codes;
    });
  }

  /**
   * Turns TOTP off and deletes its recovery codes, given a current code from the app or a
   * recovery code. Needs a sign-in within {@link #RECENT_AUTH}. Audited and notified.
   *
   * @throws RecentAuthRequiredException when the session is older than {@link #RECENT_AUTH}
   * @throws ValidationException         naming {@code code} or {@code recovery_code} when malformed
   * @throws InvalidMfaCodeException     when the code is wrong or already used
   * @throws NotFoundException           when TOTP is not enabled
   */
  public void disableTotp(Principal principal, @Nullable String code) {
    runner.runVoidForUser(Operation.MFA, userOf(principal), call -> {
      sessions.requireLive(principal);
      service.requireRecentAuth(principal, RECENT_AUTH, call);
      String userId = principal.userId();
      FactorRecord f = service.store().factors().find(userId, FactorRecord.TOTP)
          .filter(FactorRecord::active)
          .orElseThrow(() -> new NotFoundException("TOTP is not enabled"));
      if (MfaService.looksLikeRecoveryCode(code)) {
        service.useRecoveryCode(userId, code, principal.sessionId(), call);
      } else {
        service.verifyTotp(userId, code, principal.sessionId(), call);
      }
      if (!service.store().factors().delete(f.id(), call.event(AuditEventType.TOTP_DISABLED,
          userId, principal.sessionId(), null, Map.of("factor_id", f.id())))) {
        throw new NotFoundException("TOTP is not enabled");
      }
      // A device remembered for a factor the user turned off must not skip the next one.
      service.store().devices().forgetMfa(userId);
      service.notify(userId, SecurityEvent.TOTP_DISABLED, call);
    });
  }

  /**
   * Refuses a principal that did not authenticate recently enough: for a host's own sensitive
   * operations. The time is the token's {@code auth_time} (the sign-in, or the last {@link
   * #stepUp}; refreshing keeps it); for a user with a second factor (TOTP, or a passkey) the
   * token's {@code amr} must also hold {@code mfa}. For a token issued before Janua wrote these
   * claims, its session's recorded values are used (the session's creation, when none).
   *
   * @throws RecentAuthRequiredException when the authentication is older than {@code maxAge}, or
   *     ({@link RecentAuthRequiredException#secondFactor()}) did not prove the user's second factor
   */
  public void requireRecentAuth(Principal principal, Duration maxAge) {
    runner.runVoidForUser(Operation.MFA, userOf(principal), call -> {
      sessions.requireLive(principal);
      service.requireRecentAuth(principal, maxAge, call);
    });
  }

  /**
   * Step-up: the principal's user proves a second factor again, and gets a new token pair of the
   * same session whose {@code auth_time} is now and whose {@code amr} holds the factor and {@code
   * mfa} (e.g. {@code ["pwd", "otp", "mfa"]}). The session records them, so its refreshes keep
   * them; the principal's own (older) access token does not change: use the new one. The session's
   * active organization is kept, as a refresh keeps it. A refused proof counts against the
   * client's {@code AUTHENTICATION} budget and the account's throttle, as a wrong password does.
   *
   * @param client who is calling ({@code null}: unknown)
   * @throws ValidationException     naming {@code code}, {@code recovery_code} or {@code
   *     credential} when malformed (or passkeys are not configured)
   * @throws InvalidMfaCodeException when the proof is refused
   * @throws InvalidTokenException   {@code session_revoked} when the session has ended
   * @throws RateLimitedException    over the authentication limit
   */
  public AuthResult stepUp(Principal principal, MfaProof proof, @Nullable ClientInfo client) {
    return runner.run(Operation.MFA, client, call -> signin.stepUp(principal, proof, call));
  }

  /**
   * Forgets every device of the principal's user remembered for the second factor ({@code
   * completeMfa(..., true)}): their next sign-ins ask for it again. Also done by a password change
   * or reset, disabling the account, signing out everywhere (those delete the devices) and by
   * turning TOTP off. Audited.
   *
   * @return how many devices were remembered
   */
  public int forgetDevices(Principal principal) {
    return runner.runForUser(Operation.MFA, userOf(principal), call -> {
      sessions.requireLive(principal);
      return signin.forgetDevices(principal.userId(), principal.sessionId(), call);
    });
  }

  /** Whether the principal's user has TOTP enabled. */
  public boolean totpEnabled(Principal principal) {
    return runner.runForUser(Operation.MFA, userOf(principal), call -> {
      sessions.requireLive(principal);
      return service.store().factors().find(principal.userId(), FactorRecord.TOTP)
          .filter(FactorRecord::active).isPresent();
    });
  }

  /** How many unused recovery codes the principal's user has. */
  public int remainingRecoveryCodes(Principal principal) {
    return runner.runForUser(Operation.MFA, userOf(principal), call -> {
      sessions.requireLive(principal);
      return service.store().factors().remainingRecoveryCodes(principal.userId());
    });
  }

  /** The user whose rate-limit budget a call spends ({@code null} is refused inside the call). */
  private static String userOf(@Nullable Principal principal) {
    return principal == null ? "" : principal.userId();
  }
}
