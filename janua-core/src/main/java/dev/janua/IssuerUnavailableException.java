package dev.janua;

import org.jspecify.annotations.Nullable;

/**
 * A {@link JanuaVerifier} has no keys it may use (code {@code issuer_unavailable}, HTTP 503): the
 * issuer's metadata or JWKS could not be fetched, or was refused, and the cached keys are older
 * than their lifetime plus the configured stale bound (or none were ever fetched). The verifier
 * fails closed: no token is accepted until a fetch succeeds.
 */
public final class IssuerUnavailableException extends JanuaException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, without token content
   * @param cause   the last fetch failure, or {@code null}
   */
  public IssuerUnavailableException(String message, @Nullable Throwable cause) {
    super("issuer_unavailable", 503, message, cause);
  }
}
