package dev.janua.internal;

import java.net.InetAddress;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 address range such as {@code 10.0.0.0/8} or {@code ::1/128}; a bare address
 * is a range of one. Parsing never performs a DNS lookup.
 */
public final class Cidr {
  private final byte[] network;
  private final int prefixLength;
  private final String text;

  private Cidr(byte[] network, int prefixLength, String text) {
    this.network = network;
    this.prefixLength = prefixLength;
    this.text = text;
  }

  /**
   * Parses a range or a bare address.
   *
   * @throws IllegalArgumentException when it is not an IP literal with an optional prefix length
   */
  public static Cidr parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    InetAddress parsed = IpAddresses.parseLiteral(address);
    if (parsed == null) {
      throw new IllegalArgumentException("not an IP address or CIDR range: '" + text + "'");
    }
    byte[] bytes = parsed.getAddress();
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(trimmed.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in CIDR range: '" + text + "'");
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException(
            "prefix length must be from 0 to " + max + " in CIDR range: '" + text + "'");
      }
    }
    return new Cidr(mask(bytes, prefix), prefix, trimmed);
  }

  /**
   * The range of {@code prefixLength} bits around a raw address (4 or 16 bytes): host bits cleared.
   *
   * @throws IllegalArgumentException when the prefix length does not fit the address
   */
  public static Cidr of(byte[] address, int prefixLength) {
    int max = address.length * 8;
    if ((address.length != 4 && address.length != 16) || prefixLength < 0 || prefixLength > max) {
      throw new IllegalArgumentException("prefix length must be from 0 to " + max);
    }
    Cidr c = new Cidr(mask(address, prefixLength), prefixLength, "");
    return new Cidr(c.network, prefixLength, c.canonical());
  }

  /** Whether {@code address} lies in this range (an IPv4 range never holds an IPv6 address). */
  public boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  /** Whether the raw address (4 or 16 bytes) lies in this range. */
  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    for (int i = 0; i < address.length; i++) {
      int bits = Math.max(0, Math.min(8, prefixLength - i * 8));
      // Both sides as unsigned bytes: a byte of 128 or more must not sign-extend into the mask.
      if ((address[i] & 0xFF & (0xFF00 >> bits)) != (network[i] & 0xFF)) {
        return false;
      }
    }
    return true;
  }

  /**
   * This range in one spelling: the network address (host bits cleared; IPv6 in the RFC 5952 form,
   * lower case with the longest run of zero groups as {@code ::}) followed by {@code /prefix}, or
   * the bare address when the range holds one address. {@code 192.168.1.77/24} is {@code
   * 192.168.1.0/24}; {@code 0:0:0:0:0:0:0:1/128} is {@code ::1}.
   */
  public String canonical() {
    String address = network.length == 4 ? ipv4(network) : ipv6(network);
    return prefixLength == network.length * 8 ? address : address + "/" + prefixLength;
  }

  private static String ipv4(byte[] b) {
    return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
  }

  private static String ipv6(byte[] b) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
    }
    // The longest run of two or more zero groups (the first of equal runs) becomes "::".
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int bits = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xFF00 >> bits));
    }
    return out;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Cidr other && prefixLength == other.prefixLength
        && Arrays.equals(network, other.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  @Override
  public String toString() {
    return text;
  }
}
