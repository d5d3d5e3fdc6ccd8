package dev.janua;

import org.jspecify.annotations.Nullable;

/**
 * The store (a database) could not be reached or did not answer in time (code
 * {@code store_unavailable}, HTTP 503). Nothing was half-written: the operation either completed
 * before the failure or did not happen.
 */
public final class StoreUnavailableException extends JanuaException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, @Nullable Throwable cause) {
    super("store_unavailable", 503, message, cause);
  }
}
