package dev.janua.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janua.MfaProof;
import dev.janua.ValidationException;
import org.jspecify.annotations.Nullable;

/**
 * The JSON request bodies, as records whose components read in snake_case ({@code refresh_token},
 * {@code user_id}). Each has {@code requireFields()}, which refuses a missing required field with a
 * {@link ValidationException} naming it (400 {@code validation_error}); the engine checks the
 * values themselves (email syntax, password length, slug shape). Components are null when the
 * field was absent; after {@code requireFields()} the required ones are not.
 */
public final class Requests {
  private Requests() {}

  /**
   * {@code POST /api/v1/auth/signup}.
   *
   * @param email    required
   * @param password required
   * @param name     optional display name
   */
  public record Signup(@Nullable String email, @Nullable String password, @Nullable String name) {
    /** @throws ValidationException naming the first missing field */
    public Signup requireFields() {
      require(email, "email");
      require(password, "password");
      return this;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
      return "Signup[email=" + email + ", name=" + name + "]";
    }
  }

  /**
   * {@code POST /api/v1/auth/signin}.
   *
   * @param email    required
   * @param password required
   */
  public record Signin(@Nullable String email, @Nullable String password) {
    /** @throws ValidationException naming the first missing field */
    public Signin requireFields() {
      require(email, "email");
      require(password, "password");
      return this;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
      return "Signin[email=" + email + "]";
    }
  }

  /**
   * {@code POST /api/v1/auth/refresh}.
   *
   * @param refreshToken required ({@code refresh_token})
   */
  public record Refresh(@Nullable String refreshToken) {
    /** @throws ValidationException when {@code refresh_token} is missing */
    public Refresh requireFields() {
      require(refreshToken, "refresh_token");
      return this;
    }

    /** Never prints the token. */
    @Override
    public String toString() {
      return "Refresh[refreshToken=(hidden)]";
    }
  }

  /**
   * {@code POST /api/v1/organizations}.
   *
   * @param name required
   * @param slug required: lower-case letters, digits and hyphens
   */
  public record CreateOrganization(@Nullable String name, @Nullable String slug) {
    /** @throws ValidationException naming the first missing field */
    public CreateOrganization requireFields() {
      require(name, "name");
      require(slug, "slug");
      return this;
    }
  }

  /**
   * {@code POST /api/v1/organizations/{id}/members}.
   *
   * @param userId required ({@code user_id})
   * @param role   required: {@code owner}, {@code admin}, {@code member}, {@code viewer} or a custom
   *               role of the organization
   */
  public record AddMember(@Nullable String userId, @Nullable String role) {
    /** @throws ValidationException naming the first missing field */
    public AddMember requireFields() {
      require(userId, "user_id");
      require(role, "role");
      return this;
    }
  }

  /**
   * {@code PATCH /api/v1/organizations/{id}/members/{user_id}}.
   *
   * @param role required
   */
  public record ChangeRole(@Nullable String role) {
    /** @throws ValidationException when {@code role} is missing */
    public ChangeRole requireFields() {
      require(role, "role");
      return this;
    }
  }

  private static void require(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw new ValidationException(field, field + " is required");
    }
  }

  /**
   * {@code POST /api/v1/auth/mfa/complete} ({@code challenge} and one proof) and the one proof of a
   * step-up. {@code credential} is the browser's {@code PublicKeyCredential.toJSON()}, as an object
   * or as its JSON text; it reaches the engine as it is (camelCase), not through this codec's
   * names. {@code remember_device} asks to skip the second factor on this device for {@code
   * MFA_REMEMBER_DAYS}.
   */
  public record CompleteMfa(@Nullable String challenge, @Nullable String code,
      @Nullable String recoveryCode, @Nullable JsonNode credential,
      @Nullable Boolean rememberDevice) {
    /** @throws ValidationException naming {@code challenge} when it is missing */
    public CompleteMfa requireFields() {
      require(challenge, "challenge");
      return this;
    }

    /**
     * The one proof given.
     *
     * @throws ValidationException naming {@code code} when none or more than one of {@code code},
     *     {@code recovery_code} and {@code credential} is given
     */
    public MfaProof proof() {
      boolean passkey = credential != null && !credential.isNull();
      int given = (code != null ? 1 : 0) + (recoveryCode != null ? 1 : 0) + (passkey ? 1 : 0);
      if (given != 1) {
        throw new ValidationException("code",
            "Give exactly one of code, recovery_code and credential");
      }
      if (code != null) {
        return MfaProof.totp(code);
      }
      if (recoveryCode != null) {
        return MfaProof.recoveryCode(recoveryCode);
      }
      return MfaProof.passkey(credentialJson(credential));
    }

    /** Whether the client asked to be remembered. */
    public boolean remember() {
      return Boolean.TRUE.equals(rememberDevice);
    }

    /** Never prints the challenge or a proof. */
    @Override
    public String toString() {
      return "CompleteMfa[]";
    }
  }

  /**
   * The JSON text of a WebAuthn credential given as the object of {@code
   * PublicKeyCredential.toJSON()} or as the text of one, for the engine as it is.
   *
   * @throws ValidationException naming {@code credential} when it is missing
   */
  public static String credentialJson(@Nullable JsonNode credential) {
    if (credential == null || credential.isNull()) {
      throw new ValidationException("credential", "credential is required");
    }
    return credential.isTextual() ? credential.asText() : credential.toString();
  }
}
