package dev.janua;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A signed-in session: one per signin, the family of every refresh token rotated from it.
 *
 * @param id         stable identifier (a UUID string), the {@code sid} claim of its access tokens
 * @param userId     the user it belongs to
 * @param ipAddress  client IP address at signin, may be {@code null}
 * @param userAgent  client user agent at signin, may be {@code null}
 * @param createdAt  when the session was created
 * @param lastUsedAt when a refresh token of this session was last rotated (or {@code createdAt})
 * @param expiresAt  the absolute cap: no refresh extends the session past this instant
 * @param revokedAt  when the session was revoked, or {@code null} while it has not been
 * @param amr        how the user last authenticated in this session (RFC 8176 values, e.g. {@code
 *                   ["pwd", "otp", "mfa"]}): set at sign-in, replaced by a step-up; empty for a
 *                   session stored before Janua recorded it. Its access tokens carry it as {@code
 *                   amr}
 * @param authTime   when the user last authenticated in this session: the sign-in, or the last
 *                   step-up; its access tokens carry it as {@code auth_time}. {@code createdAt} for
 *                   a session stored before Janua recorded it
 */
public record Session(
    String id,
    String userId,
    @Nullable String ipAddress,
    @Nullable String userAgent,
    Instant createdAt,
    Instant lastUsedAt,
    Instant expiresAt,
    @Nullable Instant revokedAt,
    List<String> amr,
    Instant authTime) {

  /** Checks that no required component is null; copies {@code amr}. */
  public Session {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    amr = List.copyOf(amr);
    Objects.requireNonNull(authTime, "authTime");
  }

  /**
   * A session without a recorded authentication: {@code amr} empty, {@code authTime} the creation
   * time (how sessions stored before Janua recorded them read).
   */
  public Session(String id, String userId, @Nullable String ipAddress, @Nullable String userAgent,
      Instant createdAt, Instant lastUsedAt, Instant expiresAt, @Nullable Instant revokedAt) {
    this(id, userId, ipAddress, userAgent, createdAt, lastUsedAt, expiresAt, revokedAt, List.of(),
        createdAt);
  }

  /** Whether the session is neither revoked nor past its absolute cap at {@code now}. */
  public boolean isLive(Instant now) {
    return revokedAt == null && now.isBefore(expiresAt);
  }

  /** This session, revoked at {@code when} (unchanged if it already was). */
  public Session revoked(Instant when) {
    return revokedAt != null ? this
        : new Session(id, userId, ipAddress, userAgent, createdAt, lastUsedAt, expiresAt, when,
            amr, authTime);
  }

  /** This session with {@code lastUsedAt} moved to {@code when}. */
  public Session usedAt(Instant when) {
    return new Session(id, userId, ipAddress, userAgent, createdAt, when, expiresAt, revokedAt,
        amr, authTime);
  }

  /** This session with {@code amr} and {@code authTime} replaced (a step-up). */
  public Session authenticated(List<String> amr, Instant authTime) {
    return new Session(id, userId, ipAddress, userAgent, createdAt, lastUsedAt, expiresAt,
        revokedAt, amr, authTime);
  }
}
