package dev.janua;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * What the engine reads of a browser's passkey response before anything is verified: the
 * credential id (to find the stored credential), the challenge in {@code clientDataJSON} (to find
 * and consume the challenge it answers) and the user handle. Verification is the {@link
 * dev.janua.spi.WebAuthnCeremony}'s, on the untouched JSON.
 *
 * @param credentialId base64url without padding, as the browser sent it in {@code id}
 * @param challenge    the challenge of {@code clientDataJSON} (base64url without padding)
 * @param userHandle   {@code response.userHandle} of an assertion, or {@code null}
 */
record PasskeyResponse(String credentialId, String challenge, @Nullable String userHandle) {
  /** Responses larger than this are refused unread (an attestation object is a few KB). */
  static final int MAX_CHARS = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIELD = "credential";

  /**
   * Reads a {@code PublicKeyCredential.toJSON()} document.
   *
   * @throws ValidationException (field {@code credential}) when it is missing or malformed
   */
  static PasskeyResponse parse(@Nullable String json) {
    if (json == null || json.isBlank()) {
      throw new ValidationException(FIELD, "credential is required");
    }
    if (json.length() > MAX_CHARS) {
      throw new ValidationException(FIELD, "credential is too large");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (Exception e) {
      throw malformed();
    }
    if (root == null || !root.isObject()) {
      throw malformed();
    }
    String id = text(root.get("id"));
    JsonNode response = root.get("response");
    if (id == null || !base64url(id) || response == null || !response.isObject()) {
      throw malformed();
    }
    String clientData = text(response.get("clientDataJSON"));
    if (clientData == null || !base64url(clientData, 16 * 1024)) {
      throw malformed();
    }
    String challenge;
    try {
      JsonNode c = JSON.readTree(new String(Base64.getUrlDecoder().decode(clientData),
          StandardCharsets.UTF_8));
      challenge = c == null ? null : text(c.get("challenge"));
    } catch (Exception e) {
      throw malformed();
    }
    if (challenge == null || !base64url(challenge)) {
      throw malformed();
    }
    String userHandle = text(response.get("userHandle"));
    if (userHandle != null && (userHandle.isEmpty() || !base64url(userHandle))) {
      userHandle = null;
    }
    return new PasskeyResponse(id, challenge, userHandle);
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    return n != null && n.isTextual() ? n.asText() : null;
  }

  /** Base64url without padding, at most 1024 characters. */
  static boolean base64url(String s) {
    return base64url(s, 1024);
  }

  /** Base64url without padding, at most {@code max} characters. */
  static boolean base64url(String s, int max) {
    if (s.isEmpty() || s.length() > max || s.length() % 4 == 1) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
          || c == '_')) {
        return false;
      }
    }
    return true;
  }

  private static ValidationException malformed() {
    return new ValidationException(FIELD, "credential must be the JSON of "
        + "PublicKeyCredential.toJSON() (id, response.clientDataJSON in base64url)");
  }
}
