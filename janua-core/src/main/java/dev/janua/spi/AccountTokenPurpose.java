package dev.janua.spi;

/** What an {@link AccountToken} is for; each purpose has its own link and its own consumer. */
public enum AccountTokenPurpose {
  /** Sets a new password ({@code /reset-password?token=...}). */
  PASSWORD_RESET,
  /** Verifies the account's current email ({@code /verify-email?token=...}). */
  EMAIL_VERIFICATION,
  /** Switches the account to the (then verified) new address it was sent to. */
  EMAIL_CHANGE
}
