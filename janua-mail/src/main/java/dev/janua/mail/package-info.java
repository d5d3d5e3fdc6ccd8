/**
 * The SMTP notifier: {@link dev.janua.mail.SmtpNotifier}, configured by {@link
 * dev.janua.mail.SmtpConfig} ({@code SMTP_HOST}, {@code SMTP_PORT}, {@code SMTP_USERNAME}, {@code
 * SMTP_PASSWORD}, {@code SMTP_FROM}, {@code SMTP_STARTTLS}).
 */
@NullMarked
package dev.janua.mail;

import org.jspecify.annotations.NullMarked;
