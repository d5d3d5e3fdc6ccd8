package dev.janua.http;

import dev.janua.AuthResult;
import dev.janua.Membership;
import dev.janua.Organization;
import dev.janua.Session;
import dev.janua.User;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON response bodies, as records written in snake_case; times are ISO-8601 UTC strings. Each
 * has a static {@code of(...)} from the engine's domain record, so no engine type leaks into the
 * wire format by accident (a password hash, for one, has no field to land in).
 */
public final class Responses {
  private Responses() {}

  /**
   * A user.
   *
   * @param id        the user id
   * @param email     the normalized email
   * @param name      the display name, or null
   * @param enabled   whether the account can sign in
   * @param createdAt when it was created
   * @param emailVerified   whether the email is verified
   * @param emailVerifiedAt when it was verified, or null
   */
  public record UserBody(String id, String email, @Nullable String name, boolean enabled,
      String createdAt, boolean emailVerified, @Nullable String emailVerifiedAt) {
    /** The body of a user. */
    public static UserBody of(User u) {
      return new UserBody(u.id(), u.email(), u.name(), u.enabled(), iso(u.createdAt()),
          u.emailVerified(), u.emailVerifiedAt() == null ? null : iso(u.emailVerifiedAt()));
    }
  }

  /**
   * Signup, signin and refresh: {@code {user, access_token, refresh_token, token_type, expires_in}}
   * and, after a signin, {@code device_token} (absent otherwise).
   *
   * @param user         the user
   * @param accessToken  the RS256 access token (JWT)
   * @param refreshToken the opaque refresh token; spend it once at {@code /api/v1/auth/refresh}
   * @param tokenType    always {@code Bearer}
   * @param expiresIn    seconds until the access token expires
   * @param deviceToken  after a signin, the device token to present at later signins (see {@link
   *                     DeviceTokens}); {@code null}, and left out of the JSON, otherwise
   */
  public record AuthBody(UserBody user, String accessToken, String refreshToken, String tokenType,
      long expiresIn,
      @com.fasterxml.jackson.annotation.JsonInclude(
          com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      @Nullable String deviceToken) {
    /** A body without a device token. */
    public AuthBody(UserBody user, String accessToken, String refreshToken, String tokenType,
        long expiresIn) {
      this(user, accessToken, refreshToken, tokenType, expiresIn, null);
    }

    /** The body of an authentication result. */
    public static AuthBody of(AuthResult r) {
      return new AuthBody(UserBody.of(r.user()), r.tokens().accessToken(),
          r.tokens().refreshToken(), r.tokens().tokenType(), r.tokens().expiresIn(),
          r.deviceToken());
    }

    /** Never prints the tokens. */
    @Override
    public String toString() {
      return "AuthBody[user=" + user.id() + ", tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
    }
  }

  /**
   * A session of the caller.
   *
   * @param id         the session id
   * @param ipAddress  the client address it was opened from
   * @param userAgent  the client's user agent
   * @param createdAt  when it was opened
   * @param lastUsedAt when its refresh token was last spent
   * @param expiresAt  its absolute end
   * @param current    whether it is the session of the access token of this request
   */
  public record SessionBody(String id, @Nullable String ipAddress, @Nullable String userAgent,
      String createdAt, String lastUsedAt, String expiresAt, boolean current) {
    /** The body of a session, marking the caller's own. */
    public static SessionBody of(Session s, String currentSessionId) {
      return new SessionBody(s.id(), s.ipAddress(), s.userAgent(), iso(s.createdAt()),
          iso(s.lastUsedAt()), iso(s.expiresAt()), s.id().equals(currentSessionId));
    }
  }

  /**
   * A list wrapper, so that a list response can grow fields later without breaking clients.
   *
   * @param data the items
   * @param <T>  the item type
   */
  public record ListBody<T>(List<T> data) {
    /** @throws NullPointerException if {@code data} is null */
    public ListBody {
      data = List.copyOf(data);
    }
  }

  /**
   * An organization.
   *
   * @param id        the organization id
   * @param name      its name
   * @param slug      its unique slug
   * @param ownerId   the user who created it
   * @param createdAt when it was created
   */
  public record OrganizationBody(String id, String name, String slug, String ownerId,
      String createdAt) {
    /** The body of an organization. */
    public static OrganizationBody of(Organization o) {
      return new OrganizationBody(o.id(), o.name(), o.slug(), o.ownerId(), iso(o.createdAt()));
    }
  }

  /**
   * A membership.
   *
   * @param organizationId the organization
   * @param userId         the member
   * @param role           the role name
   * @param status         {@code active}, or another membership status in lower case
   * @param joinedAt       when the user joined
   */
  public record MemberBody(String organizationId, String userId, String role, String status,
      String joinedAt) {
    /** The body of a membership. */
    public static MemberBody of(Membership m) {
      return new MemberBody(m.organizationId(), m.userId(), m.role(),
          m.status().name().toLowerCase(java.util.Locale.ROOT), iso(m.joinedAt()));
    }
  }

  private static String iso(Instant t) {
    return t.toString();
  }

  /**
   * The answer to a right password of an account with a second factor ({@link
   * dev.janua.MfaRequiredException}), sent with 200: {@code {mfa_required: true, challenge, methods,
   * expires_at}} and, when a passkey can answer, {@code passkey_options}: the WebAuthn Level 3
   * request options JSON as the engine made it (camelCase, written raw). No token.
   */
  public record MfaRequiredBody(boolean mfaRequired, String challenge, List<String> methods,
      long expiresAt,
      @com.fasterxml.jackson.annotation.JsonInclude(
          com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      @com.fasterxml.jackson.annotation.JsonRawValue
      @Nullable String passkeyOptions) {
    /** The body of a sign-in that needs its second factor. */
    public static MfaRequiredBody of(dev.janua.MfaRequiredException e) {
      return new MfaRequiredBody(true, e.challenge(), e.methods(), e.expiresAt().getEpochSecond(),
          e.passkeyOptions());
    }

    /** Never prints the challenge. */
    @Override
    public String toString() {
      return "MfaRequiredBody[methods=" + methods + "]";
    }
  }
}
