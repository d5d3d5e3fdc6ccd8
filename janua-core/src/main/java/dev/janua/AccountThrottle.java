package dev.janua;

import dev.janua.internal.OpaqueTokens;
import dev.janua.spi.DeviceRecord;
import dev.janua.spi.DeviceStore;
import dev.janua.spi.FailureLockRule;
import dev.janua.spi.RateLimitStore;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-account signin throttle and the device tokens that pass it. Failed signins are counted
 * per account across all addresses, in the shared {@link RateLimitStore}, under a digest of the
 * normalized email (of the text as typed when it is not a valid email), so an unknown email is
 * counted exactly like an account's and no key holds an email in clear. From {@code
 * ACCOUNT_THROTTLE_FAILURES} failures within {@code ACCOUNT_THROTTLE_WINDOW_MINUTES} of the first,
 * the account is locked: 1 minute, doubling with each further failure, at most the window (see
 * {@link dev.janua.internal.FailureLocks}). While locked, a signin without a valid device token of
 * that account is refused before any store read or password hashing, with {@link
 * SigninThrottledException}; the same for an unknown email.
 *
 * <p>A device token is an opaque secret ({@code jdv_} and 256 random bits) issued at a successful
 * signin, stored only as its SHA-256 with the user and an expiry ({@code DEVICE_TOKEN_DAYS}); the
 * client sends it back at later signins and passes its own account's lock (the password is still
 * checked, and a failure still counts). Device tokens die with the user's sessions (password change
 * and reset, disabling, deletion, signing out everywhere).
 */
final class AccountThrottle {
  private static final Logger LOG = LoggerFactory.getLogger(AccountThrottle.class);

  /** The prefix of a device token. */
  static final String DEVICE_PREFIX = "jdv_";
  /** The first lock, before doubling (the window, when that is shorter). */
  static final Duration BASE_LOCK = Duration.ofMinutes(1);

  private final @Nullable FailureLockRule rule;
  private final RateLimitStore limits;
  private final DeviceStore devices;
  private final Duration deviceTtl;

  AccountThrottle(JanuaConfig config, RateLimitStore limits, DeviceStore devices) {
    long windowMs = config.accountThrottleWindow().toMillis();
    this.rule = config.accountThrottleFailures() == 0 ? null : new FailureLockRule(
        config.accountThrottleFailures(), windowMs, Math.min(BASE_LOCK.toMillis(), windowMs));
    this.limits = limits;
    this.devices = devices;
    this.deviceTtl = config.deviceTokenTtl();
  }

  /** Whether the throttle is on ({@code ACCOUNT_THROTTLE_FAILURES} above 0). */
  boolean enabled() {
    return rule != null;
  }

  /**
   * The throttle key of a signin email: a digest of the normalized address, or of the text as
   * typed when it is not a valid one (never the address itself).
   */
  static String key(@Nullable String normalized, @Nullable String typed) {
    return "signin:" + (normalized != null ? AccountLinks.subject("signin", normalized)
        : AccountLinks.subject("signin-raw", typed == null ? "" : typed));
  }

  /** The live device of a presented token, or null (none, malformed, unknown, expired). */
  @Nullable DeviceRecord device(@Nullable String token, Instant now) {
    if (rule == null || !OpaqueTokens.wellFormed(DEVICE_PREFIX, token)) {
      return null;
    }
    return devices.find(OpaqueTokens.hash(token)).filter(d -> d.usableAt(now)).orElse(null);
  }

  /**
   * The live device of a presented token whether the throttle is on or not (for remembered second
   * factors), or null (none, malformed, unknown, expired).
   */
  @Nullable DeviceRecord knownDevice(@Nullable String token, Instant now) {
    if (!OpaqueTokens.wellFormed(DEVICE_PREFIX, token)) {
      return null;
    }
    return devices.find(OpaqueTokens.hash(token)).filter(d -> d.usableAt(now)).orElse(null);
  }

  /**
   * Issues a new device token for the user whether the throttle is on or not (a device to
   * remember for the second factor); null when storing it failed.
   */
  @Nullable String issueDevice(String userId, Instant now) {
    String token = OpaqueTokens.generate(DEVICE_PREFIX);
    try {
      devices.issue(new DeviceRecord(Call.newId(), OpaqueTokens.hash(token), userId, now,
          now.plus(deviceTtl)), now);
      return token;
    } catch (JanuaException e) {
      LOG.warn("Could not store a device token for user {}: {}", userId, e.code());
      return null;
    }
  }

  /**
   * Refuses when the key is locked.
   *
   * @throws SigninThrottledException with the seconds until the lock ends
   */
  void check(String key, Instant now) {
    if (rule == null) {
      return;
    }
    long until = limits.lockedUntil(key, now);
    if (until > 0) {
      throw new SigninThrottledException(ceilSeconds(until - now.toEpochMilli()));
    }
  }

  /** Counts a failed signin for the key. */
  void failed(String key, Instant now) {
    if (rule != null) {
      limits.recordFailure(key, rule, now);
    }
  }

  /**
   * The device token for a successful signin: the presented one when it is the user's live device,
   * else a new one (null when the throttle is off, or when storing it failed: the signin stands).
   */
  @Nullable String deviceToken(String userId, @Nullable DeviceRecord presented,
      @Nullable String presentedToken, Instant now) {
    if (rule == null) {
      return null;
    }
    if (presented != null && presented.userId().equals(userId)) {
      return presentedToken;
    }
    return issueDevice(userId, now);
  }

  private static long ceilSeconds(long ms) {
    return Math.max(1, -Math.floorDiv(-ms, 1000));
  }
}
