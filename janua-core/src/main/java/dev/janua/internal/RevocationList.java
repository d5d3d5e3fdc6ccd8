package dev.janua.internal;

import dev.janua.InvalidTokenException;
import dev.janua.IssuerUnavailableException;
import dev.janua.spi.RevocationListener;
import dev.janua.TokenFailureReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revocations a {@code JanuaVerifier} has learned from its {@code RevocationSource}: ended
 * sessions by id, users whose sessions all ended before an instant, and one global cutoff (every
 * token issued at or before it is refused). Entries are kept for the retention after their instant
 * (tokens issued before a revocation expire within their lifetime, which the retention must
 * cover); at most {@code maxEntries} are held. When a new revocation finds the set full after the
 * expired entries are dropped, the verifier fails closed and stays bounded: the global cutoff moves
 * to the latest instant known, the entries it covers are dropped, and every token issued until
 * then is refused.
 *
 * <p>While the source is disconnected for longer than the grace, every check throws {@link
 * IssuerUnavailableException}; within the grace tokens are checked against what is known.
 * Thread-safe: checks read concurrent maps; changes are serialized.
 */
public final class RevocationList implements RevocationListener {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationList.class);

  private final Clock clock;
  private final Duration retention;
  private final int maxEntries;
  private final Duration grace;
  private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
  private final Map<String, Instant> users = new ConcurrentHashMap<>();
  private final AtomicBoolean warnedLifetime = new AtomicBoolean();
  private volatile @Nullable Instant cutoff;
  private volatile @Nullable Instant disconnectedSince;

  /**
   * @param clock      the verifier's clock
   * @param retention  how long an entry is kept after its instant: at least the longest access
   *                   token lifetime plus the clock skew
   * @param maxEntries the most sessions and users held together
   * @param grace      how long a disconnected source still lets tokens through
   */
  public RevocationList(Clock clock, Duration retention, int maxEntries, Duration grace) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.maxEntries = maxEntries;
    this.grace = Objects.requireNonNull(grace, "grace");
    this.disconnectedSince = clock.instant(); // not yet up to date
  }

  /**
   * Refuses a token whose session is known to have ended.
   *
   * @throws InvalidTokenException      {@code session_revoked}
   * @throws IssuerUnavailableException when the source has been disconnected past the grace
   */
  public void check(AccessClaims claims) {
    Instant now = clock.instant();
    Instant down = disconnectedSince;
    if (down != null && now.isAfter(down.plus(grace))) {
      throw new IssuerUnavailableException("the revocation events of the issuer are unavailable"
          + " since " + down + " (past the outage grace of " + grace + ")", null);
    }
    Instant iat = claims.issuedAt() == null ? Instant.EPOCH : claims.issuedAt();
    if (Duration.between(iat, claims.expiresAt()).compareTo(retention) > 0
        && warnedLifetime.compareAndSet(false, true)) {
      LOG.warn("An access token lives longer ({}) than the revocation retention ({}): raise "
          + "revocationRetention, or revocations may be forgotten before such tokens expire",
          Duration.between(iat, claims.expiresAt()), retention);
    }
    Instant global = cutoff;
    if (global != null && !iat.isAfter(global)) {
      throw new InvalidTokenException(TokenFailureReason.SESSION_REVOKED);
    }
    if (sessions.containsKey(claims.sessionId())) {
      throw new InvalidTokenException(TokenFailureReason.SESSION_REVOKED);
    }
    Instant userCut = users.get(claims.userId());
    if (userCut != null && !iat.isAfter(userCut)) {
      throw new InvalidTokenException(TokenFailureReason.SESSION_REVOKED);
    }
  }

  @Override
  public synchronized void sessionRevoked(String sessionId, Instant at) {
    add(sessions, sessionId, at);
  }

  @Override
  public synchronized void userRevoked(String userId, Instant at) {
    add(users, userId, at);
  }

  @Override
  public void connected() {
    disconnectedSince = null;
  }

  @Override
  public synchronized void disconnected() {
    if (disconnectedSince == null) {
      disconnectedSince = clock.instant();
    }
  }

  @Override
  public synchronized void eventsLost() {
    Instant now = clock.instant();
    LOG.warn("Revocation events may have been lost: refusing every access token issued before {}",
        now);
    raiseCutoff(now);
  }

  /** How many sessions and users are held. */
  public int size() {
    return sessions.size() + users.size();
  }

  /** The global cutoff, or {@code null} while there is none. */
  public @Nullable Instant cutoff() {
    return cutoff;
  }

  private void add(Map<String, Instant> map, String id, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    Instant now = clock.instant();
    if (!at.plus(retention).isAfter(now)) {
      return; // every token issued before it has expired
    }
    Instant global = cutoff;
    if (global != null && !at.isAfter(global)) {
      return; // covered by the cutoff already
    }
    Instant known = map.get(id);
    if (known != null) {
      if (at.isAfter(known)) {
        map.put(id, at);
      }
      return;
    }
    if (size() >= maxEntries) {
      dropExpired(now);
    }
    if (size() >= maxEntries) {
      Instant latest = at;
      for (Instant i : sessions.values()) {
        latest = i.isAfter(latest) ? i : latest;
      }
      for (Instant i : users.values()) {
        latest = i.isAfter(latest) ? i : latest;
      }
      latest = now.isAfter(latest) ? now : latest;
      LOG.warn("The revocation set is full ({} entries): refusing every access token issued "
          + "before {}", maxEntries, latest);
      raiseCutoff(latest);
      return;
    }
    map.put(id, at);
  }

  private void raiseCutoff(Instant to) {
    Instant global = cutoff;
    if (global == null || to.isAfter(global)) {
      cutoff = to;
    }
    Instant c = Objects.requireNonNull(cutoff);
    // Sessions revoked up to the cutoff have no token issued after it; users' cutoffs are covered.
    sessions.values().removeIf(i -> !i.isAfter(c));
    users.values().removeIf(i -> !i.isAfter(c));
  }

  private void dropExpired(Instant now) {
    Instant limit = now.minus(retention);
    sessions.values().removeIf(i -> !i.isAfter(limit));
    users.values().removeIf(i -> !i.isAfter(limit));
  }
}
