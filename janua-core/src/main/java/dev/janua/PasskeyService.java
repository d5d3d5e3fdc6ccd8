package dev.janua;

import dev.janua.Notification.SecurityEvent;
import dev.janua.internal.OpaqueTokens;
import dev.janua.internal.PasswordHasher;
import dev.janua.spi.PasskeyChallenge;
import dev.janua.spi.PasskeyRecord;
import dev.janua.spi.PasskeyStore;
import dev.janua.spi.Store;
import dev.janua.spi.StoredUser;
import dev.janua.spi.WebAuthnCeremony;
import dev.janua.spi.WebAuthnCeremony.Expectation;
import dev.janua.spi.WebAuthnCeremony.RelyingParty;
import dev.janua.spi.WebAuthnCeremony.StoredCredential;
import dev.janua.spi.WebAuthnCeremony.VerificationFailedException;
import dev.janua.spi.WebAuthnCeremony.VerifiedAssertion;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logic behind {@link Passkeys}, by user id, and the passkey second factor of a sign-in
 * ({@link #enrolled}, {@link #requestOptions}, {@link #verify}). Challenges are 32 random bytes,
 * stored as SHA-256, single use, bound to their purpose and (but for a discoverable sign-in) to a
 * user; the engine finds the one a response answers from its {@code clientDataJSON}, consumes it,
 * and only then lets the ceremony verify the response against it. The signature counter is judged
 * here, by a compare-and-set in the store. A failed assertion never locks a credential.
 */
final class PasskeyService implements PasskeyFactor {
  private static final Logger LOG = LoggerFactory.getLogger(PasskeyService.class);
  /** The {@code amr} of a passkey bound to one device (RFC 8176: hardware-secured key). */
  static final String AMR_HARDWARE = Principal.AMR_HARDWARE_KEY;
  /** The {@code amr} of a passkey that may be synced (RFC 8176: software-secured key). */
  static final String AMR_SOFTWARE = Principal.AMR_SOFTWARE_KEY;
  /** The name of a passkey registered without one. */
  static final String DEFAULT_NAME = "Passkey";
  static final int CHALLENGE_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Store store;
  private final Outbox outbox;
  private final JanuaConfig config;
  private final @Nullable WebAuthnCeremony ceremony;
  private final SessionTokens sessions;
  private final AccountThrottle throttle;
  private final AccountLifecycle lifecycle;
  private final byte[] decoyKey;

  PasskeyService(Store store, Outbox outbox, JanuaConfig config,
      @Nullable WebAuthnCeremony ceremony, SessionTokens sessions, AccountThrottle throttle,
      AccountLifecycle lifecycle) {
    this.store = store;
    this.outbox = outbox;
    this.config = config;
    this.ceremony = ceremony;
    this.sessions = sessions;
    this.throttle = throttle;
    this.lifecycle = lifecycle;
    this.decoyKey = decoyKey(config.keyEncryptionKey());
  }

  /**
   * The key of decoy credential ids: derived from the key-encryption key when one is set, so that
   * every instance answers an unknown email alike across restarts; else random per engine.
   */
  private static byte[] decoyKey(@Nullable String kek) {
    if (kek == null) {
      byte[] key = new byte[32];
      RANDOM.nextBytes(key);
      return key;
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(
          ("janua-passkey-decoy:" + kek).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /**
   * The ceremony.
   *
   * @throws JanuaConfigException naming {@code WEBAUTHN_RP_ID} when no ceremony is installed
   */
  WebAuthnCeremony ceremony() {
    if (ceremony == null) {
      throw new JanuaConfigException("WEBAUTHN_RP_ID", "Passkeys need a WebAuthn ceremony: add "
          + "the janua-webauthn module (AuthEngine.builder().install(WebAuthnPlugin.create()) or "
          + ".webAuthn(ceremony)) and set WEBAUTHN_RP_ID, WEBAUTHN_ORIGINS");
    }
    return ceremony;
  }

  RelyingParty rp() {
    return new RelyingParty(config.webAuthnRpId(), config.webAuthnRpName(),
        config.webAuthnOrigins());
  }

  Store store() {
    return store;
  }

  JanuaConfig config() {
    return config;
  }

  boolean available() {
    return ceremony != null;
  }

  /** The user handle of a user: base64url of the UTF-8 bytes of the user id. */
  static String userHandle(String userId) {
    return B64.encodeToString(userId.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether the stored hash is a password that can sign in (a bcrypt hash). */
  static boolean hasUsablePassword(StoredUser user) {
    return PasswordHasher.costOf(user.passwordHash()) > 0;
  }

  static Passkey view(PasskeyRecord p) {
    return new Passkey(p.id(), p.name(), p.createdAt(), p.lastUsedAt(), p.backupEligible(),
        p.backedUp(), p.aaguid(), p.transports());
  }

  /** A new challenge (base64url) for {@code purpose}, stored hashed. */
  String newChallenge(String purpose, @Nullable String userId, Call call) {
    byte[] bytes = new byte[CHALLENGE_BYTES];
    RANDOM.nextBytes(bytes);
    String challenge = B64.encodeToString(bytes);
    store.passkeys().saveChallenge(new PasskeyChallenge(OpaqueTokens.hash(challenge), purpose,
        userId, call.now(), call.now().plus(config.webAuthnChallengeTtl())));
    return challenge;
  }

  /**
   * Consumes the challenge a response answers; empty when it is unknown, used, expired, or was
   * made for another purpose or user (it is spent all the same).
   */
  Optional<PasskeyChallenge> consume(PasskeyResponse response, String purpose,
      @Nullable String userId, Call call) {
    return store.passkeys().consumeChallenge(OpaqueTokens.hash(response.challenge()), call.now())
        .filter(c -> c.purpose().equals(purpose))
        .filter(c -> userId == null || userId.equals(c.userId()));
  }

  /** Decoy credential ids for an email without passkeys: one id, stable per email. */
  List<String> decoys(String email) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(decoyKey, "HmacSHA256"));
      return List.of(B64.encodeToString(mac.doFinal(email.getBytes(StandardCharsets.UTF_8))));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }

  /**
   * Verifies an assertion against a stored passkey; null when it does not verify.
   */
  @Nullable VerifiedAssertion verifyAssertion(String json, PasskeyResponse response,
      PasskeyRecord passkey, boolean userVerificationRequired) {
    try {
      return ceremony().verifyAssertion(json, new Expectation(rp(), response.challenge(),
          userVerificationRequired), new StoredCredential(passkey.credentialId(),
          passkey.attestedCredentialData(), passkey.backupEligible()));
    } catch (VerificationFailedException e) {
      LOG.debug("A passkey assertion for passkey {} did not verify: {}", passkey.id(),
          e.getMessage());
      return null;
    }
  }

  /**
   * Judges the counter of a verified assertion and records the use: valid when it went up, or when
   * it stays 0 (authenticators that do not count, such as synced passkeys); the store's
   * compare-and-set lets one of two racing assertions with the same counter through. A refusal is
   * audited as {@code passkey_counter_regression}.
   */
  boolean acceptCounter(PasskeyRecord passkey, VerifiedAssertion assertion,
      @Nullable String sessionId, Call call) {
    long stored = passkey.signCount();
    long presented = assertion.signCount();
    boolean forward = presented > stored || presented == 0 && stored == 0;
    if (forward && store.passkeys().recordUse(passkey.id(), presented, assertion.backedUp(),
        call.now())) {
      return true;
    }
    store.audit().append(call.event(AuditEventType.PASSKEY_COUNTER_REGRESSION, passkey.userId(),
        sessionId, null, Map.of("passkey_id", passkey.id(), "stored_count",
            Long.toString(stored), "presented_count", Long.toString(presented))));
    LOG.warn("Passkey {} of user {} presented signature counter {} after {}: refused (a cloned "
        + "authenticator?)", passkey.id(), passkey.userId(), presented, stored);
    return false;
  }

  // --- passwordless sign-in

  String signinOptions(@Nullable String email, Call call) {
    WebAuthnCeremony c = ceremony();
    String boundTo = null;
    List<String> allow = List.of();
    if (email != null && !email.isBlank()) {
      String normalized = dev.janua.internal.Inputs.email(email);
      Optional<StoredUser> user = store.users().findByEmail(normalized)
          .filter(StoredUser::enabled);
      if (user.isPresent()) {
        allow = store.passkeys().listByUser(user.get().id()).stream()
            .map(PasskeyRecord::credentialId).toList();
      }
      if (allow.isEmpty()) {
        // Unknown email, or no passkey: an answer of the same shape, so nobody learns which.
        allow = decoys(normalized);
      } else {
        boundTo = user.get().id();
      }
    }
    String challenge = newChallenge(PasskeyChallenge.SIGNIN, boundTo, call);
    return c.requestOptions(new WebAuthnCeremony.AssertionRequest(rp(), challenge, allow,
        config.webAuthnChallengeTtl(), true));
  }

  AuthResult signin(@Nullable String json, Call call) {
    ceremony();
    PasskeyResponse response = PasskeyResponse.parse(json);
    Optional<PasskeyChallenge> challenge = consume(response, PasskeyChallenge.SIGNIN, null, call);
    // Unknown credential, unknown challenge and a bad signature: one answer.
    PasskeyRecord passkey = store.passkeys().findByCredentialId(response.credentialId())
        .orElse(null);
    if (passkey == null) {
      throw signinFailed(null, null, "passkey_unknown", call);
    }
    StoredUser user = store.users().findCredentialsById(passkey.userId()).orElse(null);
    if (user == null) {
      throw signinFailed(null, null, "passkey_unknown", call);
    }
    if (challenge.isEmpty() || challenge.get().userId() != null
        && !challenge.get().userId().equals(user.id())) {
      throw signinFailed(user, null, "passkey_challenge", call);
    }
    VerifiedAssertion assertion = verifyAssertion(json, response, passkey, true);
    if (assertion == null) {
      throw signinFailed(user, passkey, "passkey_invalid", call);
    }
    // A discoverable credential names its user: it must be the passkey's owner.
    String handle = assertion.userHandle() != null ? assertion.userHandle()
        : response.userHandle();
    if (challenge.get().userId() == null && handle == null
        || handle != null && !handle.equals(userHandle(user.id()))) {
      throw signinFailed(user, passkey, "passkey_user_handle", call);
    }
    if (!acceptCounter(passkey, assertion, null, call)) {
      throttle.failed(throttleKey(user), call.now());
      throw new InvalidCredentialsException();
    }
    if (!user.enabled()) {
      store.audit().append(call.event(AuditEventType.SIGNIN_FAILED, user.id(), null, null,
          Map.of("reason", "account_disabled", "method", "passkey")));
      throw new InvalidCredentialsException();
    }
    if (lifecycle.refusesUnverified(user)) {
      store.audit().append(call.event(AuditEventType.SIGNIN_FAILED, user.id(), null, null,
          Map.of("reason", "email_not_verified", "method", "passkey")));
      throw new EmailNotVerifiedException();
    }
    // User verification is required here: the key (possession) and the PIN or biometric that
    // unlocked it make two factors.
    return sessions.start(user, call, Map.of("method", "passkey"), List.of(
        passkey.backupEligible() ? AMR_SOFTWARE : AMR_HARDWARE, Principal.AMR_MFA));
  }

  private static String throttleKey(StoredUser user) {
    return AccountThrottle.key(user.email(), user.email());
  }

  /**
   * Audits a failed passwordless sign-in, counts it for the account's throttle when the account
   * is known, and returns the one answer every failure gets.
   */
  private InvalidCredentialsException signinFailed(@Nullable StoredUser user,
      @Nullable PasskeyRecord passkey, String reason, Call call) {
    if (user != null) {
      throttle.failed(throttleKey(user), call.now());
    }
    store.audit().append(call.event(AuditEventType.SIGNIN_FAILED,
        user == null ? null : user.id(), null, null, passkey == null
            ? Map.of("reason", reason, "method", "passkey")
            : Map.of("reason", reason, "method", "passkey", "passkey_id", passkey.id())));
    return new InvalidCredentialsException();
  }

  // --- the passkey second factor (PasskeyFactor)

  /** Whether the user can answer a second-factor challenge with a passkey. */
  @Override
  public boolean enrolled(String userId) {
    return ceremony != null && !store.passkeys().listByUser(userId).isEmpty();
  }

  /**
   * Request options for a passkey as the second factor of {@code userId}'s sign-in: a challenge
   * bound to the user, the user's credentials allowed.
   *
   * @throws JanuaConfigException naming {@code WEBAUTHN_RP_ID} when no ceremony is installed
   */
  @Override
  public String requestOptions(String userId, Call call) {
    WebAuthnCeremony c = ceremony();
    List<String> allow = store.passkeys().listByUser(userId).stream()
        .map(PasskeyRecord::credentialId).toList();
    String challenge = newChallenge(PasskeyChallenge.MFA, userId, call);
    return c.requestOptions(new WebAuthnCeremony.AssertionRequest(rp(), challenge, allow,
        config.webAuthnChallengeTtl(), false));
  }

  /**
   * Verifies an assertion by this user, returns the amr value "hwk" or "swk", throws
   * InvalidMfaCodeException when it fails.
   *
   * @throws ValidationException     naming {@code credential} when the JSON is malformed
   * @throws InvalidMfaCodeException unknown or spent challenge, another user's or an unknown
   *     credential, a signature that does not verify, a counter that did not go up
   */
  @Override
  public String verify(String userId, String credentialJson, Call call) {
    ceremony();
    PasskeyResponse response = PasskeyResponse.parse(credentialJson);
    Optional<PasskeyChallenge> challenge = consume(response, PasskeyChallenge.MFA, userId, call);
    PasskeyRecord passkey = store.passkeys().findByCredentialId(response.credentialId())
        .filter(p -> p.userId().equals(userId)).orElse(null);
    VerifiedAssertion assertion = challenge.isEmpty() || passkey == null ? null
        : verifyAssertion(credentialJson, response, passkey, false);
    if (assertion == null) {
      store.audit().append(call.event(AuditEventType.PASSKEY_VERIFY_FAILED, userId, null, null,
          passkey == null ? Map.of() : Map.of("passkey_id", passkey.id())));
      throw new InvalidMfaCodeException();
    }
    if (!acceptCounter(passkey, assertion, null, call)) {
      throw new InvalidMfaCodeException();
    }
    return passkey.backupEligible() ? AMR_SOFTWARE : AMR_HARDWARE;
  }

  void notify(String userId, SecurityEvent event, Call call) {
    store.users().findById(userId).map(StoredUser::email).ifPresent(email ->
        outbox.send(new Notification.SecurityNotice(email, event, call.now())));
  }

  PasskeyStore passkeys() {
    return store.passkeys();
  }
}
