package dev.janua.spi;

import java.time.Instant;

/**
 * What a {@link RevocationSource} tells a {@link dev.janua.JanuaVerifier}. The instants are the issuer's:
 * when the revocation happened there. Methods may be called from any thread; they never throw and
 * never block for long.
 */
public interface RevocationListener {

  /** The session {@code sessionId} ended at {@code at}: every token with that {@code sid} is refused. */
  void sessionRevoked(String sessionId, Instant at);

  /**
   * Every session of the user {@code userId} ended at {@code at} (all sessions revoked, password
   * changed, user disabled): tokens with that {@code sub} issued at or before {@code at} are refused.
   */
  void userRevoked(String userId, Instant at);

  /** The source is up to date: every revocation published before now has been delivered. */
  void connected();

  /** The source cannot currently tell whether revocations are being published. */
  void disconnected();

  /**
   * Revocations may have been lost for good (for example the bus lost its data): the verifier
   * refuses every token issued at or before now, as if every session had ended.
   */
  void eventsLost();
}
