package dev.janua.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** IP literal parsing that never falls through to a DNS lookup. */
public final class IpAddresses {
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpAddresses() {}

  /**
   * The address of an IPv4 or IPv6 literal (brackets around IPv6 allowed), or {@code null} when
   * the text is anything else. IPv4-mapped IPv6 addresses come back as IPv4.
   */
  public static @Nullable InetAddress parseLiteral(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String s = text.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    if (s.indexOf(':') < 0) {
      byte[] v4 = parseIpv4(s);
      if (v4 == null) {
        return null;
      }
      try {
        return InetAddress.getByAddress(v4);
      } catch (UnknownHostException e) {
        return null;
      }
    }
    if (!IPV6_CHARS.matcher(s).matches() || s.length() > 45) {
      return null;
    }
    try {
      // Safe: the text is an IPv6 literal, so getByName parses it without a lookup.
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * The four bytes of a dotted-quad IPv4 literal in canonical form (no leading zeros, no spaces),
   * or {@code null}. Written by hand: this runs on every rate-limit decision.
   */
  public static byte @Nullable [] parseIpv4(@Nullable String s) {
    if (s == null) {
      return null;
    }
    int n = s.length();
    if (n < 7 || n > 15) {
      return null;
    }
    byte[] out = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? s.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if (digits == 1 && value == 0) {
          return null; // leading zero
        }
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return null;
        }
      } else if (c == '.' && digits > 0 && part < 4) {
        out[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }
}
