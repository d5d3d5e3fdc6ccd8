package dev.janua.examples;

import dev.janua.Notification;
import dev.janua.mail.MailMessage;
import dev.janua.mail.MailTemplates;
import dev.janua.spi.Notifier;
import java.io.PrintStream;

/**
 * The example's notifier when no {@code SMTP_HOST} is set: prints each message, link included, to
 * the console between banners that say it is a development outbox. Links are secrets: never run a
 * shared or production service like this.
 */
final class ConsoleOutbox implements Notifier {
  static final String BANNER = "===== DEVELOPMENT OUTBOX (no SMTP_HOST set; not for production) "
      + "=====";

  private final MailTemplates templates;
  private final PrintStream out;

  ConsoleOutbox(MailTemplates templates, PrintStream out) {
    this.templates = templates;
    this.out = out;
  }

  @Override
  public void deliver(Notification notification) {
    MailMessage m = templates.render(notification);
    String text = BANNER + System.lineSeparator() + "To: " + m.to() + System.lineSeparator()
        + "Subject: " + m.subject() + System.lineSeparator() + System.lineSeparator() + m.text()
        + "===== END OF MESSAGE =====" + System.lineSeparator();
    synchronized (out) {
      out.print(text);
      out.flush();
    }
  }

  @Override
  public String toString() {
    return "ConsoleOutbox";
  }
}
