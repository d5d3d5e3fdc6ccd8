package dev.janua.benchmarks;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.janua.AuthResult;
import dev.janua.memory.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * {@code signin} on the in-memory store at {@code BCRYPT_ROUNDS} 10 (per-IP rate limiting off, the
 * per-account throttle on at its defaults), against a bare at.favre bcrypt verify and Spring
 * Security's {@code BCryptPasswordEncoder(10).matches} of the very hash Janua stored for the
 * account. {@link #janua()} is a client without a device token (the throttle's lock is read before
 * hashing, and a device token is issued and stored after); {@link #januaKnownDevice()} a client that
 * sends back the device token of an earlier signin (looked up instead of the lock).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SigninBenchmark {
  static final int COST = 10;

  private Fixture fixture;
  private byte[] hash;
  private String hashText;
  private byte[] password;
  private BCrypt.Verifyer favre;
  private BCryptPasswordEncoder spring;
  private String device;

  /** An engine at cost 10 and one account; the peers get the stored hash. */
  @Setup(Level.Trial)
  public void setUp() {
    InMemoryStore store = new InMemoryStore();
    fixture = Fixture.create(Fixture.config().bcryptRounds(COST).build(), store);
    fixture.signUp(Fixture.EMAIL);
    hashText = store.users().findByEmail(Fixture.EMAIL).orElseThrow().passwordHash();
    hash = hashText.getBytes(StandardCharsets.US_ASCII);
    password = Fixture.PASSWORD.getBytes(StandardCharsets.UTF_8);
    favre = BCrypt.verifyer();
    spring = new BCryptPasswordEncoder(COST);
    if (!favre.verify(password, hash).verified || !spring.matches(Fixture.PASSWORD, hashText)) {
      throw new IllegalStateException("the peers do not accept Janua's hash");
    }
    if (fixture.engine().config().accountThrottleFailures() == 0) {
      throw new IllegalStateException("the per-account throttle must be on in the measured path");
    }
    device = fixture.engine().signin(Fixture.EMAIL, Fixture.PASSWORD, Fixture.CLIENT).deviceToken();
  }

  /** Janua: one bcrypt verify, an RS256 signature, a session and a refresh token stored. */
  @Benchmark
  public AuthResult janua() {
    return fixture.engine().signin(Fixture.EMAIL, Fixture.PASSWORD, Fixture.CLIENT);
  }

  /** Janua, from a client that presents the device token of an earlier signin. */
  @Benchmark
  public AuthResult januaKnownDevice() {
    return fixture.engine().signin(Fixture.EMAIL, Fixture.PASSWORD, Fixture.CLIENT, device);
  }

  /** The floor: one bare bcrypt verify at cost 10. */
  @Benchmark
  public boolean favre() {
    return favre.verify(password, hash).verified;
  }

  /** Spring Security's encoder at strength 10. */
  @Benchmark
  public boolean spring() {
    return spring.matches(Fixture.PASSWORD, hashText);
  }
}
