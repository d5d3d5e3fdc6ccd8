package dev.janua.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a retention purge deletes: rows whose life ended before these instants.
 *
 * @param endedBefore sessions revoked or expired before it go, with all their refresh tokens;
 *                    refresh tokens (spent or not) that expired before it go; one-time account
 *                    tokens and invitations that expired before it go (used, accepted or revoked
 *                    ones too); API tokens that expired or were revoked before it go
 * @param auditBefore audit events recorded before it go; {@code null} keeps every event
 */
public record RetentionCutoffs(Instant endedBefore, @Nullable Instant auditBefore) {
  /** @throws NullPointerException when {@code endedBefore} is null */
  public RetentionCutoffs {
    Objects.requireNonNull(endedBefore, "endedBefore");
  }
}
