package dev.janua.spi;

/** What an {@link AccountTokenStore} operation that spends a token did. */
public enum AccountTokenOutcome {
  /** The token was spent and the change written. */
  DONE,
  /**
   * Nothing written: no such token, another purpose, used, superseded (deleted by a newer one),
   * or expired.
   */
  INVALID_TOKEN,
  /** Nothing written: the account's email is no longer the one the token was sent to. */
  EMAIL_CHANGED,
  /** Nothing written (the token stays unused): another account has the new email meanwhile. */
  EMAIL_TAKEN
}
