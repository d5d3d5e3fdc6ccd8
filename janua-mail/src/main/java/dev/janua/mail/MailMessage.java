package dev.janua.mail;

import java.util.Objects;

/**
 * A rendered notification: what {@link MailTemplates} makes of a {@code Notification}. The bodies
 * may hold the link (a secret); {@link #toString()} shows the subject only.
 *
 * @param to      the recipient address
 * @param subject the subject line
 * @param text    the plain-text body
 * @param html    the HTML body
 */
public record MailMessage(String to, String subject, String text, String html) {
  /** Checks that nothing is null. */
  public MailMessage {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(html, "html");
  }

  /** The recipient and subject only: the bodies may hold a secret link. */
  @Override
  public String toString() {
    return "MailMessage[to=" + to + ", subject=" + subject + "]";
  }
}
