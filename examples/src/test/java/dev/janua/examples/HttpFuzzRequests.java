package dev.janua.examples;

import dev.janua.AuthorizationServerMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes the requests of {@link HttpInputFuzzIT}: every route of the example with malformed bodies
 * (not JSON, wrong types, huge strings, deep nesting, unknown fields, nulls, empty, invalid UTF-8,
 * another charset), odd path parameters and query strings, and odd headers (Authorization
 * garbage, wrong content types, huge values). Deterministic for a given {@link Random}.
 */
final class HttpFuzzRequests {
  /** What a route reads from its body. */
  enum Body { NONE, JSON, FORM }

  /** A route and the JSON fields its body has. */
  record Route(String method, String template, Body body, List<String> fields) {}

  /** One request; {@code strictlyMalformed} when its body can only be refused by a JSON route. */
  record Request(Route route, String method, String path, Map<String, String> headers,
      byte[] body, String kind, boolean strictlyMalformed) {}

  /** What the caller knows of its live test user, for realistic path parameters and tokens. */
  record Identity(String accessToken, String refreshToken, String userId, String organizationId,
      String sessionId) {}

  static final List<Route> ROUTES = List.of(
      json("POST", "/api/v1/auth/signup", "email", "password", "name"),
      json("POST", "/api/v1/auth/signin", "email", "password"),
      json("POST", "/api/v1/auth/refresh", "refresh_token"),
      none("POST", "/api/v1/auth/signout"),
      none("GET", "/api/v1/auth/me"),
      none("GET", "/api/v1/users/{id}"),
      json("PATCH", "/api/v1/users/me", "name"),
      json("DELETE", "/api/v1/users/me", "password"),
      none("GET", "/api/v1/sessions"),
      none("DELETE", "/api/v1/sessions"),
      none("DELETE", "/api/v1/sessions/{id}"),
      json("POST", "/api/v1/auth/password/change", "current_password", "new_password"),
      json("POST", "/api/v1/auth/password/forgot", "email"),
      json("POST", "/api/v1/auth/password/reset", "token", "new_password"),
      json("POST", "/api/v1/auth/email/verify", "token"),
      none("POST", "/api/v1/auth/email/resend"),
      json("POST", "/api/v1/auth/email/change", "new_email", "current_password"),
      json("POST", "/api/v1/organizations", "name", "slug"),
      none("GET", "/api/v1/organizations/{id}"),
      json("PATCH", "/api/v1/organizations/{id}", "name", "slug"),
      none("DELETE", "/api/v1/organizations/{id}"),
      none("GET", "/api/v1/organizations/{id}/members"),
      json("PATCH", "/api/v1/organizations/{id}/members/{user_id}", "role"),
      none("DELETE", "/api/v1/organizations/{id}/members/{user_id}"),
      none("POST", "/api/v1/organizations/{id}/token"),
      none("GET", "/api/v1/organizations/{id}/roles"),
      json("POST", "/api/v1/organizations/{id}/roles", "name", "permissions"),
      json("PATCH", "/api/v1/organizations/{id}/roles/{name}", "name", "permissions"),
      none("DELETE", "/api/v1/organizations/{id}/roles/{name}"),
      json("POST", "/api/v1/auth/switch-organization", "organization_id"),
      json("POST", "/api/v1/organizations/{id}/invitations", "email", "role"),
      none("GET", "/api/v1/organizations/{id}/invitations"),
      none("DELETE", "/api/v1/organizations/{id}/invitations/{invitation_id}"),
      json("POST", "/api/v1/invitations/accept", "token"),
      json("POST", "/api/v1/api-tokens", "name", "organization_id", "permissions", "expires_at"),
      none("GET", "/api/v1/api-tokens"),
      none("DELETE", "/api/v1/api-tokens/{id}"),
      new Route("POST", AuthorizationServerMetadata.INTROSPECTION_PATH, Body.FORM,
          List.of("token")),
      new Route("POST", AuthorizationServerMetadata.REVOCATION_PATH, Body.FORM, List.of("token")),
      none("GET", AuthorizationServerMetadata.JWKS_PATH),
      none("GET", AuthorizationServerMetadata.OAUTH_PATH),
      none("GET", "/health"),
      none("GET", "/metrics"),
      none("GET", "/metrics/prometheus"),
      none("GET", "/nope"),
      none("PUT", "/api/v1/auth/signin"));

  private static Route json(String method, String template, String... fields) {
    return new Route(method, template, Body.JSON, List.of(fields));
  }

  private static Route none(String method, String template) {
    return new Route(method, template, Body.NONE, List.of());
  }

  private HttpFuzzRequests() {}

  static Request next(Random r, Identity me, String clientIp) {
    Route route = ROUTES.get(r.nextInt(ROUTES.size()));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Forwarded-For", r.nextInt(25) == 0
        ? pick(r, "garbage", "999.1.1.1", "::ffff:", clientIp + ", nonsense", "") : clientIp);
    String auth = route.body() == Body.FORM && r.nextInt(5) < 3
        ? "Basic " + Base64.getEncoder().encodeToString((OAuthRoutesTests.CLIENT_ID + ":"
            + OAuthRoutesTests.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8))
        : authorization(r, me);
    if (auth != null) {
      headers.put("Authorization", auth);
    }
    String path = path(route.template(), r, me);
    byte[] body;
    String kind;
    boolean strict = false;
    int p = r.nextInt(10);
    if (route.body() == Body.FORM) {
      String type = r.nextInt(5) == 0 ? contentType(r) : "application/x-www-form-urlencoded";
      if (type != null) {
        headers.put("Content-Type", type);
      }
      body = pick(r, "token=" + me.accessToken(), "token=" + me.refreshToken(), "token=a&token=b",
          "token=", "", "token=%ZZ", "token=" + "x".repeat(70_000), "tok\u00e9n=\u00ff",
          "token=" + me.accessToken() + "&token_type_hint=refresh_token", "&&&=&=")
          .getBytes(StandardCharsets.UTF_8);
      kind = "form";
    } else if (p < 5) {
      headers.put("Content-Type", "application/json");
      body = malformed(r);
      kind = "malformed";
      strict = true;
    } else if (p < 9) {
      headers.put("Content-Type", r.nextInt(8) == 0 ? "application/json; charset=UTF-8"
          : "application/json");
      body = values(r, route.fields(), me);
      kind = "values";
    } else {
      String type = contentType(r);
      if (type != null) {
        headers.put("Content-Type", type);
      }
      body = values(r, route.fields(), me);
      kind = "content-type";
      strict = type == null || !type.toLowerCase(java.util.Locale.ROOT).matches(
          "application/json(; ?charset=\"?utf-?8\"?)?");
    }
    if (r.nextInt(30) == 0) {
      headers.put("X-Janua-Junk", "v".repeat(r.nextInt(6000)));
    }
    String method = route.method();
    return new Request(route, method, path, headers, body, kind, strict);
  }

  private static String authorization(Random r, Identity me) {
    return switch (r.nextInt(14)) {
      case 0 -> null;
      case 1 -> "Bearer " + "A".repeat(r.nextInt(12_000));
      case 2 -> "Bearer " + me.accessToken().substring(0, r.nextInt(me.accessToken().length()));
      case 3 -> pick(r, "Bearer", "Bearer ", "bearer " + me.accessToken(), "Bearer  "
          + me.accessToken(), "Basic " + Base64.getEncoder().encodeToString(
          "janua-app:wrong".getBytes(StandardCharsets.UTF_8)), "Basic !!!", "Token x",
          "Bearer jnu_" + "0".repeat(40), "Bearer jrt_x", "Bearer " + me.refreshToken(),
          "Bearer \u00e9\u00e8", "Bearer a.b.c", "Negotiate YII=");
      case 4 -> "Bearer " + flip(me.accessToken(), r);
      default -> "Bearer " + me.accessToken();
    };
  }

  private static String path(String template, Random r, Identity me) {
    String path = template;
    path = path.replace("{id}", template.contains("/sessions/") && r.nextBoolean()
        ? me.sessionId() : r.nextInt(3) > 0 ? me.organizationId() : oddSegment(r));
    path = path.replace("{user_id}", r.nextBoolean() ? me.userId() : oddSegment(r));
    path = path.replace("{name}", r.nextBoolean() ? pick(r, "member", "admin", "owner")
        : oddSegment(r));
    path = path.replace("{invitation_id}", oddSegment(r));
    if (r.nextInt(6) == 0) {
      path += pick(r, "?limit=-1", "?limit=99999999999999999999", "?limit=abc&cursor=%00",
          "?cursor=" + "z".repeat(3000), "?fallback_role=", "?fallback_role=%F0%9F%98%80",
          "?limit=10&limit=20", "?%%%");
    }
    return path;
  }

  private static String oddSegment(Random r) {
    return pick(r, "x", "-1", "0", "null", "%00", "%2F", "%2e%2e", "%C3%A9", "%FF%FE",
        "a".repeat(2000), "00000000-0000-0000-0000-000000000000", "%20", "%E2%80%AE");
  }

  /** A body no JSON route can take. */
  private static byte[] malformed(Random r) {
    int depth = 100 + r.nextInt(5000);
    String s = switch (r.nextInt(16)) {
      case 0 -> "";
      case 1 -> "{";
      case 2 -> pick(r, "[]", "\"str\"", "1", "null", "true", "[{}]");
      case 3 -> "{\"a\":1}{}";
      case 4 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
      case 5 -> "[".repeat(depth) + "]".repeat(depth);
      case 6 -> "{\"email\":\"" + "x".repeat(66_000) + "\"}";
      case 7 -> "{'single':'quotes'}";
      case 8 -> "{\"a\":NaN}";
      case 9 -> "{\"a\":01}";
      case 10 -> "{\"a\":\"\\x\"}";
      case 11 -> "{\"a\" 1}";
      case 12 -> "{\"a\":1,}";
      case 13 -> "/* c */ {}";
      case 14 -> "nul";
      default -> "{\"a\":\"unterminated}";
    };
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A JSON object with the route's fields (and others), each of any type or an odd value. */
  private static byte[] values(Random r, List<String> fields, Identity me) {
    List<String> members = new ArrayList<>();
    List<String> names = new ArrayList<>(fields);
    if (names.isEmpty() || r.nextInt(4) == 0) {
      names.add(pick(r, "unknown", "__proto__", "role", "email", "is_admin", ""));
    }
    for (String name : names) {
      if (r.nextInt(6) == 0) {
        continue; // a missing field
      }
      members.add("\"" + name + "\":" + value(r, name, me));
      if (r.nextInt(12) == 0) {
        members.add("\"" + name + "\":" + value(r, name, me)); // a duplicate key
      }
    }
    String json = "{" + String.join(",", members) + "}";
    return switch (r.nextInt(20)) {
      case 0 -> json.getBytes(StandardCharsets.UTF_16LE);
      case 1 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
          json.getBytes(StandardCharsets.UTF_8));
      case 2 -> invalidUtf8(json, r);
      default -> json.getBytes(StandardCharsets.UTF_8);
    };
  }

  private static String value(Random r, String name, Identity me) {
    return switch (r.nextInt(14)) {
      case 0 -> "null";
      case 1 -> pick(r, "1", "-1", "1e999999", "123456789012345678901234567890", "0.5", "true");
      case 2 -> pick(r, "[]", "{}", "[\"a\"]", "[null]", "{\"a\":\"b\"}", "[1,2]");
      case 3 -> quote("x".repeat(r.nextInt(r.nextInt(60_000) + 1)));
      case 4 -> quote(pick(r, "", " ", "\u0000", "a\u202Eb", "\uD800", "\u0007bell", "\t\n",
          "\uFEFF", "\u200Fx", "e\u0301", "\uFF41@example.com", "..", "%00"));
      case 5 -> quote(pick(r, "a@b.c", "not-an-email", "@", "a@", "a@b", "a@b.c" + "c".repeat(300),
          "A@EXAMPLE.COM", "a@exa mple.com", "a\"b@c.d", "fuzz-" + r.nextInt(1000) + "@example.com"));
      case 6 -> quote(pick(r, "password", "correct horse battery", "short", "x".repeat(600),
          "\u00e9".repeat(200), "P@ssw0rd!", "        "));
      case 7 -> quote(pick(r, me.accessToken(), me.refreshToken(), "jrt_" + "A".repeat(43),
          "jnu_" + "0".repeat(40), "jat_x", "2027-01-01T00:00:00Z", "9999-99-99", "owner",
          "admin", "member", "nope", me.organizationId(), me.userId(), "users:read", "*"));
      case 8 -> "[" + quote(pick(r, "users:read", "*", "", "x".repeat(500), "org:delete")) + "]";
      case 9 -> "\"\\u0041\\u00e9\\ud83d\\ude00\"";
      default -> quote(name.contains("email") ? "fuzz-" + r.nextInt(100_000) + "@example.com"
          : name.contains("password") ? "long enough passphrase " + r.nextInt(1000)
          : name.equals("slug") ? "slug-" + r.nextInt(100_000) : "value " + r.nextInt(1000));
    };
  }

  private static String contentType(Random r) {
    return pick(r, null, "text/plain", "application/json; charset=latin1",
        "application/json; charset=utf-16", "application/x-www-form-urlencoded", "multipart/form-data",
        "application/json;;;", "APPLICATION/JSON", "application/jsonx", "*/*", "application/json, text/plain",
        "application/json; charset=\"utf-8\"", "\u00e9");
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        b.append('\\').append(ch);
      } else if (ch < 0x20 || Character.isSurrogate(ch)) {
        b.append(String.format("\\u%04x", (int) ch));
      } else {
        b.append(ch);
      }
    }
    return b.append('"').toString();
  }

  private static String flip(String s, Random r) {
    char[] c = s.toCharArray();
    int i = r.nextInt(c.length);
    c[i] = c[i] == 'A' ? 'B' : 'A';
    return new String(c);
  }

  private static byte[] invalidUtf8(String json, Random r) {
    byte[] bad = pick(r, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF},
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC3});
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    int at = json.indexOf(":\"");
    at = at < 0 ? bytes.length / 2 : at + 2;
    return concat(concat(java.util.Arrays.copyOf(bytes, at), bad),
        java.util.Arrays.copyOfRange(bytes, at, bytes.length));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }
}
