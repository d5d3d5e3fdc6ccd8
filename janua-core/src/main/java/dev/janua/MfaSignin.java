package dev.janua;

import dev.janua.internal.OpaqueTokens;
import dev.janua.internal.SealedSuccessors;
import dev.janua.spi.DeviceRecord;
import dev.janua.spi.MfaChallengeRecord;
import dev.janua.spi.Store;
import dev.janua.spi.StoredUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Sign-in with a second factor: the challenge a password sign-in ends with when the account has a
 * factor, its completion, remembered devices, and the step-up of a signed-in session. Codes are
 * checked by {@link MfaService}, so sign-in, step-up and the settings calls share one path.
 *
 * <p>A challenge is {@code jmc_} and 256 random bits, stored only as its SHA-256 with the user, a
 * SHA-256 of the client that started it (IP address and user agent), an expiry ({@code
 * MFA_CHALLENGE_SECONDS}) and an attempt count. Each completion first reserves an attempt in the
 * store (at most {@code MFA_CHALLENGE_ATTEMPTS}, counted atomically, so racing guesses cannot
 * exceed it), then checks the proof, then spends the challenge (exactly one of racing completions
 * wins). A refused proof also counts for the per-account throttle, as a wrong password does.
 */
final class MfaSignin {
  /** The prefix of a challenge. */
  static final String CHALLENGE_PREFIX = "jmc_";

  private final Store store;
  private final MfaService service;
  private final SessionTokens sessions;
  private final AccountThrottle throttle;
  private final JanuaConfig config;

  MfaSignin(Store store, MfaService service, SessionTokens sessions, AccountThrottle throttle,
      JanuaConfig config) {
    this.store = store;
    this.service = service;
    this.sessions = sessions;
    this.throttle = throttle;
    this.config = config;
  }

  /**
   * Called by a password sign-in once the password (and the rest) is right: returns when the user
   * has no second factor, or signs in from a device remembered for it; else stores a challenge and
   * throws.
   *
   * @throws MfaRequiredException with the challenge
   */
  void challengeIfRequired(StoredUser user, @Nullable String deviceToken, Call call) {
    List<String> methods = service.methods(user.id());
    if (methods.isEmpty()) {
      return;
    }
    Instant now = call.now();
    DeviceRecord device = throttle.knownDevice(deviceToken, now);
    if (device != null && !device.userId().equals(user.id())) {
      device = null;
    }
    if (device != null && device.mfaRememberedAt(now)) {
      return;
    }
    String challenge = OpaqueTokens.generate(CHALLENGE_PREFIX);
    Instant expiresAt = now.plus(config.mfaChallengeTtl());
    store.factors().saveChallenge(new MfaChallengeRecord(OpaqueTokens.hash(challenge), user.id(),
        clientHash(call.client()), device == null ? null
            : SealedSuccessors.seal(challenge, Objects.requireNonNull(deviceToken)),
        now, expiresAt, 0), now);
    store.audit().append(call.event(AuditEventType.MFA_CHALLENGE_STARTED, user.id(), null, null,
        Map.of("methods", String.join(",", methods))));
    PasskeyFactor passkeys = service.passkeys();
    String options = passkeys != null && methods.contains(MfaRequiredException.PASSKEY)
        ? passkeys.requestOptions(user.id(), call) : null;
    throw new MfaRequiredException(challenge, methods, expiresAt, options);
  }

  /** Hex SHA-256 of the client's address and user agent as stored. */
  static String clientHash(ClientInfo client) {
    String ip = client.ipAddress();
    String ua = Call.userAgent(client);
    return OpaqueTokens.hash((ip == null ? "" : ip) + "\n" + (ua == null ? "" : ua));
  }

  /**
   * Completes a sign-in challenge with a proof of the second factor: the session starts as a
   * password sign-in's does, with {@code amr} saying which factor.
   */
  AuthResult complete(@Nullable String challenge, MfaProof proof, boolean rememberDevice,
      Call call) {
    Objects.requireNonNull(proof, "proof");
    if (!OpaqueTokens.wellFormed(CHALLENGE_PREFIX, challenge)) {
      throw new InvalidMfaChallengeException();
    }
    precheck(proof);
    Instant now = call.now();
    String hash = OpaqueTokens.hash(challenge);
    int maxAttempts = config.mfaChallengeAttempts();
    MfaChallengeRecord c = store.factors().takeChallengeAttempt(hash, clientHash(call.client()),
        now, maxAttempts).orElseThrow(InvalidMfaChallengeException::new);
    StoredUser user = store.users().findCredentialsById(c.userId()).filter(StoredUser::enabled)
        .orElse(null);
    if (user == null) {
      store.factors().deleteChallenge(hash);
      throw new InvalidMfaChallengeException();
    }
    String throttleKey = AccountThrottle.key(user.email(), user.email());
    String deviceToken = c.sealedDevice() == null ? null
        : SealedSuccessors.open(challenge, c.sealedDevice()).orElse(null);
    DeviceRecord device = throttle.knownDevice(deviceToken, now);
    if (device != null && !device.userId().equals(user.id())) {
      device = null;
    }
    if (device == null) {
      throttle.check(throttleKey, now);
    }
    List<String> factor;
    try {
      factor = verify(user.id(), proof, null, call);
    } catch (InvalidMfaCodeException e) {
      throttle.failed(throttleKey, now);
      if (c.attempts() >= maxAttempts) {
        store.factors().deleteChallenge(hash);
      }
      store.audit().append(call.event(AuditEventType.MFA_CHALLENGE_FAILED, user.id(), null, null,
          Map.of("method", proof.method(), "attempt", Integer.toString(c.attempts()))));
      throw e;
    }
    if (!store.factors().completeChallenge(hash, now)) {
      throw new InvalidMfaChallengeException();
    }
    AuthResult result = sessions.start(user, call, Map.of("method", "password", "mfa",
        proof.method()), amr(List.of(Principal.AMR_PASSWORD), factor));
    String issued = throttle.deviceToken(user.id(), device, deviceToken, now);
    if (rememberDevice && !config.mfaRemember().isZero()) {
      if (issued == null) {
        issued = device != null ? deviceToken : throttle.issueDevice(user.id(), now);
      }
      if (issued != null) {
        store.devices().rememberMfa(OpaqueTokens.hash(issued), now.plus(config.mfaRemember()));
      }
    }
    return issued == null ? result : result.withDeviceToken(issued);
  }

  /**
   * Re-proves a second factor in the principal's session: fresh tokens whose {@code auth_time} is
   * now and whose {@code amr} says the factor and {@code mfa}; the session keeps them for its
   * refreshes.
   */
  AuthResult stepUp(Principal principal, MfaProof proof, Call call) {
    sessions.requireLive(principal);
    Objects.requireNonNull(proof, "proof");
    precheck(proof);
    String userId = principal.userId();
    StoredUser user = store.users().findById(userId)
        .orElseThrow(() -> new InvalidTokenException(TokenFailureReason.SESSION_REVOKED));
    String throttleKey = AccountThrottle.key(user.email(), user.email());
    List<String> factor;
    try {
      factor = verify(userId, proof, principal.sessionId(), call);
    } catch (InvalidMfaCodeException e) {
      throttle.failed(throttleKey, call.now());
      throw e;
    }
    return sessions.reauthenticated(principal, factor, call, Map.of("mfa", proof.method()));
  }

  /** The amr of a sign-in: {@code base}, then the factor's values, then {@code mfa}. */
  static List<String> amr(List<String> base, List<String> factor) {
    List<String> out = new ArrayList<>();
    for (String v : base) {
      if (!v.equals(Principal.AMR_MFA) && !out.contains(v)) {
        out.add(v);
      }
    }
    for (String v : factor) {
      if (!out.contains(v)) {
        out.add(v);
      }
    }
    out.add(Principal.AMR_MFA);
    return List.copyOf(out);
  }

  /**
   * Checks the form of a proof before an attempt is spent on it.
   *
   * @throws ValidationException naming {@code code}, {@code recovery_code} or {@code credential}
   */
  private void precheck(MfaProof proof) {
    if (proof instanceof MfaProof.Totp t) {
      MfaService.totpCode(t.code());
    } else if (proof instanceof MfaProof.RecoveryCode r) {
      MfaService.recoveryCode(r.code());
    } else if (proof instanceof MfaProof.Passkey p) {
      if (service.passkeys() == null) {
        throw new ValidationException("credential", "Passkeys are not configured");
      }
      if (p.credentialJson().isBlank()) {
        throw new ValidationException("credential", "A passkey credential is required");
      }
    }
  }

  /**
   * Checks (and spends, for a code) the proof of the user's second factor.
   *
   * @return the factor's {@code amr} values: {@code otp} for TOTP, none for a recovery code, the
   *     passkey's {@code hwk} or {@code swk}
   * @throws InvalidMfaCodeException when it is refused
   */
  private List<String> verify(String userId, MfaProof proof, @Nullable String sessionId,
      Call call) {
    if (proof instanceof MfaProof.Totp t) {
      service.verifyTotp(userId, t.code(), sessionId, call);
      return List.of(Principal.AMR_OTP);
    }
    if (proof instanceof MfaProof.RecoveryCode r) {
      service.useRecoveryCode(userId, r.code(), sessionId, call);
      return List.of();
    }
    MfaProof.Passkey p = (MfaProof.Passkey) proof;
    PasskeyFactor passkeys = service.passkeys();
    if (passkeys == null) {
      throw new ValidationException("credential", "Passkeys are not configured");
    }
    String value = passkeys.verify(userId, p.credentialJson(), call);
    if (!Principal.AMR_HARDWARE_KEY.equals(value) && !Principal.AMR_SOFTWARE_KEY.equals(value)) {
      throw new IllegalStateException("PasskeyFactor.verify must answer hwk or swk");
    }
    return List.of(value);
  }

  /**
   * Forgets every device of the principal's user for the second factor; returns how many were
   * remembered.
   */
  int forgetDevices(String userId, @Nullable String sessionId, Call call) {
    int n = store.devices().forgetMfa(userId);
    store.audit().append(call.event(AuditEventType.MFA_DEVICES_FORGOTTEN, userId, sessionId, null,
        Map.of("devices", Integer.toString(n))));
    return n;
  }
}
