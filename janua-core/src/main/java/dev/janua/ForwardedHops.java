package dev.janua;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hop list of a forwarding header: every line split on commas in order (RFC 9110 list
 * semantics, empty elements dropped). For {@code X-Forwarded-For} each element is a hop; for
 * {@code Forwarded} (RFC 7239) each element's {@code for=} parameter is, unquoted, with an IPv6
 * node's brackets and any port removed. An element without a usable {@code for=} becomes the
 * empty string, which is no IP literal and so stops the walk as malformed.
 */
final class ForwardedHops {
  private ForwardedHops() {}

  static List<String> parse(ForwardedHeader header, List<String> lines) {
    List<String> hops = new ArrayList<>();
    for (String line : lines) {
      if (line == null) {
        continue;
      }
      for (String element : splitOutsideQuotes(line, ',')) {
        String e = element.trim();
        if (e.isEmpty()) {
          continue;
        }
        hops.add(header == ForwardedHeader.FORWARDED ? forNode(e) : e);
      }
    }
    return hops;
  }

  private static String forNode(String element) {
    for (String pair : splitOutsideQuotes(element, ';')) {
      int eq = pair.indexOf('=');
      if (eq < 0 || !pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
        continue;
      }
      String v = pair.substring(eq + 1).trim();
      if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
        v = v.substring(1, v.length() - 1);
      }
      if (v.startsWith("[")) {
        int close = v.indexOf(']');
        return close < 0 ? "" : v.substring(1, close);
      }
      int colon = v.indexOf(':');
      // An IPv4 node with a port; a bare IPv6 literal (several colons) is not valid RFC 7239.
      return colon >= 0 && colon == v.lastIndexOf(':') ? v.substring(0, colon) : v;
    }
    return "";
  }

  private static List<String> splitOutsideQuotes(String s, char separator) {
    List<String> out = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted) {
        i++;
      } else if (c == separator && !quoted) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }
}
