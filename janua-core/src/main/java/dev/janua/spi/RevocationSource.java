package dev.janua.spi;

import dev.janua.JanuaVerifier;

/**
 * Where a {@link JanuaVerifier} learns that sessions ended on the issuer, so that it refuses their
 * access tokens before they expire: {@code janua-redis}'s {@code RedisRevocationSource} reads the
 * revocations a Janua issuer with {@code RedisPlugin} publishes. Set with {@link
 * JanuaVerifier.Builder#revocations(RevocationSource)}.
 *
 * <p>The verifier calls {@link #start} once, from {@link JanuaVerifier.Builder#build()}, and
 * {@link #close} from {@link JanuaVerifier#close()}. A source reports to the listener from its
 * own thread(s): each revocation, and whether it is currently up to date ({@link
 * RevocationListener#connected()}, {@link RevocationListener#disconnected()}) or may have missed
 * revocations for good ({@link RevocationListener#eventsLost()}). Until its first {@code
 * connected()} the verifier counts the source as disconnected since {@code build()}.
 */
public interface RevocationSource extends AutoCloseable {

  /**
   * A source that reports itself up to date at once and never reports a revocation: the same as
   * no source (tokens are accepted until they expire), for code that wants a non-null default.
   */
  static RevocationSource none() {
    return RevocationListener::connected;
  }

  /**
   * Starts delivering to {@code listener}; called once. It should return quickly and do its work
   * on a thread of its own.
   *
   * @throws IllegalStateException when it was started already
   */
  void start(RevocationListener listener);

  /** Stops delivering and frees what the source holds; closing twice is harmless. */
  @Override
  default void close() {}
}
