package dev.janua;

import dev.janua.memory.InMemoryStore;
import dev.janua.testing.MutableClock;
import dev.janua.testing.RecordingMetrics;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/** An engine on the in-memory store with a fake clock, cheap bcrypt and recorded metrics. */
abstract class EngineTestBase {
  /** One RSA key for all engine tests: generating one per test is slow. */
  static final KeyRing KEYS = KeyRing.generate("RS256");
  static final String PASSWORD = "correct horse battery";
  static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "junit");

  MutableClock clock;
  RecordingMetrics metrics;
  InMemoryStore store;
  AuthEngine engine;

  @BeforeEach
  void setUpEngine() {
    clock = MutableClock.startingAt2026();
    metrics = new RecordingMetrics();
    store = new InMemoryStore();
    engine = engine(config().build());
  }

  JanuaConfig.Builder config() {
    // Verification mails off: the tests of other flows count audit events (AccountFlowsTest turns
    // it on).
    return JanuaConfig.builder().bcryptRounds(4).rateLimitEnabled(false).emailVerification(false);
  }

  AuthEngine engine(JanuaConfig config) {
    return AuthEngine.builder().config(config).store(store).clock(clock).keyRing(KEYS)
        .metrics(metrics).build();
  }

  static String email() {
    return "u-" + UUID.randomUUID() + "@example.com";
  }

  AuthResult signup() {
    return engine.signup(email(), PASSWORD, CLIENT, "Test");
  }

  Principal principal(AuthResult r) {
    return engine.validate(r.tokens().accessToken());
  }
}
