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
 * janua-invalidation 2
 * seq &lt;sequence number, given by Redis when it is published&gt;
 * from &lt;sender instance id&gt;
 * nonce &lt;the sender's number for this message, echoed by acknowledgements&gt;
 * k &lt;key, percent-encoded&gt;
 * p &lt;prefix, percent-encoded&gt;
 * </pre>
 *
 * The bus's publish script writes the first two lines around the sequence number it takes from
 * {@code INCR}; the rest is {@link #tail()}. Percent-encoding keeps keys containing spaces or line
 * breaks intact. A version-1 message (no {@code seq}, no {@code nonce}, from an older instance)
 * decodes with both set to {@code -1}.
 *
 * @param seq      the sequence number, or {@code -1} for a version-1 message
 * @param sender   the publishing instance's id
 * @param nonce    the sender's message number, or {@code -1} for a version-1 message
 * @param keys     exact keys
 * @param prefixes key prefixes
 */
public record InvalidationMessage(long seq, String sender, long nonce, List<String> keys,
    List<String> prefixes) {
  static final String HEADER_V1 = "janua-invalidation 1";
  static final String HEADER = "janua-invalidation 2";
  /** What the publish script puts before the sequence number. */
  public static final String HEAD = HEADER + "\nseq ";

  /** Copies the lists. */
  public InvalidationMessage {
    Objects.requireNonNull(sender, "sender");
    keys = List.copyOf(keys);
    prefixes = List.copyOf(prefixes);
  }

  /** Builds a message from the bus arguments, before Redis numbers it ({@code seq} -1). */
  public static InvalidationMessage of(String sender, long nonce,
      @Nullable Collection<String> keys, @Nullable Collection<String> prefixes) {
    return new InvalidationMessage(-1, sender, nonce, keys == null ? List.of() : List.copyOf(keys),
        prefixes == null ? List.of() : List.copyOf(prefixes));
  }

  /** What follows the sequence number: from the line break after it to the end. */
  public String tail() {
    StringBuilder sb = new StringBuilder("\nfrom ").append(enc(sender)).append('\n')
        .append("nonce ").append(nonce).append('\n');
    for (String k : keys) {
      sb.append("k ").append(enc(k)).append('\n');
    }
    for (String p : prefixes) {
      sb.append("p ").append(enc(p)).append('\n');
    }
    return sb.toString();
  }

  /** The wire form, as the publish script writes it for this {@link #seq()}. */
  public byte[] encode() {
    return (HEAD + seq + tail()).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses the wire form.
   *
   * @throws IllegalArgumentException when it is not a message of this format
   */
  public static InvalidationMessage decode(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    String[] lines = text.split("\n");
    int i;
    long seq = -1;
    long nonce = -1;
    String sender;
    if (lines.length >= 2 && lines[0].equals(HEADER_V1) && lines[1].startsWith("from ")) {
      sender = dec(lines[1].substring(5));
      i = 2;
    } else if (lines.length >= 4 && lines[0].equals(HEADER) && lines[1].startsWith("seq ")
        && lines[2].startsWith("from ") && lines[3].startsWith("nonce ")) {
      seq = number(lines[1].substring(4));
      sender = dec(lines[2].substring(5));
      nonce = number(lines[3].substring(6));
      i = 4;
    } else {
      throw new IllegalArgumentException("not a janua invalidation message");
    }
    List<String> keys = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    for (; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("k ")) {
        keys.add(dec(line.substring(2)));
      } else if (line.startsWith("p ")) {
        prefixes.add(dec(line.substring(2)));
      } else if (!line.isEmpty()) {
        throw new IllegalArgumentException("unknown line " + i + " in invalidation message");
      }
    }
    return new InvalidationMessage(seq, sender, nonce, keys, prefixes);
  }

  private static long number(String s) {
    try {
      long n = Long.parseLong(s.trim());
      if (n < 0) {
        throw new IllegalArgumentException("negative number in invalidation message");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed number in invalidation message");
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String dec(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
