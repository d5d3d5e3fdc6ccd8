package dev.janua.benchmarks;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.JanuaConfig;
import dev.janua.KeyRing;
import dev.janua.SigningKey;
import dev.janua.spi.RateLimitStore;
import dev.janua.spi.Store;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;

/**
 * What the benchmarks share: one RS256 key per benchmark class (so Janua and its peers verify the
 * same signature with the same key), an engine over a given store, and one signed-up account.
 */
public final class Fixture {
  /** The password of the benchmark account (short enough that bcrypt sees it whole). */
  public static final String PASSWORD = "correct horse battery staple";
  /** The email of the benchmark account. */
  public static final String EMAIL = "bench@example.com";
  /** A documentation-range client address: never whitelisted, never routed. */
  public static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "janua-benchmarks");

  private final SigningKey key;
  private final AuthEngine engine;

  private Fixture(SigningKey key, AuthEngine engine) {
    this.key = key;
    this.engine = engine;
  }

  /**
   * A fresh RS256 key and an engine over {@code store} with {@code config}.
   *
   * @param config the engine configuration
   * @param store  the store; {@code null} for a new in-memory store
   */
  public static Fixture create(JanuaConfig config, Store store) {
    return create(config, store, null);
  }

  /**
   * A fresh RS256 key and an engine over {@code store} and {@code rateLimitStore}.
   *
   * @param config         the engine configuration
   * @param store          the store; {@code null} for a new in-memory store
   * @param rateLimitStore the limiter's counters; {@code null} for local ones
   */
  public static Fixture create(JanuaConfig config, Store store, RateLimitStore rateLimitStore) {
    Objects.requireNonNull(config, "config");
    SigningKey key = SigningKey.generate("RS256");
    var builder = AuthEngine.builder().config(config).keyRing(KeyRing.of(key));
    if (store != null) {
      builder.store(store);
    }
    if (rateLimitStore != null) {
      builder.rateLimitStore(rateLimitStore);
    }
    return new Fixture(key, builder.build());
  }

  /** A configuration for benchmarks: the defaults, with limits off and a cheap bcrypt unless set. */
  public static JanuaConfig.Builder config() {
    return JanuaConfig.builder().rateLimitEnabled(false).bcryptRounds(4);
  }

  /** The engine. */
  public AuthEngine engine() {
    return engine;
  }

  /** The signing key (its public half verifies for the peers). */
  public SigningKey key() {
    return key;
  }

  /** The RSA public key, as the peers take it. */
  public RSAPublicKey publicKey() {
    return (RSAPublicKey) key.publicKey();
  }

  /** Signs up the benchmark account (with {@code email}) and returns its first token pair. */
  public AuthResult signUp(String email) {
    return engine.signup(email, PASSWORD, CLIENT, "Bench");
  }
}
