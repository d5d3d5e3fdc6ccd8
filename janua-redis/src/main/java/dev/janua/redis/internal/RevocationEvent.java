package dev.janua.redis.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One revocation on the stream {@code <prefix>revocations}, as the fields of a stream entry (UTF-8
 * text):
 *
 * <pre>
 * v    1
 * kind session | user
 * id   &lt;session id | user id&gt;
 * at   &lt;epoch milliseconds of the revocation, issuer's clock&gt;
 * keep &lt;milliseconds the issuer keeps entries in the stream&gt;
 * </pre>
 *
 * A reader skips entries of another {@code v} or {@code kind} (a later version may add kinds).
 *
 * @param kind what ended
 * @param id   the session id or the user id
 * @param at   when it ended, on the issuer
 * @param keep how long the issuer keeps entries in the stream
 */
public record RevocationEvent(Kind kind, String id, Instant at, Duration keep) {
  static final String VERSION = "1";

  /** What a revocation ended. */
  public enum Kind {
    /** One session. */
    SESSION,
    /** Every session of a user that exists at the instant. */
    USER
  }

  /** Checks the fields. */
  public RevocationEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(keep, "keep");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty");
    }
  }

  /** The stream entry's fields. */
  public Map<byte[], byte[]> fields() {
    Map<byte[], byte[]> m = new LinkedHashMap<>();
    m.put(KeyCodec.utf8("v"), KeyCodec.utf8(VERSION));
    m.put(KeyCodec.utf8("kind"), KeyCodec.utf8(kind == Kind.SESSION ? "session" : "user"));
    m.put(KeyCodec.utf8("id"), KeyCodec.utf8(id));
    m.put(KeyCodec.utf8("at"), KeyCodec.utf8(Long.toString(at.toEpochMilli())));
    m.put(KeyCodec.utf8("keep"), KeyCodec.utf8(Long.toString(keep.toMillis())));
    return m;
  }

  /**
   * Parses a stream entry's fields.
   *
   * @return the event, or {@code null} for an entry of another version or kind
   * @throws IllegalArgumentException when a field of version 1 is missing or malformed
   */
  public static @org.jspecify.annotations.Nullable RevocationEvent parse(Map<byte[], byte[]> body) {
    Map<String, String> f = new java.util.HashMap<>();
    body.forEach((k, v) -> f.put(new String(k, StandardCharsets.UTF_8),
        new String(v, StandardCharsets.UTF_8)));
    if (!VERSION.equals(f.get("v"))) {
      return null;
    }
    Kind kind;
    String k = f.get("kind");
    if ("session".equals(k)) {
      kind = Kind.SESSION;
    } else if ("user".equals(k)) {
      kind = Kind.USER;
    } else {
      return null;
    }
    String id = f.get("id");
    String at = f.get("at");
    String keep = f.get("keep");
    if (id == null || at == null || keep == null) {
      throw new IllegalArgumentException("a revocation entry lacks id, at or keep");
    }
    try {
      return new RevocationEvent(kind, id, Instant.ofEpochMilli(Long.parseLong(at)),
          Duration.ofMillis(Long.parseLong(keep)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a revocation entry has a malformed at or keep");
    }
  }

  /** The milliseconds part of a stream entry id ({@code <ms>-<seq>}). */
  public static long idMillis(String entryId) {
    int dash = entryId.indexOf('-');
    return Long.parseLong(dash < 0 ? entryId : entryId.substring(0, dash));
  }
}
