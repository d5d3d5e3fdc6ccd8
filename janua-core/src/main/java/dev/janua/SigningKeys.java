package dev.janua;

import dev.janua.internal.TokenService;
import java.time.Duration;

/**
 * Signing keys ({@code engine.signingKeys()}): the ring, the JWKS and how long it may be cached,
 * rotation and deletion. Keys move pending (published in the JWKS, not signing) -> active ->
 * retired (verifying until every token it signed has expired) -> deleted; docs/operations.md has
 * the runbook.
 */
public final class SigningKeys {
  private final KeyService keys;
  private final TokenService tokens;
  private final Runner runner;
  private final JanuaConfig config;

  SigningKeys(KeyService keys, TokenService tokens, Runner runner, JanuaConfig config) {
    this.keys = keys;
    this.tokens = tokens;
    this.runner = runner;
    this.config = config;
  }

  /** The current key ring, a pending key that is due by now having taken over. */
  public KeyRing ring() {
    return tokens.keyRing();
  }

  /** The JSON Web Key Set of every verification key, pending keys included. */
  public String jwks() {
    return tokens.keyRing().jwksJson();
  }

  /**
   * How long a verifier may cache the JWKS: the pending period minus the key reload interval
   * ({@code JWT_KEY_PENDING_SECONDS} - {@code JWT_KEY_RELOAD_SECONDS}, 55 min by default), so that
   * a cached JWKS always has a new key before it signs.
   */
  public Duration jwksMaxAge() {
    return config.jwksMaxAge();
  }

  /** The {@code Cache-Control} value to serve the JWKS with: {@code public, max-age=<seconds>}. */
  public String jwksCacheControl() {
    return "public, max-age=" + jwksMaxAge().toSeconds();
  }

  /**
   * Stages a rotation: a fresh key is published in the JWKS at once and becomes the signing key
   * after the pending period ({@code JWT_KEY_PENDING_SECONDS}); the key it replaces keeps verifying
   * until every token it signed has expired, and is deleted after that. When a rotation is pending
   * already (staged here, by the schedule, or by another instance at the same moment), no second
   * one is staged: its key is returned. With persistent keys every instance on the store follows.
   *
   * @return the pending key that will sign
   */
  public SigningKey rotate() {
    return runner.run(Operation.KEYS, null, call -> {
      KeyService.Staged staged = keys.stage(tokens.keyRing(),
          SigningKey.generate(config.algorithm()), call.now());
      tokens.keyRing(staged.ring());
      return staged.next();
    });
  }

  /**
   * Makes a fresh key the signing key at once, for an emergency (a leaked key): the active key and
   * any pending one are retired and keep verifying while their tokens live, unless {@link
   * #delete(String) deleted}. Verifiers that cached the JWKS refuse the new key's tokens until they
   * fetch it again; other instances on the store switch at their next key reload ({@code
   * JWT_KEY_RELOAD_SECONDS}) or at the first token of the new key they see.
   *
   * @return the new signing key
   */
  public SigningKey rotateNow() {
    return runner.run(Operation.KEYS, null, call -> {
      SigningKey next = SigningKey.generate(config.algorithm());
      tokens.keyRing(keys.rotateNow(tokens.keyRing(), next, call.now()));
      return next;
    });
  }

  /**
   * Deletes the key {@code kid} at once, from the store and the JWKS: every token it signed is
   * refused, here at once and on other instances at their next key reload ({@code
   * JWT_KEY_RELOAD_SECONDS}). For a leaked key, after {@link #rotateNow()}.
   *
   * @throws ConflictException (field {@code kid}) when it is the signing key or the newest key
   * @throws NotFoundException  when no key has this kid
   */
  public void delete(String kid) {
    java.util.Objects.requireNonNull(kid, "kid");
    runner.run(Operation.KEYS, null, call -> {
      tokens.keyRing(keys.delete(tokens.keyRing(), kid, call.now()));
      return null;
    });
  }

  /**
   * Runs the key schedule now: reloads the ring from the store (persistent keys), stages a rotation
   * when {@code JWT_KEY_ROTATION_DAYS} says one is due, and deletes keys whose tokens have all
   * expired. The engine runs it every {@code JWT_KEY_RELOAD_SECONDS}; a store failure is logged
   * and the ring in use stays.
   */
  public void maintain() {
    runner.run(Operation.KEYS, null, call -> {
      tokens.keyRing(keys.maintain(tokens.keyRing(), call.now()));
      return null;
    });
  }
}
