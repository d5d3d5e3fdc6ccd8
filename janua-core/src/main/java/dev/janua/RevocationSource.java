package dev.janua;

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
