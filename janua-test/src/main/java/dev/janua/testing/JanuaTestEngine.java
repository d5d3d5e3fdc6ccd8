package dev.janua.testing;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.JanuaConfig;
import dev.janua.KeyRing;
import dev.janua.Principal;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.MetricsRecorder;
import dev.janua.spi.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AuthEngine} for an application's own unit tests: the in-memory store, bcrypt at its
 * lowest cost (4) so a signup takes milliseconds, rate limits off, one RS256 key shared by every
 * fixture in the JVM, and a {@link MutableClock} the test moves by hand instead of sleeping.
 *
 * <pre>{@code
 * try (JanuaTestEngine janua = JanuaTestEngine.create()) {
 *   Principal ada = janua.signupPrincipal();
 *   myService(janua.engine()).doSomethingAs(ada);
 *   janua.advance(Duration.ofMinutes(16));           // the access token has expired
 * }
 * }</pre>
 *
 * <p>A principal can only come from the engine, so tests get theirs by signing up ({@link
 * #signupPrincipal()}) or from an {@link AuthResult} ({@link #principal(AuthResult)}). Closing the
 * fixture closes the engine.
 */
public final class JanuaTestEngine implements AutoCloseable {
  /** The password {@link #signup()} uses. */
  public static final String PASSWORD = "correct horse battery";
  /** The client {@link #signup()} reports: a documentation address and a test user agent. */
  public static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "janua-test");
  /** The lowest cost bcrypt accepts. */
  public static final int BCRYPT_ROUNDS = 4;

  private final AuthEngine engine;
  private final MutableClock clock;
  private final Store store;
  private final RecordingNotifier notifier;

  private JanuaTestEngine(AuthEngine engine, MutableClock clock, Store store,
      RecordingNotifier notifier) {
    this.engine = engine;
    this.clock = clock;
    this.store = store;
    this.notifier = notifier;
  }

  /**
   * What the engine delivered: every notification (verification and reset links, invitations,
   * security notices) goes to this recorder.
   */
  public RecordingNotifier notifier() {
    return notifier;
  }

  /** A fixture with every default: a new in-memory store, the clock at 2026-06-01T10:00:00Z. */
  public static JanuaTestEngine create() {
    return builder().build();
  }

  /** A builder of a fixture with other settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** The engine under test. */
  public AuthEngine engine() {
    return engine;
  }

  /** The engine's clock; {@link #advance} moves it. */
  public MutableClock clock() {
    return clock;
  }

  /** The store the engine runs on, to arrange data or inspect what the engine wrote. */
  public Store store() {
    return store;
  }

  /** The engine's current time. */
  public Instant now() {
    return clock.instant();
  }

  /**
   * Moves the engine's time forward: access tokens, refresh tokens, sessions and rate windows
   * expire as they would in real time.
   *
   * @throws NullPointerException when {@code duration} is null
   */
  public void advance(Duration duration) {
    clock.advance(duration);
  }

  /** Signs up a new user with a unique email and {@link #PASSWORD}. */
  public AuthResult signup() {
    return signup(Fixtures.uniqueEmail());
  }

  /** Signs up {@code email} with {@link #PASSWORD}. */
  public AuthResult signup(String email) {
    return signup(email, PASSWORD);
  }

  /**
   * Signs up {@code email} with {@code password}, as {@link #CLIENT}.
   *
   * @throws dev.janua.ValidationException when the email or password is not acceptable
   * @throws dev.janua.ConflictException when the email is taken
   */
  public AuthResult signup(String email, String password) {
    return engine.signup(email, password, CLIENT, "Test User");
  }

  /**
   * The principal of a signup or signin result, as the engine validates its access token.
   *
   * @throws dev.janua.InvalidTokenException when the token no longer validates (session ended,
   *     token expired)
   */
  public Principal principal(AuthResult result) {
    return engine.validate(result.tokens().accessToken());
  }

  /** Signs up a new user and returns its principal. */
  public Principal signupPrincipal() {
    return principal(signup());
  }

  /** Closes the engine; closing again does nothing. */
  @Override
  public void close() {
    engine.close();
  }

  /**
   * Settings of a {@link JanuaTestEngine}. Everything is optional; {@link #build()} can be called
   * again for another fixture (each gets its own clock when none was given).
   */
  public static final class Builder {
    private Instant start = Instant.parse("2026-06-01T10:00:00Z");
    private @Nullable MutableClock clock;
    private @Nullable Store store;
    private @Nullable MetricsRecorder metrics;
    private Consumer<JanuaConfig.Builder> config = c -> {};

    private Builder() {}

    /**
     * Where a new clock starts (default 2026-06-01T10:00:00Z).
     *
     * @throws NullPointerException when {@code start} is null
     */
    public Builder start(Instant start) {
      this.start = Objects.requireNonNull(start, "start");
      return this;
    }

    /**
     * A clock to share, for example between two engines (default a new clock at {@link #start}).
     *
     * @throws NullPointerException when {@code clock} is null
     */
    public Builder clock(MutableClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The store (default a new {@link InMemoryStore}); pass one store to two fixtures to test two
     * instances of a service.
     *
     * @throws NullPointerException when {@code store} is null
     */
    public Builder store(Store store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * A metrics recorder (default none).
     *
     * @throws NullPointerException when {@code metrics} is null
     */
    public Builder metrics(MetricsRecorder metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * Changes the configuration, starting from the fixture's ({@code bcryptRounds(4)}, rate
     * limits off), for example {@code c -> c.rateLimitEnabled(true)}.
     *
     * @throws NullPointerException when {@code customizer} is null
     */
    public Builder config(Consumer<JanuaConfig.Builder> customizer) {
      this.config = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /**
     * The fixture.
     *
     * @throws RuntimeException what {@code JanuaConfig.Builder.build()} throws when the customized
     *     configuration is not valid
     */
    public JanuaTestEngine build() {
      JanuaConfig.Builder c = JanuaConfig.builder().bcryptRounds(BCRYPT_ROUNDS).rateLimitEnabled(false);
      config.accept(c);
      MutableClock theClock = clock != null ? clock : new MutableClock(start);
      Store theStore = store != null ? store : new InMemoryStore();
      RecordingNotifier recorder = new RecordingNotifier();
      var engine = AuthEngine.builder().config(c.build()).store(theStore).clock(theClock)
          .keyRing(SharedKey.RING).notifier(recorder);
      if (metrics != null) {
        engine.metrics(metrics);
      }
      return new JanuaTestEngine(engine.build(), theClock, theStore, recorder);
    }
  }

  /** One RSA key per JVM, made on first use: generating one per fixture is slow. */
  private static final class SharedKey {
    static final KeyRing RING = KeyRing.generate("RS256");
  }
}
