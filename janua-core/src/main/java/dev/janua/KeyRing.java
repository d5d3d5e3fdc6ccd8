package dev.janua;

import dev.janua.internal.Keys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The keys tokens are signed and verified with: one active signing key, plus older keys that
 * still verify until every token they signed has expired. Immutable; rotation returns a new ring.
 * The JWKS of every key is computed once.
 */
public final class KeyRing {
  private final SigningKey active;
  private final Map<String, SigningKey> byKid;
  private final Map<String, Instant> retiredAt;
  private final String jwksJson;

  private KeyRing(SigningKey active, Map<String, SigningKey> byKid, Map<String, Instant> retiredAt) {
    this.active = active;
    this.byKid = Collections.unmodifiableMap(byKid);
    this.retiredAt = Collections.unmodifiableMap(retiredAt);
    this.jwksJson = Keys.jwksJson(byKid.values());
  }

  /**
   * A ring with one active signing key.
   *
   * @throws IllegalArgumentException when the key cannot sign
   */
  public static KeyRing of(SigningKey active) {
    Objects.requireNonNull(active, "active");
    if (!active.canSign()) {
      throw new IllegalArgumentException("the active key must have a private key: " + active.kid());
    }
    Map<String, SigningKey> map = new LinkedHashMap<>();
    map.put(active.kid(), active);
    return new KeyRing(active, map, new LinkedHashMap<>());
  }

  /** A ring with one freshly generated key of {@code algorithm}. */
  public static KeyRing generate(String algorithm) {
    return of(SigningKey.generate(algorithm));
  }

  /**
   * This ring plus a verify-only key retired at {@code when}.
   *
   * @throws IllegalArgumentException when the ring has a key of that kid
   */
  public KeyRing withRetired(SigningKey key, Instant when) {
    if (byKid.containsKey(key.kid())) {
      throw new IllegalArgumentException("the ring already has a key with kid " + key.kid());
    }
    Map<String, SigningKey> map = new LinkedHashMap<>(byKid);
    map.put(key.kid(), key.verifyOnly());
    Map<String, Instant> retired = new LinkedHashMap<>(retiredAt);
    retired.put(key.kid(), Objects.requireNonNull(when, "when"));
    return new KeyRing(active, map, retired);
  }

  /**
   * A ring where {@code next} signs and the current active key only verifies, retired at {@code now}.
   */
  public KeyRing rotate(SigningKey next, Instant now) {
    return KeyRing.of(next).withAll(this, active, now);
  }

  private KeyRing withAll(KeyRing previous, SigningKey previousActive, Instant now) {
    KeyRing ring = this;
    for (SigningKey k : previous.byKid.values()) {
      if (!ring.byKid.containsKey(k.kid())) {
        Instant when = k == previousActive ? now : previous.retiredAt.get(k.kid());
        ring = ring.withRetired(k, when);
      }
    }
    return ring;
  }

  /** This ring without the verify-only keys retired before {@code cutoff}. */
  public KeyRing withoutRetiredBefore(Instant cutoff) {
    KeyRing ring = KeyRing.of(active);
    for (Map.Entry<String, Instant> e : retiredAt.entrySet()) {
      if (!e.getValue().isBefore(cutoff)) {
        ring = ring.withRetired(byKid.get(e.getKey()), e.getValue());
      }
    }
    return ring;
  }

  /** The key that signs new tokens. */
  public SigningKey active() {
    return active;
  }

  /** The key with this kid, active or verify-only. */
  public Optional<SigningKey> find(@Nullable String kid) {
    return kid == null ? Optional.empty() : Optional.ofNullable(byKid.get(kid));
  }

  /** Every key, the active one first. */
  public List<SigningKey> keys() {
    return List.copyOf(new ArrayList<>(byKid.values()));
  }

  /** When a verify-only key was retired; empty for the active key and unknown kids. */
  public Optional<Instant> retiredAt(String kid) {
    return Optional.ofNullable(retiredAt.get(kid));
  }

  /**
   * The JSON Web Key Set of every key ({@code {"keys":[...]}}, public parts only), to be served
   * with {@code Cache-Control: public, max-age=3600}.
   */
  public String jwksJson() {
    return jwksJson;
  }

  @Override
  public String toString() {
    return "KeyRing[active=" + active.kid() + ", keys=" + byKid.keySet() + "]";
  }
}
