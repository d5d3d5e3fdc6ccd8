package dev.janua.benchmarks;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import dev.janua.AuthEngine;
import dev.janua.KeyRing;
import dev.janua.MfaProof;
import dev.janua.MfaRequiredException;
import dev.janua.Principal;
import dev.janua.SigningKey;
import dev.janua.TotpEnrollment;
import dev.janua.internal.Totp;
import dev.janua.testing.MutableClock;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code engine.mfa().verifyTotp} of a correct code (in-memory store) against the bare java-otp
 * check of the same code: the three codes of the accepted window (current step and one either
 * side) computed with a key made once, compared in constant time. A code is accepted once only,
 * so before every call (outside the measurement, for both sides alike) the engine's clock moves
 * one 30-second step on and the code of the new step is computed; every 2,000 steps the account
 * signs in again, so that the principal's session stays within its lifetime. A step whose code
 * equals the next step's is skipped (Janua accepts such a code for the later step, which spends
 * it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TotpBenchmark {
  private MutableClock clock;
  private AuthEngine engine;
  private Principal principal;
  private String secret;
  private SecretKeySpec key;
  private TimeBasedOneTimePasswordGenerator generator;
  private long step;
  private int steps;
  private String code;

  /** An engine on a stepping clock, one account with TOTP enabled. */
  @Setup(Level.Trial)
  public void setUp() {
    clock = new MutableClock(Instant.now());
    engine = AuthEngine.builder().config(Fixture.config().build())
        .keyRing(KeyRing.of(SigningKey.generate("RS256"))).clock(clock).build();
    principal = engine.validate(engine.signup(Fixture.EMAIL, Fixture.PASSWORD, Fixture.CLIENT,
        "Bench").tokens().accessToken());
    TotpEnrollment e = engine.mfa().beginTotpEnrollment(principal);
    secret = e.secret();
    key = new SecretKeySpec(Totp.unbase32(secret), "HmacSHA1");
    generator = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(Totp.PERIOD_SECONDS),
        Totp.DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
    step = Totp.step(clock.instant());
    engine.mfa().confirmTotp(principal, Totp.code(secret, step));
    next();
    engine.mfa().verifyTotp(principal, code);
    next();
    if (!floor()) {
      throw new IllegalStateException("the floor should accept the code");
    }
  }

  /** Closes the engine. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (engine != null) {
      engine.close();
    }
  }

  /** One step on, and the new step's code (not measured). */
  @Setup(Level.Invocation)
  public void next() {
    if (++steps % 2000 == 0) {
      // the session ages 30 s per call: sign in again now and then, with the second factor
      advance();
      principal = signIn();
    }
    advance();
  }

  private void advance() {
    // When a step's code equals the next step's (one in a million), Janua rightly takes the later
    // step and the code of that step is spent already: skip such a step.
    do {
      step++;
      code = Totp.code(secret, step);
    } while (code.equals(Totp.code(secret, step + 1)));
    clock.set(Instant.ofEpochSecond(step * Totp.PERIOD_SECONDS + 1));
  }

  /** A new session: password, then this step's code (which spends it). */
  private Principal signIn() {
    try {
      return engine.validate(engine.signin(Fixture.EMAIL, Fixture.PASSWORD, Fixture.CLIENT)
          .tokens().accessToken());
    } catch (MfaRequiredException required) {
      return engine.validate(engine.completeMfa(required.challenge(), MfaProof.totp(code),
          Fixture.CLIENT).tokens().accessToken());
    }
  }

  /** Janua: the factor read, the secret, three codes, the step spent in the store. */
  @Benchmark
  public Principal janua() {
    engine.mfa().verifyTotp(principal, code);
    return principal;
  }

  /** The bare java-otp window check of the same code. */
  @Benchmark
  public boolean floor() {
    byte[] given = code.getBytes(StandardCharsets.US_ASCII);
    boolean found = false;
    try {
      for (long s = step - 1; s <= step + 1; s++) {
        byte[] expected = generator.generateOneTimePasswordString(key,
            Instant.ofEpochSecond(s * Totp.PERIOD_SECONDS), Locale.ROOT)
            .getBytes(StandardCharsets.US_ASCII);
        found |= MessageDigest.isEqual(expected, given);
      }
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
    if (!found) {
      throw new IllegalStateException("the floor refused the code");
    }
    return found;
  }
}
