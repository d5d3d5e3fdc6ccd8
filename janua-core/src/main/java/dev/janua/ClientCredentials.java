package dev.janua;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The client id and secret a resource server presents to the introspection and revocation
 * operations. {@link #toString()} never prints the secret.
 *
 * @param clientId     the client's id
 * @param clientSecret its secret
 */
public record ClientCredentials(String clientId, String clientSecret) {
  private static final String BASIC = "basic ";

  /** @throws NullPointerException when either part is null */
  public ClientCredentials {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
  }

  /**
   * The credentials of an HTTP {@code Authorization: Basic} header (RFC 7617), with the id and
   * secret form-decoded as RFC 6749 section 2.3.1 asks; a client that does not encode them reads
   * the same, since registered ids and secrets consist only of characters encoding leaves as they
   * are.
   *
   * <p>Pass what it finds to the engine even when it finds nothing, {@code
   * fromAuthorizationHeader(h).orElse(null)}: the engine then refuses with {@link
   * InvalidClientException} after counting the call against the caller's rate limit.
   *
   * @param authorization the header's value, or {@code null} when absent
   * @return the credentials, or empty when absent, of another scheme, or malformed
   */
  public static Optional<ClientCredentials> fromAuthorizationHeader(@Nullable String authorization) {
    if (authorization == null || authorization.length() <= BASIC.length()
        || !authorization.substring(0, BASIC.length()).toLowerCase(Locale.ROOT).equals(BASIC)) {
      return Optional.empty();
    }
    try {
      byte[] raw = Base64.getDecoder().decode(authorization.substring(BASIC.length()).strip());
      String decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw)).toString();
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      return Optional.of(new ClientCredentials(
          URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
          URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException | CharacterCodingException e) {
      // Dropped: its message could quote the secret.
      return Optional.empty();
    }
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "ClientCredentials[clientId=" + clientId + ", clientSecret=(hidden)]";
  }
}
