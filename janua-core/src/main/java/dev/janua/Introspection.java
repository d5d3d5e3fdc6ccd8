package dev.janua;

import dev.janua.internal.JsonText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer of token introspection (RFC 7662), from {@code engine.oauth().introspect}: {@code
 * {"active": false}} for any token that is not a live access token of this engine, else {@code
 * active: true} with what the token says (docs/tokens.md lists the members). Serve {@link #json()}
 * as {@code application/json} with {@code Cache-Control: no-store}.
 */
public final class Introspection {
  private static final Introspection INACTIVE = new Introspection(Map.of("active", false));

  private final Map<String, Object> members;

  private Introspection(Map<String, Object> members) {
    this.members = members;
  }

  static Introspection inactive() {
    return INACTIVE;
  }

  static Introspection of(Principal p, JanuaConfig config) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("active", true);
    m.put("iss", config.issuer());
    m.put("sub", p.userId());
    m.put("aud", config.audience());
    m.put("client_id", p.clientId());
    if (!p.scopes().isEmpty()) {
      m.put("scope", String.join(" ", p.scopes()));
    }
    m.put("token_type", "Bearer");
    m.put("exp", p.expiresAt().getEpochSecond());
    m.put("iat", p.issuedAt().getEpochSecond());
    m.put("jti", p.tokenId());
    m.put("sid", p.sessionId());
    if (p.organizationId() != null) {
      m.put("org", p.organizationId());
    }
    if (!p.roles().isEmpty()) {
      m.put("roles", p.roles());
    }
    if (!p.amr().isEmpty()) {
      m.put("amr", p.amr());
    }
    if (p.hasAuthTime()) {
      m.put("auth_time", p.authTime().getEpochSecond());
    }
    return new Introspection(Collections.unmodifiableMap(m));
  }

  /** Whether the token is a live access token of this engine. */
  public boolean active() {
    return (Boolean) members.get("active");
  }

  /** The members as an unmodifiable map, {@code active} first, in the order they are written. */
  public Map<String, Object> asMap() {
    return members;
  }

  /** The answer as JSON text. */
  public String json() {
    return JsonText.write(members);
  }

  @Override
  public String toString() {
    return "Introspection" + members;
  }
}
