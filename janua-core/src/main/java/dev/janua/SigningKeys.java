package dev.janua;

import dev.janua.internal.TokenService;

/** Signing keys ({@code engine.signingKeys()}): the ring, the JWKS, rotation. */
public final class SigningKeys {
  private final KeyService keys;
  private final TokenService tokens;
  private final Runner runner;
  private final String algorithm;

  SigningKeys(KeyService keys, TokenService tokens, Runner runner, String algorithm) {
    this.keys = keys;
    this.tokens = tokens;
    this.runner = runner;
    this.algorithm = algorithm;
  }

  /** The current key ring. */
  public KeyRing ring() {
    return tokens.keyRing();
  }

  /** The JSON Web Key Set of every verification key. */
  public String jwks() {
    return tokens.keyRing().jwksJson();
  }

  /**
   * Makes a fresh key the signing key; the old one keeps verifying until every token it signed has
   * expired. With persistent keys the rotation is stored, and other instances pick the new key up
   * when they first see a token signed with it.
   *
   * @return the new signing key
   */
  public SigningKey rotate() {
    return runner.run(Operation.KEYS, null, call -> {
      SigningKey next = SigningKey.generate(algorithm);
      tokens.keyRing(keys.rotate(tokens.keyRing(), next, call.now()));
      return next;
    });
  }
}
