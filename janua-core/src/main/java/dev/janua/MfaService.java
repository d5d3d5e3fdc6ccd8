package dev.janua;

import dev.janua.Notification.SecurityEvent;
import dev.janua.internal.OpaqueTokens;
import dev.janua.internal.SecretBox;
import dev.janua.internal.Totp;
import dev.janua.spi.FactorRecord;
import dev.janua.spi.Store;
import dev.janua.spi.StoredUser;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The logic behind {@link Mfa}, by user id, so that the sign-in challenge ({@link MfaSignin}) verifies codes
 * the same way: secrets sealed under the key-encryption key with the factor id as associated data,
 * codes single-use through the store's compare-and-set, recovery codes stored as SHA-256.
 */
final class MfaService {
  /** Recovery codes made at confirmation and at each regeneration. */
  static final int RECOVERY_CODES = 10;
  /** Characters of a recovery code without its dashes: 16 base32 characters, 80 random bits. */
  static final int RECOVERY_CODE_CHARS = 16;
  private static final String RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Store store;
  private final Outbox outbox;
  private final @Nullable SecretBox box;
  private final boolean plaintextAllowed;
  // The passkey feature's hook; set once while the engine is built (volatile: a test sets it later).
  private volatile @Nullable PasskeyFactor passkeys;

  /**
   * @param plaintextAllowed whether secrets may be stored unsealed when no key-encryption key is
   *     set (an in-memory store, or {@code JANUA_ALLOW_PLAINTEXT_KEYS=true})
   */
  MfaService(Store store, Outbox outbox, JanuaConfig config, boolean plaintextAllowed) {
    this.store = store;
    this.outbox = outbox;
    String kek = config.keyEncryptionKey();
    String previous = config.keyEncryptionKeyPrevious();
    this.box = kek == null ? null : SecretBox.of(SecretBox.decodeKey(kek),
        previous == null ? null : SecretBox.decodeKey(previous));
    this.plaintextAllowed = plaintextAllowed || config.allowPlaintextKeys();
  }

  /**
   * Installs the passkey second factor (the hook of the passkey feature), from {@link
   * AuthEngine}'s constructor (or {@link AuthEngine#usePasskeys} in a test).
   */
  void usePasskeys(PasskeyFactor factor) {
    this.passkeys = Objects.requireNonNull(factor, "factor");
  }

  /** The passkey second factor, or null when passkeys are not configured. */
  @Nullable PasskeyFactor passkeys() {
    return passkeys;
  }

  /**
   * The ways the user can prove a second factor at sign-in ({@link MfaRequiredException}'s
   * methods); empty when the user has none.
   */
  List<String> methods(String userId) {
    List<String> methods = new ArrayList<>(3);
    if (store.factors().find(userId, FactorRecord.TOTP).filter(FactorRecord::active).isPresent()) {
      methods.add(MfaRequiredException.TOTP);
      methods.add(MfaRequiredException.RECOVERY_CODE);
    }
    PasskeyFactor p = passkeys;
    if (p != null && p.enrolled(userId)) {
      methods.add(MfaRequiredException.PASSKEY);
    }
    return List.copyOf(methods);
  }

  /** The secret as stored for {@code factorId}. */
  String seal(String base32, String factorId) {
    if (box != null) {
      return box.seal(base32, factorId);
    }
    if (!plaintextAllowed) {
      throw new JanuaConfigException(KeyService.KEK, "TOTP secrets on a persistent store need a "
          + "key-encryption key: set " + KeyService.KEK + " to base64 of 32 random bytes, or "
          + KeyService.ALLOW_PLAINTEXT + "=true for development only");
    }
    return base32;
  }

  private String open(FactorRecord f) {
    if (!SecretBox.isSealed(f.secret())) {
      return f.secret();
    }
    if (box == null) {
      throw new JanuaConfigException(KeyService.KEK, "A TOTP secret is encrypted: set "
          + KeyService.KEK + " to the key it was encrypted with");
    }
    try {
      return box.open(f.secret(), f.id()).plaintext();
    } catch (SecretBox.SealedValueException e) {
      throw new JanuaConfigException(KeyService.KEK, "A TOTP secret cannot be decrypted with "
          + KeyService.KEK + ": " + e.getMessage());
    }
  }

  /** The time step of {@code code} for the factor's secret, or {@code -1}. */
  long matchingStep(FactorRecord f, String code, Call call) {
    return Totp.matchingStep(open(f), code, Totp.step(call.now()));
  }

  /**
   * Checks a TOTP code of the user's active factor and spends it.
   *
   * @throws ValidationException      naming {@code code} when it is not 6 digits
   * @throws InvalidMfaCodeException  wrong, outside current step +-1, replayed, or no factor
   */
  void verifyTotp(String userId, @Nullable String code, @Nullable String sessionId, Call call) {
    String c = totpCode(code);
    FactorRecord f = store.factors().find(userId, FactorRecord.TOTP)
        .filter(FactorRecord::active).orElse(null);
    long step = f == null ? -1 : matchingStep(f, c, call);
    if (f == null || step < 0 || !store.factors().acceptStep(f.id(), step)) {
      store.audit().append(call.event(AuditEventType.TOTP_VERIFY_FAILED, userId, sessionId, null,
          Map.of("factor", FactorRecord.TOTP)));
      throw new InvalidMfaCodeException();
    }
  }

  /**
   * Spends one recovery code of the user and notifies the user; returns how many are left.
   *
   * @throws ValidationException     naming {@code recovery_code} when it is malformed
   * @throws InvalidMfaCodeException when it is unknown or used
   */
  int useRecoveryCode(String userId, @Nullable String code, @Nullable String sessionId,
      Call call) {
    String hash = OpaqueTokens.hash(recoveryCode(code));
    if (!store.factors().useRecoveryCode(userId, hash, call.now(), call.event(
        AuditEventType.RECOVERY_CODE_USED, userId, sessionId, null, Map.of()))) {
      throw new InvalidMfaCodeException();
    }
    notify(userId, SecurityEvent.RECOVERY_CODE_USED, call);
    return store.factors().remainingRecoveryCodes(userId);
  }

  void notify(String userId, SecurityEvent event, Call call) {
    store.users().findById(userId).map(StoredUser::email).ifPresent(email ->
        outbox.send(new Notification.SecurityNotice(email, event, call.now())));
  }

  /** Fresh recovery codes, formatted {@code xxxx-xxxx-xxxx-xxxx}. */
  static List<String> newRecoveryCodes() {
    List<String> codes = new ArrayList<>(RECOVERY_CODES);
    for (int i = 0; i < RECOVERY_CODES; i++) {
      StringBuilder b = new StringBuilder(RECOVERY_CODE_CHARS + 3);
      for (int j = 0; j < RECOVERY_CODE_CHARS; j++) {
        if (j > 0 && j % 4 == 0) {
          b.append('-');
        }
        b.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
      }
      codes.add(b.toString());
    }
    return List.copyOf(codes);
  }

  static List<String> hashes(List<String> codes) {
    return codes.stream().map(c -> OpaqueTokens.hash(recoveryCode(c))).toList();
  }

  /** A TOTP code stripped of spaces; 6 digits. */
  static String totpCode(@Nullable String code) {
    String c = code == null ? "" : code.replace(" ", "");
    if (!Totp.wellFormed(c)) {
      throw new ValidationException("code", "A code is 6 digits");
    }
    return c;
  }

  /** Whether {@code code} looks like a recovery code rather than a TOTP code. */
  static boolean looksLikeRecoveryCode(@Nullable String code) {
    return code != null && code.replace(" ", "").length() > Totp.DIGITS;
  }

  /** A recovery code in its canonical form: lower case, without dashes or spaces. */
  static String recoveryCode(@Nullable String code) {
    String c = code == null ? "" : code.replace("-", "").replace(" ", "")
        .toLowerCase(Locale.ROOT);
    if (c.length() != RECOVERY_CODE_CHARS) {
      throw new ValidationException("recovery_code", "A recovery code is "
          + RECOVERY_CODE_CHARS + " letters and digits");
    }
    for (int i = 0; i < c.length(); i++) {
      if (RECOVERY_ALPHABET.indexOf(c.charAt(i)) < 0) {
        throw new ValidationException("recovery_code", "A recovery code has only the letters "
            + "a-z and the digits 2-7");
      }
    }
    return c;
  }

  /**
   * Refuses a principal whose last authentication is older than {@code maxAge}, or, when the user
   * has a second factor, did not include one ({@code mfa} in its {@code amr}). Both come from the
   * principal's token ({@code auth_time}, {@code amr}); for a token issued before Janua wrote
   * them, from its session (whose authentication time is its creation when not recorded).
   */
  void requireRecentAuth(Principal principal, Duration maxAge, Call call) {
    dev.janua.Session s = store.sessions().find(principal.liveId()).orElse(null);
    if (s == null) {
      throw new RecentAuthRequiredException(maxAge);
    }
    Instant authTime = principal.hasAuthTime() ? principal.authTime() : s.authTime();
    List<String> amr = principal.hasAuthTime() ? principal.amr() : s.amr();
    if (authTime.plus(maxAge).isBefore(call.now())) {
      throw new RecentAuthRequiredException(maxAge);
    }
    if (!amr.contains(Principal.AMR_MFA) && !methods(principal.userId()).isEmpty()) {
      throw new RecentAuthRequiredException(maxAge, true);
    }
  }

  Store store() {
    return store;
  }
}
