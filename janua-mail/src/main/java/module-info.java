/**
 * Janua's SMTP notifier: delivers the engine's notifications (password reset and verification
 * links, invitations, security notices) as plain-text and HTML mail through Eclipse Angus Mail.
 */
module dev.janua.mail {
  requires transitive dev.janua.core;
  // Angus Mail is the SMTP provider behind the jakarta.mail API.
  requires org.eclipse.angus.mail;
  requires jakarta.mail;
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports dev.janua.mail;
}
