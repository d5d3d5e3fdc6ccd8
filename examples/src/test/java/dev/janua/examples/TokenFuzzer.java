package dev.janua.examples;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes the inputs of {@link VerifierDifferentialFuzzTest}: mutations of one valid access token
 * (every header and claim member; value types, numbers at and past every boundary, duplicate
 * members, escapes; base64url spellings; segment counts and lengths) and random garbage. Most
 * mutated tokens are signed again with the issuer's own key, so that they pass the signature and
 * reach the claim checks. Deterministic for a given {@link Random}.
 */
final class TokenFuzzer {
  /** One member of a JSON object, as raw JSON text: a name literal and a value. */
  record Member(String name, String raw) {}

  /** An input and the family of mutation that made it, for the report. */
  record Input(String token, String family) {}

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final String[] HEADER_NAMES = {"alg", "typ", "kid", "crit", "jku", "x5u", "jwk",
      "x5c", "x5t", "cty", "zip", "enc", "b64", "extra"};
  private static final String[] CLAIM_NAMES = {"iss", "aud", "exp", "nbf", "iat", "sub", "jti",
      "sid", "client_id", "scope", "org", "roles", "extra", "amr", "azp"};
  private static final String[] TIME_CLAIMS = {"exp", "nbf", "iat"};

  private final List<Member> header;
  private final List<Member> claims;
  private final PrivateKey key;
  private final PrivateKey otherKey;
  private final long now;
  private final long skew;
  private final long lifetime;
  private final String issuer;
  /** Signatures made so far, shared by the fuzzers of one run (RSA signing is the cost here). */
  private final Map<String, String> signatures;
  private long signed;
  private String valid;

  TokenFuzzer(List<Member> header, List<Member> claims, PrivateKey key, PrivateKey otherKey,
      long now, long skew, long lifetime, String issuer, Map<String, String> signatures) {
    this.signatures = signatures;
    this.header = List.copyOf(header);
    this.claims = List.copyOf(claims);
    this.key = key;
    this.otherKey = otherKey;
    this.now = now;
    this.skew = skew;
    this.lifetime = lifetime;
    this.issuer = issuer;
  }

  /** How many RSA signatures were made (cached ones not counted). */
  long signatures() {
    return signed;
  }

  /** The valid token everything starts from. */
  String valid() {
    if (valid == null) {
      valid = sign(B64URL.encodeToString(json(header)) + "." + B64URL.encodeToString(json(claims)),
          key);
    }
    return valid;
  }

  Input next(Random r) {
    int p = r.nextInt(100);
    if (p < 8) {
      return new Input(garbage(r), "garbage");
    }
    if (p < 16) {
      return new Input(segments(r), "segments");
    }
    if (p < 30) {
      return new Input(signature(r), "signature");
    }
    List<Member> h = new ArrayList<>(header);
    List<Member> c = new ArrayList<>(claims);
    String family;
    if (p < 52) {
      family = "header";
      mutateHeader(h, r);
      if (r.nextInt(4) == 0) {
        mutateClaims(c, r);
      }
    } else if (p < 88) {
      family = "claims";
      int n = 1 + r.nextInt(r.nextInt(4) + 1);
      for (int i = 0; i < n; i++) {
        mutateClaims(c, r);
      }
    } else {
      family = "encoding";
      if (r.nextBoolean()) {
        mutateClaims(c, r);
      }
    }
    byte[] hj = jsonText(h, r);
    byte[] cj = jsonText(c, r);
    String hs;
    String cs;
    if (family.equals("encoding")) {
      hs = r.nextInt(3) == 0 ? encodeOddly(hj, r) : B64URL.encodeToString(hj);
      cs = r.nextInt(3) != 0 ? encodeOddly(cj, r) : B64URL.encodeToString(cj);
    } else {
      hs = B64URL.encodeToString(hj);
      cs = B64URL.encodeToString(cj);
    }
    String input = hs + "." + cs;
    // A few keep the old signature or bring another key's: signature checks, not claim checks.
    int s = r.nextInt(50);
    if (s == 0) {
      return new Input(input + "." + valid().substring(valid().lastIndexOf('.') + 1),
          family + "+oldSignature");
    }
    if (s == 1) {
      return new Input(sign(input, otherKey), family + "+otherKey");
    }
    return new Input(sign(input, key), family);
  }

  // ------------------------------------------------------------------ header and claims

  private void mutateHeader(List<Member> h, Random r) {
    String name = HEADER_NAMES[r.nextInt(HEADER_NAMES.length)];
    switch (name) {
      case "alg" -> put(h, name, r, pick(r, "\"none\"", "\"None\"", "\"HS256\"", "\"RS384\"",
          "\"RS512\"", "\"PS256\"", "\"ES256\"", "\"EdDSA\"", "\"rs256\"", "\"RS256 \"", "\"\"",
          "\"RS256\\u0000\"", "\"\\u0052S256\"", "[\"RS256\"]", "1", "null", value(r)));
      case "typ" -> put(h, name, r, pick(r, "\"jwt\"", "\"at+jwt\"", "\"JWS\"", "\"\"",
          "\"JWT \"", "\"application/jwt\"", "\"\\u004aWT\"", "null", "1", "[\"JWT\"]",
          value(r)));
      case "kid" -> put(h, name, r, pick(r, "\"\"", "\"other\"", "null", "1",
          kidVariant(h, r), value(r)));
      case "crit" -> {
        put(h, name, r, pick(r, "[\"exp\"]", "[]", "\"exp\"", "[\"b64\"]", "[\"x\"]", "null",
            value(r)));
        if (r.nextBoolean()) {
          put(h, "b64", r, "false");
        }
      }
      case "jku", "x5u" -> put(h, name, r, pick(r, "\"https://attacker.example/jwks.json\"",
          "\"" + issuer + "/.well-known/jwks.json\"", "\"\"", "null", value(r)));
      case "jwk" -> put(h, name, r, pick(r, "{\"kty\":\"oct\",\"k\":\"AAAA\"}", "{}", "null"));
      case "x5c" -> put(h, name, r, pick(r, "[\"MIIB\"]", "[]", "null"));
      case "zip" -> put(h, name, r, pick(r, "\"DEF\"", "null"));
      case "enc" -> put(h, name, r, pick(r, "\"A128GCM\"", "null"));
      case "b64" -> put(h, name, r, pick(r, "false", "true", "null"));
      default -> put(h, name, r, value(r));
    }
    if (r.nextInt(10) == 0) {
      h.remove(r.nextInt(h.size()));
    }
  }

  private String kidVariant(List<Member> h, Random r) {
    String kid = h.stream().filter(m -> m.name().equals("kid")).findFirst().map(Member::raw)
        .orElse("\"k\"");
    String bare = kid.substring(1, kid.length() - 1);
    return pick(r, "\"" + bare + "x\"", "\"" + bare.toUpperCase(java.util.Locale.ROOT) + "\"",
        "\" " + bare + "\"", "\"" + bare.substring(1) + "\"", escape(kid, r));
  }

  private void mutateClaims(List<Member> c, Random r) {
    String name = r.nextInt(6) == 0 ? TIME_CLAIMS[r.nextInt(TIME_CLAIMS.length)]
        : CLAIM_NAMES[r.nextInt(CLAIM_NAMES.length)];
    String v = switch (name) {
      case "exp", "nbf", "iat" -> time(r);
      case "iss" -> pick(r, "\"" + issuer + "/\"", "\"" + issuer.toUpperCase(java.util.Locale.ROOT)
          + "\"", "\" " + issuer + "\"", "\"\"", "[\"" + issuer + "\"]", "\"https://evil.example\"",
          escape("\"" + issuer + "\"", r), "\"" + issuer.replace("/", "\\/") + "\"", value(r));
      case "aud" -> pick(r, "\"janua\"", "[\"janua\"]", "[\"x\",\"janua\"]", "[\"x\"]", "[]",
          "\"JANUA\"", "[\"janua\",1]", "[null]", "[[\"janua\"]]", "\"janua \"", "{\"a\":\"janua\"}",
          "\"\\u006aanua\"", value(r));
      case "scope" -> pick(r, "\"a b\"", "\"  a   b  \"", "\"\"", "[\"a\"]", "\" \"", value(r));
      case "roles" -> pick(r, "[\"owner\"]", "[]", "\"owner\"", "[1]", "[null]", value(r));
      default -> value(r);
    };
    int op = r.nextInt(10);
    if (op == 0) {
      c.removeIf(m -> m.name().equals(lit(name)));
    } else if (op == 1) {
      c.add(new Member(lit(name), "null"));
      c.removeIf(m -> m.name().equals(lit(name)) && !m.raw().equals("null"));
    } else {
      put(c, name, r, v);
    }
  }

  /** Replaces (or, one time in six, duplicates) a member; its name sometimes escaped. */
  private static void put(List<Member> members, String name, Random r, String raw) {
    String literal = r.nextInt(12) == 0 ? escape(lit(name), r) : lit(name);
    int at = -1;
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i).name().equals(lit(name))) {
        at = i;
      }
    }
    Member m = new Member(literal, raw);
    if (at >= 0 && r.nextInt(6) == 0) {
      members.add(r.nextBoolean() ? at : at + 1, m); // a duplicate, before or after the original
    } else if (at >= 0) {
      members.set(at, m);
    } else {
      members.add(r.nextInt(members.size() + 1), m);
    }
  }

  /** A NumericDate around every boundary: skew, lifetime, zero, the year 9999, overflow. */
  private String time(Random r) {
    long[] deltas = {0, 1, -1, skew, skew + 1, -skew, -skew - 1, lifetime, lifetime + 1,
        lifetime + skew, lifetime + skew + 1, -lifetime, -lifetime - skew - 1, 86_400, -86_400,
        3_153_600_000L};
    int p = r.nextInt(10);
    if (p < 6) {
      long t = now + deltas[r.nextInt(deltas.length)];
      return switch (r.nextInt(6)) {
        case 0 -> t + ".5";
        case 1 -> t + ".0";
        case 2 -> "\"" + t + "\"";
        case 3 -> (t / 100) + "e2";
        default -> Long.toString(t);
      };
    }
    return pick(r, "0", "-1", "-0", "0.0", "1e309", "-1e309", "1e-400", "253402300799",
        "253402300800", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "99999999999999999999999999", "1.7976931348623157E308", "4.9E-324", "NaN", "Infinity",
        "true", "null", "[" + now + "]", "{\"t\":" + now + "}", "\"\"", now + "." + "9".repeat(40));
  }

  /** Any JSON value, valid or not: every type, huge and odd numbers, long and odd strings. */
  private String value(Random r) {
    return switch (r.nextInt(12)) {
      case 0 -> "null";
      case 1 -> r.nextBoolean() ? "true" : "false";
      case 2 -> pick(r, "0", "-1", "1.5", "1e309", "-0", "123456789012345678901234567890", "01",
          "+1", ".5", "1.", "0x10", "1_000");
      case 3 -> "[]";
      case 4 -> "{}";
      case 5 -> "[" + value(r) + "]";
      case 6 -> "{\"a\":" + value(r) + "}";
      case 7 -> "[".repeat(r.nextInt(2000)) + "]".repeat(r.nextInt(2000));
      case 8 -> lit("x".repeat(r.nextInt(r.nextInt(7000) + 1)));
      case 9 -> lit(unicode(r));
      case 10 -> pick(r, "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\u0000\"", "\"a\\qb\"",
          "\"unterminated", "'single'", "\"\t\"", "\"\\u00e9\"");
      default -> lit(Long.toString(now));
    };
  }

  // ------------------------------------------------------------------ spelling and encoding

  /** The members as JSON, sometimes with whitespace, a BOM, trailing content or another charset. */
  private static byte[] jsonText(List<Member> members, Random r) {
    StringBuilder b = new StringBuilder("{");
    String sep = r.nextInt(20) == 0 ? " , " : ",";
    for (int i = 0; i < members.size(); i++) {
      if (i > 0) {
        b.append(sep);
      }
      b.append(members.get(i).name()).append(':').append(members.get(i).raw());
    }
    b.append('}');
    if (r.nextInt(25) != 0) {
      return b.toString().getBytes(StandardCharsets.UTF_8);
    }
    String s = b.toString();
    return switch (r.nextInt(12)) {
      case 0 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, s.getBytes(StandardCharsets.UTF_8));
      case 1 -> (" \n" + s + "\r\n").getBytes(StandardCharsets.UTF_8);
      case 2 -> (s + "x").getBytes(StandardCharsets.UTF_8);
      case 3 -> (s + s).getBytes(StandardCharsets.UTF_8);
      case 4 -> ("/*c*/" + s).getBytes(StandardCharsets.UTF_8);
      case 5 -> s.getBytes(StandardCharsets.UTF_16BE);
      case 6 -> s.getBytes(StandardCharsets.UTF_16LE);
      case 7 -> s.getBytes(java.nio.charset.Charset.forName("UTF-32BE"));
      case 8 -> s.replace("\"sub\":\"", "\"sub\":\"\u0001").getBytes(StandardCharsets.UTF_8);
      case 9 -> invalidUtf8(s, r);
      case 10 -> pickBytes(r, "[]", "null", "1", "\"x\"", "{}", "", "{", "[{}]");
      default -> s.substring(0, r.nextInt(s.length())).getBytes(StandardCharsets.UTF_8);
    };
  }

  private static byte[] invalidUtf8(String s, Random r) {
    byte[][] bad = {{(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xE2, (byte) 0x82}};
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    // Inside the value of the first string member that follows a colon and a quote.
    int at = s.indexOf(":\"");
    at = at < 0 ? bytes.length / 2 : at + 2;
    return concat(concat(java.util.Arrays.copyOf(bytes, at), bad[r.nextInt(bad.length)]),
        java.util.Arrays.copyOfRange(bytes, at, bytes.length));
  }

  /** Base64 spellings of the same bytes that a strict decoder must refuse, and worse. */
  private static String encodeOddly(byte[] bytes, Random r) {
    String canonical = B64URL.encodeToString(bytes);
    return switch (r.nextInt(9)) {
      case 0 -> Base64.getUrlEncoder().encodeToString(bytes) + (r.nextInt(4) == 0 ? "=" : "");
      case 1 -> nonCanonicalTail(canonical, r);
      case 2 -> Base64.getEncoder().withoutPadding().encodeToString(bytes);
      case 3 -> insert(canonical, r, pick(r, " ", "\n", "\r\n", "\t", "%20"));
      case 4 -> insert(canonical, r, pick(r, "!", "*", "~", "\u00e9", "\u0000", "+", "/", "="));
      case 5 -> canonical.substring(0, Math.max(0, canonical.length() - 1 - r.nextInt(3)));
      case 6 -> canonical + pick(r, "A", "AA", "AAA", "AAAA");
      case 7 -> Base64.getMimeEncoder().encodeToString(bytes);
      default -> Base64.getEncoder().encodeToString(bytes);
    };
  }

  /** The same bytes with non-zero unused bits in the last character, where there are any. */
  private static String nonCanonicalTail(String canonical, Random r) {
    int rem = canonical.length() % 4;
    if (rem < 2) {
      return canonical + "=";
    }
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(canonical.charAt(canonical.length() - 1));
    int unused = rem == 2 ? 0x0F : 0x03; // 4 or 2 unused bits
    int changed = (last & ~unused) | (1 + r.nextInt(unused));
    return canonical.substring(0, canonical.length() - 1) + alphabet.charAt(changed);
  }

  // ------------------------------------------------------------------ whole-token mutations

  private String signature(Random r) {
    String t = valid();
    int dot = t.lastIndexOf('.');
    String sig = t.substring(dot + 1);
    String body = t.substring(0, dot + 1);
    byte[] raw = Base64.getUrlDecoder().decode(sig);
    return switch (r.nextInt(10)) {
      case 0 -> {
        raw[r.nextInt(raw.length)] ^= (byte) (1 << r.nextInt(8));
        yield body + B64URL.encodeToString(raw);
      }
      case 1 -> body + sig.substring(0, r.nextInt(sig.length()));
      case 2 -> body + sig + pick(r, "A", "AA", "AAAA", "=", "==");
      case 3 -> body + nonCanonicalTail(sig, r);
      case 4 -> body + Base64.getEncoder().withoutPadding().encodeToString(raw);
      case 5 -> body;
      case 6 -> body + insert(sig, r, pick(r, " ", "\n", "."));
      case 7 -> body + B64URL.encodeToString(concat(new byte[] {0}, raw));
      case 8 -> body + B64URL.encodeToString(new byte[raw.length]);
      default -> sign(t.substring(0, dot), otherKey);
    };
  }

  private String segments(Random r) {
    String t = valid();
    String[] p = t.split("\\.");
    return switch (r.nextInt(10)) {
      case 0 -> p[0] + "." + p[1];
      case 1 -> t + "." + p[2];
      case 2 -> t + ".";
      case 3 -> "." + t;
      case 4 -> p[0] + ".." + p[2];
      case 5 -> ".." + p[2];
      case 6 -> t + "." + p[1] + "." + p[2]; // five parts, the shape of a JWE
      case 7 -> p[0] + "." + "A".repeat(8192) + "." + p[2];
      case 8 -> " " + t + (r.nextBoolean() ? " " : "\n");
      default -> "jrt_" + t;
    };
  }

  private String garbage(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(300);
        for (int i = 0; i < n; i++) {
          b.append((char) (r.nextInt(0x7F - 0x20) + 0x20));
        }
        yield b.toString();
      }
      case 1 -> {
        byte[] bytes = new byte[r.nextInt(400)];
        r.nextBytes(bytes);
        yield new String(bytes, StandardCharsets.ISO_8859_1);
      }
      case 2 -> {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(6); i >= 0; i--) {
          byte[] bytes = new byte[r.nextInt(300)];
          r.nextBytes(bytes);
          b.append(B64URL.encodeToString(bytes)).append(i > 0 ? "." : "");
        }
        yield b.toString();
      }
      case 3 -> B64URL.encodeToString(("{\"alg\":\"none\"}").getBytes(StandardCharsets.UTF_8)) + "."
          + B64URL.encodeToString(json(claims)) + ".";
      default -> pick(r, "", " ", ".", "..", "...", "null", "Bearer x", "a.b.c", "eyJ.eyJ.", "\u0000");
    };
  }

  // ------------------------------------------------------------------ helpers

  private String sign(String input, PrivateKey with) {
    String cacheKey = (with == key ? "k:" : "o:") + input;
    String s = signatures.get(cacheKey);
    if (s == null) {
      try {
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initSign(with);
        sig.update(input.getBytes(StandardCharsets.UTF_8));
        s = B64URL.encodeToString(sig.sign());
        signed++;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      if (signatures.size() < 40_000) {
        signatures.put(cacheKey, s);
      }
    }
    return input + "." + s;
  }

  private static byte[] json(List<Member> members) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < members.size(); i++) {
      b.append(i > 0 ? "," : "").append(members.get(i).name()).append(':')
          .append(members.get(i).raw());
    }
    return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A JSON string literal for {@code s}. */
  static String lit(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        b.append('\\').append(ch);
      } else if (ch < 0x20) {
        b.append(String.format("\\u%04x", (int) ch));
      } else {
        b.append(ch);
      }
    }
    return b.append('"').toString();
  }

  /** The same JSON string literal with some plain characters written as {@code \\uXXXX}. */
  private static String escape(String literal, Random r) {
    StringBuilder b = new StringBuilder(literal.length() * 2);
    for (int i = 0; i < literal.length(); i++) {
      char ch = literal.charAt(i);
      boolean inside = i > 0 && i < literal.length() - 1 && literal.charAt(i - 1) != '\\';
      if (inside && Character.isLetterOrDigit(ch) && r.nextInt(3) == 0) {
        b.append(String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) ch));
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }

  private static String unicode(Random r) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(40);
    for (int i = 0; i < n; i++) {
      int cp = switch (r.nextInt(4)) {
        case 0 -> r.nextInt(0x80);
        case 1 -> 0x80 + r.nextInt(0x780);
        case 2 -> 0x800 + r.nextInt(0xD000);
        default -> 0x10000 + r.nextInt(0x1000);
      };
      b.appendCodePoint(cp);
    }
    return b.toString();
  }

  private static String insert(String s, Random r, String what) {
    int at = r.nextInt(s.length() + 1);
    return s.substring(0, at) + what + s.substring(at);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] pickBytes(Random r, String... options) {
    return pick(r, options).getBytes(StandardCharsets.UTF_8);
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }
}
