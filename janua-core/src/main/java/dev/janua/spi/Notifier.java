package dev.janua.spi;

import dev.janua.Notification;

/**
 * Delivers the {@link Notification}s the engine produces: password reset links, verification
 * links, invitations, security notices. Set one with {@code AuthEngineBuilder.notifier(...)} or
 * from a plugin with {@link PluginContext#notifier(Notifier)}; an SMTP implementation ships in
 * {@code janua-mail}.
 *
 * <p>The engine never calls a notifier on the thread of the request that caused the message: it
 * queues the message and delivers it from a daemon thread it owns, retrying a failed delivery a
 * bounded number of times with backoff, so that neither the latency nor the failure of a delivery
 * shows in the response time or the outcome of the request. Outcomes are counted by {@link
 * MetricsRecorder#notification(String, String)}; a failure is logged with the kind and the
 * exception's class only.
 *
 * <p>Without a notifier the engine drops every message and logs a warning naming its kind (never
 * the recipient or the link); {@link #developmentOutbox()} logs messages, links included, for
 * local development.
 */
@FunctionalInterface
public interface Notifier {

  /**
   * Delivers one message. Called from the engine's delivery thread, one message at a time.
   *
   * @param notification what to deliver; its link (if any) is secret: show it to the recipient only
   * @throws Exception when delivery failed; the engine retries it (an exception message must not
   *     contain the link: the engine never logs it, but a notifier's own logging might)
   */
  void deliver(Notification notification) throws Exception;

  /**
   * A notifier for local development that writes every message, its link included, to the log at
   * WARN under the logger {@code dev.janua.outbox}, each line marked {@code DEVELOPMENT OUTBOX}.
   * Never use it in production: the links are secrets that let anyone holding them reset a
   * password or verify an address.
   */
  static Notifier developmentOutbox() {
    return DevelopmentOutbox.INSTANCE;
  }
}
