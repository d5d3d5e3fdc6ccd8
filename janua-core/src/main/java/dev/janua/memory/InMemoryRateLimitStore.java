package dev.janua.memory;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;
import dev.janua.internal.FailureLocks;
import dev.janua.internal.SlidingWindows;
import dev.janua.spi.FailureLockRule;
import dev.janua.spi.RateLimitStore;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rate-limit counters in this process: exact for one instance, not shared across instances (use
 * janua-redis for that), with the sliding-window counter every store applies.
 *
 * <p><b>Bounded memory, never a clear-all.</b> At most {@code maxClients} keys are held (at
 * least 16), in 16 segments, each a least-recently-used map under its own lock; when a segment is
 * full its least recently used key is evicted, one at a time. An evicted key is not simply
 * forgotten: its counts are merged, by maximum, into a fixed table of "ghost" counters (one slot per
 * held key, chosen by a hash with a per-process random seed, so clients cannot aim at a slot), and
 * a key that is not held starts from its ghost slot's counts. Hence, precisely:
 * <ul>
 *   <li>eviction never resets or lowers the counts a key is judged by: a key re-appearing after
 *       eviction starts from at least the counts it had, so pushing an attacked key out by
 *       flooding the limiter with fresh keys buys the attacker nothing;</li>
 *   <li>eviction can only make limits stricter, and only for keys that are not held (evicted or
 *       new): they also carry the counts of other evicted keys that shared their ghost slot (under
 *       a flood of fresh keys a slot accumulates the requests of the keys that pass through it),
 *       and only while those counts are in the sliding window: a count recorded in one window
 *       weighs on the next, fading linearly to nothing by its end, so at most two window lengths
 *       after it was recorded (two minutes for the per-minute limit, two hours for the per-hour);
 *       keys that stay held are unaffected.</li>
 * </ul>
 * Memory: about 200 bytes per held key (map entry, key string of up to ~40 characters, a 64-byte
 * counter object) plus 24 to 48 bytes per key for the ghost table, so at most about {@code
 * maxClients * 250} bytes: about 250 MB for the default one million keys, 25 MB for 100,000.
 *
 * <p><b>Failure locks</b> (the per-account signin throttle, {@link #recordFailure}) are held the
 * same way, in a map of their own per segment with the same bound: about 150 bytes per held key
 * (the key is a fixed-length digest), and, only once a segment has had to evict one, a ghost table
 * of 24 bytes per slot merged by maximum, so that flooding the store with fresh failing keys cannot
 * lift an attacked key's lock; a key that is not held starts from its slot's state, so again
 * eviction can only make a lock stricter (for at most one lock plus one window).
 */
public final class InMemoryRateLimitStore implements RateLimitStore {
  private static final int SEGMENTS = 16;

  private final Segment[] segments = new Segment[SEGMENTS];
  private final long seed = new SecureRandom().nextLong();
  private final long maxClients;

  /** A store keeping up to one million client keys. */
  public InMemoryRateLimitStore() {
    this(1_000_000);
  }

  /** A store keeping up to {@code maxClients} client keys (at least 1 per segment, i.e. 16). */
  public InMemoryRateLimitStore(long maxClients) {
    if (maxClients < 1) {
      throw new IllegalArgumentException("maxClients must be at least 1, got " + maxClients);
    }
    this.maxClients = maxClients;
    int perSegment = (int) Math.min(Integer.MAX_VALUE / 2, Math.max(1, maxClients / SEGMENTS));
    // One ghost slot per held key (rounded up to a power of two), so evicted keys seldom share.
    int ghostSlots = Math.min(1 << 26, Integer.highestOneBit(Math.max(2, perSegment) * 2 - 1));
    for (int i = 0; i < SEGMENTS; i++) {
      segments[i] = new Segment(perSegment, ghostSlots);
    }
  }

  @Override
  public RateLimitDecision acquire(String key, RateLimitCategory category, RateLimitRule rule,
      Instant now) {
    long nowMs = now.toEpochMilli();
    long h = hash(key);
    Segment s = segments[(int) (h >>> 60)];
    synchronized (s) {
      Counts c = s.get(key, (int) h, nowMs);
      long[] counts = c.roll(nowMs);
      boolean allowed = SlidingWindows.admits(rule, counts, nowMs);
      if (allowed) {
        c.minuteCurrent++;
        c.hourCurrent++;
        counts[1]++;
        counts[3]++;
      }
      return SlidingWindows.decide(category, rule, allowed, counts, nowMs);
    }
  }

  @Override
  public RateLimitDecision peek(String key, RateLimitCategory category, RateLimitRule rule,
      Instant now) {
    long nowMs = now.toEpochMilli();
    long h = hash(key);
    Segment s = segments[(int) (h >>> 60)];
    synchronized (s) {
      long[] counts = s.get(key, (int) h, nowMs).roll(nowMs);
      return SlidingWindows.decide(category, rule, SlidingWindows.admits(rule, counts, nowMs),
          counts, nowMs);
    }
  }

  @Override
  public long recordFailure(String key, FailureLockRule rule, Instant now) {
    long nowMs = now.toEpochMilli();
    long h = hash(key);
    Segment s = segments[(int) (h >>> 60)];
    synchronized (s) {
      long[] state = s.lock(key, (int) h, true);
      FailureLocks.fail(rule, state, nowMs);
      return FailureLocks.lockedUntil(state[1], state[2], nowMs);
    }
  }

  @Override
  public long lockedUntil(String key, Instant now) {
    long h = hash(key);
    Segment s = segments[(int) (h >>> 60)];
    synchronized (s) {
      long[] state = s.lock(key, (int) h, false);
      return state == null ? 0 : FailureLocks.lockedUntil(state[1], state[2], now.toEpochMilli());
    }
  }

  /** How many client keys are held now (at most the configured maximum). */
  public int size() {
    int n = 0;
    for (Segment s : segments) {
      synchronized (s) {
        n += s.map.size();
      }
    }
    return n;
  }

  /** The configured maximum number of held keys. */
  public long maxClients() {
    return maxClients;
  }

  // Seeded FNV-1a over the key's characters, then a final mix: a client cannot aim its keys at
  // another key's ghost slot without knowing the seed.
  private long hash(String key) {
    long h = seed ^ 0xcbf29ce484222325L;
    for (int i = 0; i < key.length(); i++) {
      h = (h ^ key.charAt(i)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  /** One lock's share of the keys: an access-ordered map and its ghost table. */
  private static final class Segment {
    private static final int FIELDS = 6;

    private final LinkedHashMap<String, Counts> map;
    private final LinkedHashMap<String, long[]> locks;
    // Failure locks of evicted keys: {failures, lockedUntil, expiresAt} per slot; made on the
    // first eviction only, so a store that never fills its lock map pays nothing for it.
    private long @org.jspecify.annotations.Nullable [] lockGhosts;
    // Per slot: minute index, minute previous, minute current, hour index, hour previous, hour
    // current. Plain ints (24 bytes a slot): indexes of minutes and hours since 1970 fit.
    private final int[] ghosts;
    private final int slotMask;

    Segment(int capacity, int ghostSlots) {
      this.ghosts = new int[ghostSlots * FIELDS];
      this.slotMask = ghostSlots - 1;
      this.locks = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
          if (size() <= capacity) {
            return false;
          }
          if (lockGhosts == null) {
            lockGhosts = new long[ghostSlots * 3];
          }
          long[] v = eldest.getValue();
          int o = (int) v[3] * 3;
          for (int i = 0; i < 3; i++) {
            lockGhosts[o + i] = Math.max(lockGhosts[o + i], v[i]);
          }
          return true;
        }
      };
      this.map = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Counts> eldest) {
          if (size() <= capacity) {
            return false;
          }
          Counts c = eldest.getValue();
          Counts merged = loadGhost(c.slot);
          merged.mergeMax(c);
          storeGhost(merged);
          return true;
        }
      };
    }

    Counts get(String key, int slotHash, long nowMs) {
      Counts c = map.get(key);
      if (c == null) {
        // Not held: it may have been evicted, so it starts from its ghost slot's counts.
        c = loadGhost(slotHash & slotMask);
        map.put(key, c);
      }
      return c;
    }

    /**
     * The lock state {failures, lockedUntil, expiresAt, slot} of a key; a key not held starts from
     * its ghost slot (it may have been evicted). Without {@code create}, null when there is none.
     */
    long @org.jspecify.annotations.Nullable [] lock(String key, int slotHash, boolean create) {
      long[] state = locks.get(key);
      if (state == null) {
        int slot = slotHash & slotMask;
        long[] ghost = lockGhosts;
        boolean fromGhost = ghost != null && ghost[slot * 3 + 2] != 0;
        if (!create && !fromGhost) {
          return null;
        }
        state = new long[] {0, 0, 0, slot};
        if (fromGhost) {
          System.arraycopy(ghost, slot * 3, state, 0, 3);
        }
        if (create) {
          locks.put(key, state);
        }
      }
      return state;
    }

    private Counts loadGhost(int slot) {
      Counts c = new Counts(slot);
      int o = slot * FIELDS;
      if (ghosts[o] != 0 || ghosts[o + 3] != 0) {
        c.minute = ghosts[o];
        c.minutePrevious = ghosts[o + 1];
        c.minuteCurrent = ghosts[o + 2];
        c.hour = ghosts[o + 3];
        c.hourPrevious = ghosts[o + 4];
        c.hourCurrent = ghosts[o + 5];
      }
      return c;
    }

    private void storeGhost(Counts c) {
      int o = c.slot * FIELDS;
      ghosts[o] = (int) c.minute;
      ghosts[o + 1] = (int) Math.min(Integer.MAX_VALUE, c.minutePrevious);
      ghosts[o + 2] = (int) Math.min(Integer.MAX_VALUE, c.minuteCurrent);
      ghosts[o + 3] = (int) c.hour;
      ghosts[o + 4] = (int) Math.min(Integer.MAX_VALUE, c.hourPrevious);
      ghosts[o + 5] = (int) Math.min(Integer.MAX_VALUE, c.hourCurrent);
    }
  }

  /** The counts of one key (or ghost slot): current and previous window of each limit. */
  private static final class Counts {
    final int slot;
    long minute = Long.MIN_VALUE;
    long minutePrevious;
    long minuteCurrent;
    long hour = Long.MIN_VALUE;
    long hourPrevious;
    long hourCurrent;

    Counts(int slot) {
      this.slot = slot;
    }

    /** Moves to the windows containing {@code nowMs}; returns the counts in decision order. */
    long[] roll(long nowMs) {
      rollTo(SlidingWindows.index(nowMs, SlidingWindows.MINUTE_MS),
          SlidingWindows.index(nowMs, SlidingWindows.HOUR_MS));
      return new long[] {minutePrevious, minuteCurrent, hourPrevious, hourCurrent};
    }

    // A time before the held window (a clock step back) keeps the counts: stricter, never looser.
    private void rollTo(long m, long h) {
      if (m > minute) {
        minutePrevious = m == minute + 1 ? minuteCurrent : 0;
        minuteCurrent = 0;
        minute = m;
      }
      if (h > hour) {
        hourPrevious = h == hour + 1 ? hourCurrent : 0;
        hourCurrent = 0;
        hour = h;
      }
    }

    /** Raises these counts to at least {@code other}'s, both seen in the later windows. */
    void mergeMax(Counts other) {
      rollTo(Math.max(minute, other.minute), Math.max(hour, other.hour));
      long otherMinutePrevious = other.minute == minute ? other.minutePrevious
          : other.minute == minute - 1 ? other.minuteCurrent : 0;
      long otherMinuteCurrent = other.minute == minute ? other.minuteCurrent : 0;
      long otherHourPrevious = other.hour == hour ? other.hourPrevious
          : other.hour == hour - 1 ? other.hourCurrent : 0;
      long otherHourCurrent = other.hour == hour ? other.hourCurrent : 0;
      minutePrevious = Math.max(minutePrevious, otherMinutePrevious);
      minuteCurrent = Math.max(minuteCurrent, otherMinuteCurrent);
      hourPrevious = Math.max(hourPrevious, otherHourPrevious);
      hourCurrent = Math.max(hourCurrent, otherHourCurrent);
    }
  }
}
