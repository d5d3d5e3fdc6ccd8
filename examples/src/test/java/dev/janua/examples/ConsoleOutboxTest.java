package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.Notification;
import dev.janua.mail.MailTemplates;
import dev.janua.mail.SmtpNotifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without SMTP_HOST the example prints mail to the console, marked as a development outbox. */
class ConsoleOutboxTest {
  @Test
  void deliver_printsTheMessageWithItsLinkBetweenDevelopmentBanners() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleOutbox outbox = new ConsoleOutbox(new MailTemplates("Janua example"),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    outbox.deliver(new Notification.EmailVerification("ada@example.com", "Ada",
        "http://localhost:4100/verify-email?token=abc", Instant.parse("2026-06-02T10:00:00Z"),
        false));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).startsWith(ConsoleOutbox.BANNER).contains("DEVELOPMENT OUTBOX")
        .contains("not for production").contains("To: ada@example.com")
        .contains("http://localhost:4100/verify-email?token=abc")
        .contains("===== END OF MESSAGE =====");
  }

  @Test
  void notifier_smtpWhenSmtpHostIsSet_elseTheConsole() {
    assertThat(Wiring.notifier(Map.of())).isInstanceOf(ConsoleOutbox.class);
    assertThat(Wiring.notifier(Map.of("SMTP_HOST", "127.0.0.1", "SMTP_FROM", "a@b.example")))
        .isInstanceOf(SmtpNotifier.class);
  }
}
