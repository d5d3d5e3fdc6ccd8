package dev.janua;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message the engine asks a {@link dev.janua.spi.Notifier} to deliver to a person: a password
 * reset link, an email verification link, a notice of an email change, an invitation into an
 * organization, or a security notice. The engine builds the links from {@link
 * JanuaConfig#publicBaseUrl()}: {@code /reset-password?token=...}, {@code /verify-email?token=...}
 * and {@code /accept-invitation?token=...}.
 *
 * <p>A link carries a one-time secret: only the notifier's delivery may show it to the recipient.
 * No {@code toString()} of a notification prints a link or a token, so a notification can be
 * logged as it is.
 *
 * <p>The set of kinds is closed (a sealed type); a notifier renders each kind with an {@code
 * instanceof} chain and may treat kinds added in a later version by their {@link #kind()} code.
 */
public sealed interface Notification permits Notification.PasswordReset,
    Notification.EmailVerification, Notification.EmailChangeNotice, Notification.Invitation,
    Notification.SecurityNotice {

  /** The normalized email address the message goes to. */
  String recipient();

  /**
   * The stable lower-case code of the kind: {@code password_reset}, {@code email_verification},
   * {@code email_change_notice}, {@code invitation}, {@code security_notice}; used in metric tags.
   */
  String kind();

  /**
   * A password reset link, sent to an enabled account that asked for it.
   *
   * @param recipient the account's email
   * @param name      the account's display name, if any
   * @param link      {@code {PUBLIC_BASE_URL}/reset-password?token=...} (secret)
   * @param expiresAt when the link stops working
   */
  record PasswordReset(String recipient, @Nullable String name, String link, Instant expiresAt)
      implements Notification {
    /** Checks that no component but the name is null. */
    public PasswordReset {
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(link, "link");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String kind() {
      return "password_reset";
    }

    /** Never prints the link. */
    @Override
    public String toString() {
      return "PasswordReset[recipient=" + recipient + ", expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * An email verification link: after signup, on request, or to the new address of an email
   * change (then {@code emailChange} is true, and following the link switches the account's email).
   *
   * @param recipient   the address to verify
   * @param name        the account's display name, if any
   * @param link        {@code {PUBLIC_BASE_URL}/verify-email?token=...} (secret)
   * @param expiresAt   when the link stops working
   * @param emailChange whether this verifies the new address of an email change
   */
  record EmailVerification(String recipient, @Nullable String name, String link,
      Instant expiresAt, boolean emailChange) implements Notification {
    /** Checks that no component but the name is null. */
    public EmailVerification {
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(link, "link");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String kind() {
      return "email_verification";
    }

    /** Never prints the link. */
    @Override
    public String toString() {
      return "EmailVerification[recipient=" + recipient + ", expiresAt=" + expiresAt
          + ", emailChange=" + emailChange + "]";
    }
  }

  /**
   * Tells the current address that a change of the account's email to {@code newEmail} was
   * requested (the switch happens only once the new address is verified). Carries no secret.
   *
   * @param recipient   the account's current email
   * @param newEmail    the address asked for
   * @param requestedAt when it was asked
   */
  record EmailChangeNotice(String recipient, String newEmail, Instant requestedAt)
      implements Notification {
    /** Checks that no component is null. */
    public EmailChangeNotice {
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(newEmail, "newEmail");
      Objects.requireNonNull(requestedAt, "requestedAt");
    }

    @Override
    public String kind() {
      return "email_change_notice";
    }
  }

  /**
   * An invitation into an organization.
   *
   * @param recipient        the invited address
   * @param organizationId   the organization's id
   * @param organizationName the organization's name
   * @param inviter          who invites: a display name, else an email
   * @param role             the role the invited person gets on accepting
   * @param link             {@code {PUBLIC_BASE_URL}/accept-invitation?token=...} (secret)
   * @param expiresAt        when the invitation stops working
   */
  record Invitation(String recipient, String organizationId, String organizationName,
      String inviter, String role, String link, Instant expiresAt) implements Notification {
    /** Checks that no component is null. */
    public Invitation {
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(organizationId, "organizationId");
      Objects.requireNonNull(organizationName, "organizationName");
      Objects.requireNonNull(inviter, "inviter");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(link, "link");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String kind() {
      return "invitation";
    }

    /** Never prints the link. */
    @Override
    public String toString() {
      return "Invitation[recipient=" + recipient + ", organizationId=" + organizationId
          + ", role=" + role + ", expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * Tells the account's owner that something security-relevant happened to it. Carries no secret.
   *
   * @param recipient the address told
   * @param event     what happened
   * @param at        when
   */
  record SecurityNotice(String recipient, SecurityEvent event, Instant at)
      implements Notification {
    /** Checks that no component is null. */
    public SecurityNotice {
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(at, "at");
    }

    @Override
    public String kind() {
      return "security_notice";
    }
  }

  /** What a {@link SecurityNotice} reports. */
  enum SecurityEvent {
    /** The password was changed by its owner (every session was signed out). */
    PASSWORD_CHANGED,
    /** The password was reset through a reset link (every session was signed out). */
    PASSWORD_RESET,
    /** The account's email was changed; sent to the old address. */
    EMAIL_CHANGED,
    /** The account was deleted. */
    ACCOUNT_DELETED,
    /** An authenticator app (TOTP) was enabled as a second factor. */
    TOTP_ENABLED,
    /** The authenticator app (TOTP) second factor was turned off. */
    TOTP_DISABLED,
    /** A recovery code was used (it no longer works). */
    RECOVERY_CODE_USED,
    /** New recovery codes were made; the old ones no longer work. */
    RECOVERY_CODES_REGENERATED,
    /** A passkey was added to the account. */
    PASSKEY_REGISTERED,
    /** A passkey was removed from the account. */
    PASSKEY_DELETED;

    /** The stable lower-case code, e.g. {@code password_changed}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
