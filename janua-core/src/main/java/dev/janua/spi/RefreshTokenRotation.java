package dev.janua.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One rotation of a refresh token: the spent token and its successor, both as SHA-256 hashes.
 *
 * @param spentHash          the hash of the token presented
 * @param successorHash      the hash of the token that replaces it
 * @param successorExpiresAt when the successor expires (the store caps it at the session's cap)
 */
public record RefreshTokenRotation(String spentHash, String successorHash, Instant successorExpiresAt) {

  public RefreshTokenRotation {
    Objects.requireNonNull(spentHash, "spentHash");
    Objects.requireNonNull(successorHash, "successorHash");
    Objects.requireNonNull(successorExpiresAt, "successorExpiresAt");
  }
}
