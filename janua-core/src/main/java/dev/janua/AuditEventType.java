package dev.janua;

import java.util.Locale;

/** What an {@link AuditEvent} records. */
public enum AuditEventType {
  SIGNUP,
  SIGNIN_SUCCEEDED,
  SIGNIN_FAILED,
  TOKEN_REFRESHED,
  REFRESH_TOKEN_REUSE_DETECTED,
  SIGNOUT,
  SESSION_REVOKED,
  PASSWORD_CHANGED,
  USER_DISABLED,
  USER_ENABLED,
  ORGANIZATION_CREATED,
  MEMBER_ADDED,
  MEMBER_REMOVED,
  ROLE_CHANGED,
  ROLE_CREATED,
  EMAIL_VERIFIED,
  EMAIL_VERIFICATION_SENT,
  PASSWORD_RESET_REQUESTED,
  PASSWORD_RESET,
  EMAIL_CHANGE_REQUESTED,
  EMAIL_CHANGED,
  USER_UPDATED,
  USER_DELETED,
  ROLE_UPDATED,
  ROLE_DELETED,
  ORGANIZATION_UPDATED,
  ORGANIZATION_DELETED,
  ORGANIZATION_SWITCHED,
  API_TOKEN_CREATED,
  API_TOKEN_REVOKED,
  INVITATION_SENT,
  INVITATION_ACCEPTED,
  INVITATION_REVOKED,
  TOTP_ENROLLMENT_STARTED,
  TOTP_ENABLED,
  TOTP_DISABLED,
  TOTP_VERIFY_FAILED,
  RECOVERY_CODE_USED,
  RECOVERY_CODES_REGENERATED;

  /** The stable lower-case code stored with the event, e.g. {@code "signin_failed"}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type whose {@link #code()} this is. */
  public static AuditEventType fromCode(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
