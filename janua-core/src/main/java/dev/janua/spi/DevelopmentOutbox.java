package dev.janua.spi;

import dev.janua.Notification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Notifier#developmentOutbox()}: logs messages with their links, for development only. */
final class DevelopmentOutbox implements Notifier {
  static final DevelopmentOutbox INSTANCE = new DevelopmentOutbox();
  private static final Logger LOG = LoggerFactory.getLogger("dev.janua.outbox");

  private DevelopmentOutbox() {}

  @Override
  public void deliver(Notification n) {
    LOG.warn("DEVELOPMENT OUTBOX (not for production) {} to {}: {}", n.kind(), n.recipient(),
        describe(n));
  }

  /** The message's content, the link included: this is what makes it development only. */
  static String describe(Notification n) {
    if (n instanceof Notification.PasswordReset r) {
      return "reset your password: " + r.link() + " (until " + r.expiresAt() + ")";
    } else if (n instanceof Notification.EmailVerification v) {
      return "verify this address: " + v.link() + " (until " + v.expiresAt() + ")";
    } else if (n instanceof Notification.Invitation i) {
      return i.inviter() + " invites you to " + i.organizationName() + " as " + i.role() + ": "
          + i.link() + " (until " + i.expiresAt() + ")";
    } else if (n instanceof Notification.EmailChangeNotice c) {
      return "a change of your email to " + c.newEmail() + " was requested";
    } else if (n instanceof Notification.SecurityNotice s) {
      return "security notice: " + s.event().code() + " at " + s.at();
    }
    return n.toString();
  }

  @Override
  public String toString() {
    return "Notifier.developmentOutbox()";
  }
}
