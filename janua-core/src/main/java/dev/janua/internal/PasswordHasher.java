package dev.janua.internal;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import dev.janua.BusyException;
import dev.janua.spi.MetricsRecorder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * bcrypt with bounded concurrency. New hashes are of the NFKC form of the password ({@link
 * PasswordPolicy#normalize}). Passwords longer than bcrypt's 72-byte input are first reduced
 * with SHA-512 (never truncated), so two passwords sharing their first 72 bytes do not collide;
 * the policy's limit of 128 code points bounds that SHA-512 work.
 * Every hash and verify takes one of {@code concurrency} slots, waiting at most the queue timeout.
 */
public final class PasswordHasher {
  private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2A;

  private final int cost;
  private final BCrypt.Hasher hasher;
  private final BCrypt.Verifyer verifyer;
  private final Semaphore slots;
  private final long queueTimeoutNanos;
  private final MetricsRecorder metrics;
  private final String decoyHash;

  /**
   * @param cost         the bcrypt cost for new hashes
   * @param concurrency  how many bcrypt operations may run at once
   * @param queueTimeout how long to wait for a slot before {@link BusyException}
   * @param metrics      told the queue wait and duration of every operation
   */
  public PasswordHasher(int cost, int concurrency, Duration queueTimeout, MetricsRecorder metrics) {
    this(cost, new Semaphore(concurrency, true), queueTimeout, metrics);
  }

  /** As above, with the slots given (tests hold them to provoke {@link BusyException}). */
  public PasswordHasher(int cost, Semaphore slots, Duration queueTimeout, MetricsRecorder metrics) {
    this.cost = cost;
    this.hasher = BCrypt.with(VERSION, new SecureRandom(), LongPasswordStrategies.hashSha512(VERSION));
    this.verifyer = BCrypt.verifyer(VERSION, LongPasswordStrategies.hashSha512(VERSION));
    this.slots = slots;
    this.queueTimeoutNanos = queueTimeout.toNanos();
    this.metrics = metrics;
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    // The decoy costs what a real hash costs; made without a slot, once, at startup.
    this.decoyHash = new String(hasher.hash(cost, random), StandardCharsets.US_ASCII);
  }

  /** The cost of new hashes. */
  public int cost() {
    return cost;
  }

  /** How a presented password matched a stored hash. */
  public enum Match {
    /** It does not match. */
    NO,
    /** Its NFKC form matches. */
    YES,
    /**
     * Only its un-normalized form matches: a hash made before passwords were normalized. The
     * caller rehashes the normalized form (signin does, on success).
     */
    LEGACY
  }

  /** A new bcrypt hash of the password's NFKC form. */
  public String hash(String password) {
    String normalized = PasswordPolicy.normalize(password);
    return run(() -> new String(hasher.hash(cost, bytes(normalized)), StandardCharsets.US_ASCII));
  }

  /**
   * Verifies a presented password: its NFKC form first, then, only when that differs from what was
   * typed, the typed form (a hash stored before normalization). Two verifies in the second case;
   * {@link #verifyPresentedDecoy} does the same work for an unknown account.
   */
  public Match verifyPresented(String password, String hash) {
    String normalized = PasswordPolicy.normalize(password);
    if (verify(normalized, hash)) {
      return Match.YES;
    }
    if (!normalized.equals(password) && verify(password, hash)) {
      return Match.LEGACY;
    }
    return Match.NO;
  }

  /**
   * The work of {@link #verifyPresented} for a wrong password (one or two verifies against the
   * decoy), answering {@link Match#NO}.
   */
  public Match verifyPresentedDecoy(@Nullable String password) {
    String p = password == null ? "" : password;
    String normalized = PasswordPolicy.normalize(p);
    verify(normalized, decoyHash);
    if (!normalized.equals(p)) {
      verify(p, decoyHash);
    }
    return Match.NO;
  }

  /** Whether the password matches the hash; a malformed hash never matches. */
  public boolean verify(String password, String hash) {
    return run(() -> verifyer.verify(bytes(password), hash.getBytes(StandardCharsets.US_ASCII)).verified);
  }

  /**
   * Does the work of one verify at the configured cost and answers false: what signin does for an
   * unknown email, so that its cost does not tell whether the account exists.
   */
  public boolean verifyDecoy(@Nullable String password) {
    verify(password == null ? "" : password, decoyHash);
    return false;
  }

  /** The cost recorded in a hash, or -1 when it is not a bcrypt hash. */
  public static int costOf(@Nullable String hash) {
    // $2a$12$...
    if (hash == null || hash.length() < 7 || hash.charAt(0) != '$' || hash.charAt(3) != '$') {
      return -1;
    }
    try {
      return Integer.parseInt(hash.substring(4, 6));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static byte[] bytes(String password) {
    return password.getBytes(StandardCharsets.UTF_8);
  }

  private <T> T run(java.util.function.Supplier<T> work) {
    long start = System.nanoTime();
    boolean acquired;
    try {
      acquired = slots.tryAcquire(queueTimeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BusyException("Interrupted while waiting for a password-hashing slot");
    }
    if (!acquired) {
      throw new BusyException("All password-hashing slots stayed busy; try again shortly");
    }
    long started = System.nanoTime();
    try {
      return work.get();
    } finally {
      slots.release();
      metrics.passwordHash(Duration.ofNanos(started - start), Duration.ofNanos(System.nanoTime() - started));
    }
  }
}
