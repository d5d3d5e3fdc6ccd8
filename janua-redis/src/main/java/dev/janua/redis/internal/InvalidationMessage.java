package dev.janua.redis.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One invalidation on the pub/sub channel, as UTF-8 text, one item a line:
 *
 * <pre>
 * janua-invalidation 1
 * from &lt;sender instance id&gt;
 * k &lt;key, percent-encoded&gt;
 * p &lt;prefix, percent-encoded&gt;
 * </pre>
 *
 * Percent-encoding keeps keys containing spaces or line breaks intact.
 *
 * @param sender   the publishing instance's id
 * @param keys     exact keys
 * @param prefixes key prefixes
 */
public record InvalidationMessage(String sender, List<String> keys, List<String> prefixes) {
  static final String HEADER = "janua-invalidation 1";

  /** Copies the lists. */
  public InvalidationMessage {
    Objects.requireNonNull(sender, "sender");
    keys = List.copyOf(keys);
    prefixes = List.copyOf(prefixes);
  }

  /** Builds a message from the bus arguments. */
  public static InvalidationMessage of(String sender, @Nullable Collection<String> keys,
      @Nullable Collection<String> prefixes) {
    return new InvalidationMessage(sender, keys == null ? List.of() : List.copyOf(keys),
        prefixes == null ? List.of() : List.copyOf(prefixes));
  }

  /** The wire form. */
  public byte[] encode() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n').append("from ")
        .append(enc(sender)).append('\n');
    for (String k : keys) {
      sb.append("k ").append(enc(k)).append('\n');
    }
    for (String p : prefixes) {
      sb.append("p ").append(enc(p)).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses the wire form.
   *
   * @throws IllegalArgumentException when it is not a message of this format
   */
  public static InvalidationMessage decode(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    String[] lines = text.split("\n");
    if (lines.length < 2 || !lines[0].equals(HEADER) || !lines[1].startsWith("from ")) {
      throw new IllegalArgumentException("not a janua invalidation message");
    }
    String sender = dec(lines[1].substring(5));
    List<String> keys = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    for (int i = 2; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("k ")) {
        keys.add(dec(line.substring(2)));
      } else if (line.startsWith("p ")) {
        prefixes.add(dec(line.substring(2)));
      } else if (!line.isEmpty()) {
        throw new IllegalArgumentException("unknown line " + i + " in invalidation message");
      }
    }
    return new InvalidationMessage(sender, keys, prefixes);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String dec(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
