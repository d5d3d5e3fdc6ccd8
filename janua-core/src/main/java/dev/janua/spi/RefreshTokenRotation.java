package dev.janua.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One rotation of a refresh token: the spent token and its successor, both as SHA-256 hashes,
 * and the successor sealed for a duplicate of this refresh.
 *
 * @param spentHash          the hash of the token presented
 * @param successorHash      the hash of the token that replaces it
 * @param successorExpiresAt when the successor expires (the store caps it at the session's cap)
 * @param sealedSuccessor    the successor token encrypted under a key derived from the spent
 *                           token (which the store never sees): opaque to the store, which keeps
 *                           it with the spent token and hands it back in {@link
 *                           RotationOutcome.AlreadySpent}; {@code null} for none
 */
public record RefreshTokenRotation(String spentHash, String successorHash,
    Instant successorExpiresAt, @Nullable String sealedSuccessor) {

  public RefreshTokenRotation {
    Objects.requireNonNull(spentHash, "spentHash");
    Objects.requireNonNull(successorHash, "successorHash");
    Objects.requireNonNull(successorExpiresAt, "successorExpiresAt");
  }

  /** A rotation without a sealed successor: a duplicate of it can only be refused. */
  public RefreshTokenRotation(String spentHash, String successorHash, Instant successorExpiresAt) {
    this(spentHash, successorHash, successorExpiresAt, null);
  }
}
