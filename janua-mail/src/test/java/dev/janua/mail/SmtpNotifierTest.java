package dev.janua.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.JanuaConfig;
import dev.janua.JanuaConfigException;
import dev.janua.Notification;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SMTP notifier against a real SMTP server in this JVM (GreenMail). */
class SmtpNotifierTest {
  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{43})");
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "junit");

  private SmtpConfig config() {
    return SmtpConfig.builder("127.0.0.1", "Acme <no-reply@acme.example>")
        .port(MAIL.getSmtp().getPort()).startTls(false).build();
  }

  private static MimeMessage onlyMessage() {
    assertThat(MAIL.waitForIncomingEmail(10_000, 1)).as("a mail arrived").isTrue();
    MimeMessage[] all = MAIL.getReceivedMessages();
    assertThat(all).hasSize(1);
    return all[0];
  }

  /** The text/plain and text/html alternatives. */
  private static String[] bodies(MimeMessage m) throws Exception {
    MimeMultipart alt = (MimeMultipart) m.getContent();
    String text = null;
    String html = null;
    for (int i = 0; i < alt.getCount(); i++) {
      BodyPart p = alt.getBodyPart(i);
      if (p.isMimeType("text/plain")) {
        text = (String) p.getContent();
      } else if (p.isMimeType("text/html")) {
        html = (String) p.getContent();
      }
    }
    assertThat(m.isMimeType("multipart/alternative")).isTrue();
    return new String[] {text, html};
  }

  @Test
  void deliver_passwordReset_plainTextAndHtmlWithTheLink() throws Exception {
    SmtpNotifier notifier = new SmtpNotifier(config(), new MailTemplates("Acme"));
    String link = "https://acme.example/reset-password?token=abc";
    notifier.deliver(new Notification.PasswordReset("ada@example.com", "Ada <b>", link,
        Instant.parse("2026-06-01T10:30:00Z")));
    MimeMessage m = onlyMessage();
    assertThat(m.getSubject()).isEqualTo("Reset your Acme password");
    assertThat(m.getRecipients(Message.RecipientType.TO)[0].toString())
        .isEqualTo("ada@example.com");
    assertThat(m.getFrom()[0].toString()).contains("no-reply@acme.example");
    String[] b = bodies(m);
    assertThat(b[0]).contains(link).contains("Hello Ada <b>,").contains("2026-06-01 10:30 UTC");
    assertThat(b[1]).contains("href=\"" + link + "\"").contains("Ada &lt;b&gt;")
        .doesNotContain("Ada <b>");
  }

  @Test
  void engine_signupAndReset_mailsReachTheServerAndTheLinksWork() throws Exception {
    JanuaConfig config = JanuaConfig.builder().bcryptRounds(4).rateLimitEnabled(false)
        .publicBaseUrl("https://acme.example").build();
    try (AuthEngine engine = AuthEngine.builder().config(config)
        .notifier(new SmtpNotifier(config(), new MailTemplates("Acme"))).build()) {
      AuthResult a = engine.signup("grace@example.com", "correct horse battery", CLIENT);
      MimeMessage verify = onlyMessage();
      assertThat(verify.getSubject()).isEqualTo("Verify your email address");
      String text = bodies(verify)[0];
      assertThat(text).contains("https://acme.example/verify-email?token=");
      engine.users().verifyEmail(token(text), CLIENT);
      assertThat(engine.users().get(a.user().id()).emailVerified()).isTrue();
      MAIL.purgeEmailFromAllMailboxes();
      engine.users().requestPasswordReset("grace@example.com", CLIENT);
      String reset = bodies(onlyMessage())[0];
      assertThat(reset).contains("https://acme.example/reset-password?token=");
      MAIL.purgeEmailFromAllMailboxes();
      engine.users().resetPassword(token(reset), "a new long passphrase", CLIENT);
      assertThat(onlyMessage().getSubject()).isEqualTo("Your Acme password was reset");
      assertThat(engine.signin("grace@example.com", "a new long passphrase", CLIENT)).isNotNull();
    }
  }

  private static String token(String text) {
    Matcher m = TOKEN.matcher(text);
    assertThat(m.find()).as("a link with a token in: %s", text).isTrue();
    return m.group(1);
  }

  @Test
  void send_serverUnreachable_throwsIoException() {
    SmtpNotifier notifier = new SmtpNotifier(SmtpConfig.builder("127.0.0.1", "x@acme.example")
        .port(1).startTls(false).build(), new MailTemplates("Acme"));
    assertThatThrownBy(() -> notifier.send(new MailMessage("a@example.com", "s", "t", "h")))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void config_fromMap_readsEverySettingAndHidesThePassword() {
    SmtpConfig c = SmtpConfig.fromMap(Map.of("SMTP_HOST", "smtp.acme.example",
        "SMTP_PORT", "2525", "SMTP_USERNAME", "mailer", "SMTP_PASSWORD", "hunter2-secret",
        "SMTP_FROM", "no-reply@acme.example", "SMTP_STARTTLS", "false")).orElseThrow();
    assertThat(c.host()).isEqualTo("smtp.acme.example");
    assertThat(c.port()).isEqualTo(2525);
    assertThat(c.username()).isEqualTo("mailer");
    assertThat(c.password()).isEqualTo("hunter2-secret");
    assertThat(c.startTls()).isFalse();
    assertThat(c.toString()).doesNotContain("hunter2");
    assertThat(SmtpConfig.fromMap(Map.of())).isEmpty();
    SmtpConfig defaults = SmtpConfig.fromMap(Map.of("SMTP_HOST", "h", "SMTP_FROM", "a@b.example"))
        .orElseThrow();
    assertThat(defaults.port()).isEqualTo(587);
    assertThat(defaults.startTls()).isTrue();
    assertThat(defaults.username()).isNull();
    assertThatThrownBy(() -> SmtpConfig.fromMap(Map.of("SMTP_HOST", "h")))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("SMTP_FROM");
    assertThatThrownBy(() -> SmtpConfig.fromMap(Map.of("SMTP_HOST", "h", "SMTP_FROM", "a@b.c",
        "SMTP_PORT", "0"))).isInstanceOf(JanuaConfigException.class)
        .hasMessageContaining("SMTP_PORT");
  }

  @Test
  void templates_everyKind_hasSubjectAndBothBodies() {
    MailTemplates t = new MailTemplates("Acme");
    Instant at = Instant.parse("2026-06-01T10:00:00Z");
    for (Notification n : new Notification[] {
        new Notification.EmailVerification("a@x.example", null, "https://l/verify-email?token=t", at, true),
        new Notification.Invitation("a@x.example", "o1", "Acme & Co", "Bob", "admin",
            "https://l/accept-invitation?token=t", at),
        new Notification.EmailChangeNotice("a@x.example", "b@x.example", at),
        new Notification.SecurityNotice("a@x.example", Notification.SecurityEvent.ACCOUNT_DELETED, at)}) {
      MailMessage m = t.render(n);
      assertThat(m.to()).isEqualTo("a@x.example");
      assertThat(m.subject()).isNotBlank();
      assertThat(m.text()).isNotBlank();
      assertThat(m.html()).startsWith("<!DOCTYPE html>").doesNotContain("Acme & Co");
      assertThat(m.toString()).doesNotContain("token");
    }
  }
}
