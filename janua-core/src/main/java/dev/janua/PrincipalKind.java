package dev.janua;

/** What a {@link Principal} was proven by. */
public enum PrincipalKind {
  /** A signed access token (JWT) of a live session. */
  ACCESS_TOKEN,
  /**
   * An API token ({@code jnu_...}): no session; it acts within one organization with the
   * permissions it was given that its owner still holds.
   */
  API_TOKEN
}
