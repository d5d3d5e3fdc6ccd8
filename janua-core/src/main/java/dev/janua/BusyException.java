package dev.janua;

/**
 * Janua is at a concurrency bound, for example every password-hashing slot stayed taken for the
 * whole queue timeout (code {@code busy}, HTTP 503). Safe to retry later.
 */
public final class BusyException extends JanuaException {
  private static final long serialVersionUID = 1L;

  public BusyException(String message) {
    super("busy", 503, message);
  }
}
