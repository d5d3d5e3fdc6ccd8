package dev.janua.mail;

import dev.janua.Notification;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Renders each kind of {@link Notification} as a subject, a plain-text body and an HTML body, in
 * English. Every value put into HTML is escaped. A host with its own wording renders the
 * notification itself and uses {@link SmtpNotifier#send(MailMessage)}.
 */
public final class MailTemplates {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final String productName;

  /**
   * @param productName how the messages name the service, e.g. {@code Acme}
   */
  public MailTemplates(String productName) {
    this.productName = Objects.requireNonNull(productName, "productName");
  }

  /** The message for a notification. */
  public MailMessage render(Notification n) {
    if (n instanceof Notification.PasswordReset r) {
      return link(r.recipient(), "Reset your " + productName + " password", greeting(r.name()),
          "Someone (hopefully you) asked to reset the password of your " + productName
              + " account. Follow this link to choose a new one:",
          r.link(), "Reset password", "The link works once, until " + WHEN.format(r.expiresAt())
              + ". If you did not ask for it, ignore this message: your password stays as it is.");
    } else if (n instanceof Notification.EmailVerification v) {
      String why = v.emailChange()
          ? "Confirm that this is the new email address of your " + productName + " account:"
          : "Confirm the email address of your " + productName + " account:";
      return link(v.recipient(), v.emailChange() ? "Confirm your new email address"
          : "Verify your email address", greeting(v.name()), why, v.link(),
          "Verify email", "The link works once, until " + WHEN.format(v.expiresAt())
              + ". If you did not ask for it, ignore this message.");
    } else if (n instanceof Notification.Invitation i) {
      return link(i.recipient(), i.inviter() + " invited you to " + i.organizationName(), "Hello,",
          i.inviter() + " invited you to join " + i.organizationName() + " on " + productName
              + " as " + i.role() + ". Sign in with this address and accept:",
          i.link(), "Accept invitation", "The invitation expires " + WHEN.format(i.expiresAt())
              + ".");
    } else if (n instanceof Notification.EmailChangeNotice c) {
      return notice(c.recipient(), "Your email address is about to change",
          "Someone signed in to your " + productName + " account asked to change its email "
              + "address to " + c.newEmail() + " (" + WHEN.format(c.requestedAt()) + "). The "
              + "change happens once the new address is confirmed. If this was not you, change "
              + "your password now.");
    } else if (n instanceof Notification.SecurityNotice s) {
      return notice(s.recipient(), securitySubject(s.event()), securityText(s.event(), s.at()));
    }
    return notice(n.recipient(), productName + " notification", "You have a new notification.");
  }

  private String securitySubject(Notification.SecurityEvent e) {
    return switch (e) {
      case PASSWORD_CHANGED -> "Your " + productName + " password was changed";
      case PASSWORD_RESET -> "Your " + productName + " password was reset";
      case EMAIL_CHANGED -> "The email address of your " + productName + " account was changed";
      case ACCOUNT_DELETED -> "Your " + productName + " account was deleted";
      case TOTP_ENABLED -> "Two-step sign-in was turned on for your " + productName + " account";
      case TOTP_DISABLED -> "Two-step sign-in was turned off for your " + productName
          + " account";
      case RECOVERY_CODE_USED -> "A recovery code of your " + productName + " account was used";
      case RECOVERY_CODES_REGENERATED -> "New recovery codes for your " + productName
          + " account";
      case PASSKEY_REGISTERED -> "A passkey was added to your " + productName + " account";
      case PASSKEY_DELETED -> "A passkey was removed from your " + productName + " account";
    };
  }

  private String securityText(Notification.SecurityEvent e, Instant at) {
    String when = " (" + WHEN.format(at) + ")";
    return switch (e) {
      case PASSWORD_CHANGED -> "The password of your account was changed" + when
          + " and every session was signed out. If this was not you, reset your password now.";
      case PASSWORD_RESET -> "The password of your account was reset through a reset link"
          + when + " and every session was signed out. If this was not you, reset it again and "
          + "contact support.";
      case EMAIL_CHANGED -> "Your account now uses another email address" + when
          + ". This address no longer signs in. If this was not you, contact support now.";
      case ACCOUNT_DELETED -> "Your account was deleted" + when
          + ". Your personal data has been erased.";
      case TOTP_ENABLED -> "An authenticator app was set up as a second sign-in step" + when
          + ". If this was not you, change your password and contact support now.";
      case TOTP_DISABLED -> "The authenticator app second sign-in step was turned off" + when
          + ". If this was not you, change your password and contact support now.";
      case RECOVERY_CODE_USED -> "One of your recovery codes was used" + when
          + "; it no longer works. If this was not you, change your password now.";
      case RECOVERY_CODES_REGENERATED -> "New recovery codes were made" + when
          + "; the old ones no longer work. If this was not you, contact support now.";
      case PASSKEY_REGISTERED -> "A passkey was added to your account" + when
          + "; it signs in without a password. If this was not you, remove it and change your "
          + "password now.";
      case PASSKEY_DELETED -> "A passkey was removed from your account" + when
          + "; it no longer signs in. If this was not you, contact support now.";
    };
  }

  private static String greeting(@Nullable String name) {
    return name == null || name.isBlank() ? "Hello," : "Hello " + name + ",";
  }

  private MailMessage link(String to, String subject, String greeting, String intro, String url,
      String button, String outro) {
    String text = greeting + "\n\n" + intro + "\n\n" + url + "\n\n" + outro + "\n\n-- "
        + productName + "\n";
    String html = "<!DOCTYPE html><html><body style=\"font-family:sans-serif\">"
        + "<p>" + esc(greeting) + "</p><p>" + esc(intro) + "</p>"
        + "<p><a href=\"" + esc(url) + "\">" + esc(button) + "</a></p>"
        + "<p style=\"font-size:small\">" + esc(url) + "</p>"
        + "<p>" + esc(outro) + "</p><p>&#8212; " + esc(productName) + "</p></body></html>";
    return new MailMessage(to, subject, text, html);
  }

  private MailMessage notice(String to, String subject, String body) {
    String text = "Hello,\n\n" + body + "\n\n-- " + productName + "\n";
    String html = "<!DOCTYPE html><html><body style=\"font-family:sans-serif\"><p>Hello,</p>"
        + "<p>" + esc(body) + "</p><p>&#8212; " + esc(productName) + "</p></body></html>";
    return new MailMessage(to, subject, text, html);
  }

  /** Escapes text for HTML content and attribute values. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
