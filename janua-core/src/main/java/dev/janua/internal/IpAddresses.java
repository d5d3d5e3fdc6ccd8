package dev.janua.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP literal parsing that never falls through to a DNS lookup. */
public final class IpAddresses {
  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpAddresses() {}

  /**
   * The address of an IPv4 or IPv6 literal (brackets around IPv6 allowed), or {@code null} when
   * the text is anything else. IPv4-mapped IPv6 addresses come back as IPv4.
   */
  public static InetAddress parseLiteral(String text) {
    if (text == null) {
      return null;
    }
    String s = text.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    boolean literal = s.indexOf(':') >= 0 ? IPV6_CHARS.matcher(s).matches() && s.length() <= 45
        : IPV4.matcher(s).matches();
    if (!literal) {
      return null;
    }
    try {
      // Safe: the text is a literal, so getByName parses it without a lookup.
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
