package dev.janua.mail;

import dev.janua.JanuaConfigException;
import dev.janua.internal.EnvReader;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where and how {@link SmtpNotifier} sends mail: immutable, made by {@link #builder(String,
 * String)} or read from environment variables by {@link #fromMap(Map)}. {@link #toString()} never
 * prints the password.
 */
public final class SmtpConfig {
  private final String host;
  private final int port;
  private final @Nullable String username;
  private final @Nullable String password;
  private final String from;
  private final boolean startTls;
  private final Duration timeout;

  private SmtpConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.username = b.username;
    this.password = b.password;
    this.from = b.from;
    this.startTls = b.startTls;
    this.timeout = b.timeout;
  }

  /**
   * A builder for a server and a sender.
   *
   * @param host the SMTP server ({@code SMTP_HOST})
   * @param from the sender address, optionally with a name: {@code Acme <no-reply@acme.example>}
   *             ({@code SMTP_FROM})
   */
  public static Builder builder(String host, String from) {
    return new Builder(host, from);
  }

  /**
   * The configuration from environment-style variables, or empty when {@code SMTP_HOST} is not
   * set (no SMTP: the host decides what to do instead, such as a development outbox).
   *
   * <ul>
   *   <li>{@code SMTP_HOST}: the server; unset or blank: no SMTP
   *   <li>{@code SMTP_PORT}: default 587
   *   <li>{@code SMTP_USERNAME}, {@code SMTP_PASSWORD}: authenticate when the username is set
   *   <li>{@code SMTP_FROM}: the sender, required with {@code SMTP_HOST}
   *   <li>{@code SMTP_STARTTLS}: require STARTTLS, default true
   * </ul>
   *
   * @throws JanuaConfigException naming the first malformed variable
   */
  public static Optional<SmtpConfig> fromMap(Map<String, String> env) {
    EnvReader r = EnvReader.of(env);
    String host = r.text("SMTP_HOST", null);
    if (host == null) {
      return Optional.empty();
    }
    String from = r.text("SMTP_FROM", null);
    if (from == null) {
      throw new JanuaConfigException("SMTP_FROM", "SMTP_FROM is required when SMTP_HOST is set");
    }
    Builder b = builder(host, from)
        .port(r.integer("SMTP_PORT", 587, 1, 65535))
        .startTls(r.bool("SMTP_STARTTLS", true));
    String user = r.text("SMTP_USERNAME", null);
    if (user != null) {
      b.credentials(user, Objects.requireNonNullElse(r.text("SMTP_PASSWORD", null), ""));
    }
    return Optional.of(b.build());
  }

  /** The configuration from the process environment; see {@link #fromMap(Map)}. */
  public static Optional<SmtpConfig> fromEnv() {
    return fromMap(System.getenv());
  }

  /** The SMTP server. */
  public String host() {
    return host;
  }

  /** The SMTP port. */
  public int port() {
    return port;
  }

  /** The user to authenticate as, or {@code null} for none. */
  public @Nullable String username() {
    return username;
  }

  /** The password (secret), or {@code null}. */
  public @Nullable String password() {
    return password;
  }

  /** The sender. */
  public String from() {
    return from;
  }

  /** Whether STARTTLS is required before anything is sent. */
  public boolean startTls() {
    return startTls;
  }

  /** The connect, read and write timeout. */
  public Duration timeout() {
    return timeout;
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "SmtpConfig[host=" + host + ", port=" + port + ", username=" + username
        + ", password=" + (password == null ? "none" : "(set)") + ", from=" + from
        + ", startTls=" + startTls + ", timeout=" + timeout + "]";
  }

  /** Builds a {@link SmtpConfig}; each setter checks its value at once. */
  public static final class Builder {
    private final String host;
    private final String from;
    private int port = 587;
    private @Nullable String username;
    private @Nullable String password;
    private boolean startTls = true;
    private Duration timeout = Duration.ofSeconds(10);

    private Builder(String host, String from) {
      this.host = requireText(host, "host (SMTP_HOST)");
      this.from = requireText(from, "from (SMTP_FROM)");
    }

    private static String requireText(String v, String name) {
      Objects.requireNonNull(v, name);
      if (v.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return v.strip();
    }

    /** The port, 1 to 65535 (default 587). */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port (SMTP_PORT) must be 1 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** Authenticate with these credentials (default none). */
    public Builder credentials(String username, String password) {
      this.username = requireText(username, "username (SMTP_USERNAME)");
      this.password = Objects.requireNonNull(password, "password (SMTP_PASSWORD)");
      return this;
    }

    /** Whether to require STARTTLS (default true; a local test server may need false). */
    public Builder startTls(boolean startTls) {
      this.startTls = startTls;
      return this;
    }

    /** Connect, read and write timeout, 1 second to 5 minutes (default 10 seconds). */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0
          || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("timeout must be 1 second to 5 minutes, got "
            + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** The configuration. */
    public SmtpConfig build() {
      return new SmtpConfig(this);
    }
  }
}
