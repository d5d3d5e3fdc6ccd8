package dev.janua.mail;

import dev.janua.Notification;
import dev.janua.spi.Notifier;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;

/**
 * A {@link Notifier} that sends each notification as one SMTP mail with a plain-text and an HTML
 * alternative, through Eclipse Angus Mail:
 *
 * <pre>{@code
 * SmtpConfig smtp = SmtpConfig.fromEnv().orElseThrow();
 * AuthEngine engine = AuthEngine.builder()
 *     .notifier(new SmtpNotifier(smtp, new MailTemplates("Acme")))
 *     .build();
 * }</pre>
 *
 * <p>The engine calls it from its delivery thread and retries a delivery that throws; this class
 * neither retries nor logs. Every delivery opens one SMTP connection (with STARTTLS required when
 * {@link SmtpConfig#startTls()}), bounded by {@link SmtpConfig#timeout()}. Thread-safe.
 */
public final class SmtpNotifier implements Notifier {
  private final SmtpConfig config;
  private final MailTemplates templates;
  private final Session session;
  private final InternetAddress from;

  /**
   * @throws IllegalArgumentException when {@link SmtpConfig#from()} is not an address
   */
  public SmtpNotifier(SmtpConfig config, MailTemplates templates) {
    this.config = Objects.requireNonNull(config, "config");
    this.templates = Objects.requireNonNull(templates, "templates");
    try {
      this.from = new InternetAddress(config.from(), true);
    } catch (MessagingException e) {
      throw new IllegalArgumentException("from (SMTP_FROM) is not an email address", e);
    }
    Properties p = new Properties();
    String ms = Long.toString(config.timeout().toMillis());
    p.setProperty("mail.transport.protocol", "smtp");
    p.setProperty("mail.smtp.host", config.host());
    p.setProperty("mail.smtp.port", Integer.toString(config.port()));
    p.setProperty("mail.smtp.auth", Boolean.toString(config.username() != null));
    p.setProperty("mail.smtp.starttls.enable", Boolean.toString(config.startTls()));
    p.setProperty("mail.smtp.starttls.required", Boolean.toString(config.startTls()));
    p.setProperty("mail.smtp.connectiontimeout", ms);
    p.setProperty("mail.smtp.timeout", ms);
    p.setProperty("mail.smtp.writetimeout", ms);
    this.session = Session.getInstance(p);
  }

  /** Renders the notification with the templates and sends it. */
  @Override
  public void deliver(Notification notification) throws IOException {
    send(templates.render(notification));
  }

  /**
   * Sends one rendered message.
   *
   * @throws IOException when the server refused it or could not be reached (the message names the
   *     server's answer, never the body)
   */
  public void send(MailMessage message) throws IOException {
    try {
      transmit(message);
    } catch (MessagingException e) {
      throw new IOException("SMTP delivery failed: " + e.getMessage(), e);
    }
  }

  private void transmit(MailMessage message) throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(from);
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(message.to(), true));
    m.setSubject(message.subject(), StandardCharsets.UTF_8.name());
    m.setSentDate(new Date());
    MimeBodyPart text = new MimeBodyPart();
    text.setText(message.text(), StandardCharsets.UTF_8.name());
    MimeBodyPart html = new MimeBodyPart();
    html.setContent(message.html(), "text/html; charset=UTF-8");
    MimeMultipart alternative = new MimeMultipart("alternative");
    alternative.addBodyPart(text);
    alternative.addBodyPart(html);
    m.setContent(alternative);
    if (config.username() != null) {
      Transport.send(m, config.username(), config.password());
    } else {
      Transport.send(m);
    }
  }

  @Override
  public String toString() {
    return "SmtpNotifier[" + config + "]";
  }
}
