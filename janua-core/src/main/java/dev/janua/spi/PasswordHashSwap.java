package dev.janua.spi;

import java.util.Objects;

/**
 * A compare-and-set of a password hash: replace {@code expected} by {@code replacement}.
 *
 * @param expected    the hash that must still be stored
 * @param replacement the hash to store
 */
public record PasswordHashSwap(String expected, String replacement) {

  public PasswordHashSwap {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
  }

  /** Never prints the hashes. */
  @Override
  public String toString() {
    return "PasswordHashSwap[***]";
  }
}
