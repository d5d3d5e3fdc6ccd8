package dev.janua;

import dev.janua.internal.Keys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The keys tokens are signed and verified with: one active signing key; pending keys, published
 * and verifying but not yet signing, each with the instant it takes over; and retired keys that
 * still verify until every token they signed has expired. Immutable: rotation, {@link
 * #advancedTo(Instant) activation} and deletion return a new ring. The JWKS of every key is
 * computed once.
 */
public final class KeyRing {
  private final SigningKey active;
  /** Every key by kid, the active one first; retired keys verify-only. */
  private final Map<String, SigningKey> byKid;
  private final Map<String, Instant> retiredAt;
  /** Pending keys (able to sign) and when each starts signing. */
  private final Map<String, Instant> activatesAt;
  private final String jwksJson;

  private KeyRing(SigningKey active, Map<String, SigningKey> byKid, Map<String, Instant> retiredAt,
      Map<String, Instant> activatesAt) {
    this.active = active;
    this.byKid = Collections.unmodifiableMap(byKid);
    this.retiredAt = Collections.unmodifiableMap(retiredAt);
    this.activatesAt = Collections.unmodifiableMap(activatesAt);
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
    return new KeyRing(active, map, new LinkedHashMap<>(), new LinkedHashMap<>());
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
    requireNew(key);
    Map<String, SigningKey> map = new LinkedHashMap<>(byKid);
    map.put(key.kid(), key.verifyOnly());
    Map<String, Instant> retired = new LinkedHashMap<>(retiredAt);
    retired.put(key.kid(), Objects.requireNonNull(when, "when"));
    return new KeyRing(active, map, retired, new LinkedHashMap<>(activatesAt));
  }

  /**
   * This ring plus a pending key: published (in the JWKS, verifying) at once, signing from {@code
   * when} on, once the ring is {@link #advancedTo(Instant) advanced} past it.
   *
   * @throws IllegalArgumentException when the key cannot sign or the ring has a key of that kid
   */
  public KeyRing withPending(SigningKey key, Instant when) {
    requireNew(key);
    if (!key.canSign()) {
      throw new IllegalArgumentException("a pending key must have a private key: " + key.kid());
    }
    Map<String, SigningKey> map = new LinkedHashMap<>(byKid);
    map.put(key.kid(), key);
    Map<String, Instant> pending = new LinkedHashMap<>(activatesAt);
    pending.put(key.kid(), Objects.requireNonNull(when, "when"));
    return new KeyRing(active, map, new LinkedHashMap<>(retiredAt), pending);
  }

  private void requireNew(SigningKey key) {
    if (byKid.containsKey(key.kid())) {
      throw new IllegalArgumentException("the ring already has a key with kid " + key.kid());
    }
  }

  /**
   * A ring where {@code next} signs at once and every other key only verifies: the active key and
   * any pending one are retired at {@code now} (an emergency rotation).
   */
  public KeyRing rotate(SigningKey next, Instant now) {
    KeyRing ring = KeyRing.of(next);
    for (SigningKey k : byKid.values()) {
      if (!ring.byKid.containsKey(k.kid())) {
        Instant retired = retiredAt.get(k.kid());
        ring = ring.withRetired(k, retired != null ? retired : now);
      }
    }
    return ring;
  }

  /**
   * This ring as it stands at {@code now}: each pending key due by then has become the active key
   * in turn, its predecessor retired at the instant it took over. This ring when none is due.
   */
  public KeyRing advancedTo(Instant now) {
    KeyRing ring = this;
    Optional<Map.Entry<String, Instant>> due;
    while ((due = ring.nextPending()).isPresent() && !due.get().getValue().isAfter(now)) {
      ring = ring.promote(due.get().getKey(), due.get().getValue());
    }
    return ring;
  }

  private Optional<Map.Entry<String, Instant>> nextPending() {
    return activatesAt.entrySet().stream().min(Map.Entry.comparingByValue());
  }

  private KeyRing promote(String kid, Instant at) {
    SigningKey next = byKid.get(kid);
    Map<String, SigningKey> map = new LinkedHashMap<>();
    map.put(kid, next);
    for (SigningKey k : byKid.values()) {
      if (!k.kid().equals(kid)) {
        map.put(k.kid(), k.kid().equals(active.kid()) ? k.verifyOnly() : k);
      }
    }
    Map<String, Instant> retired = new LinkedHashMap<>(retiredAt);
    retired.put(active.kid(), at);
    Map<String, Instant> pending = new LinkedHashMap<>(activatesAt);
    pending.remove(kid);
    return new KeyRing(next, map, retired, pending);
  }

  /** This ring without the verify-only keys retired before {@code cutoff}. */
  public KeyRing withoutRetiredBefore(Instant cutoff) {
    Map<String, SigningKey> map = new LinkedHashMap<>(byKid);
    Map<String, Instant> retired = new LinkedHashMap<>(retiredAt);
    boolean changed = false;
    for (Map.Entry<String, Instant> e : retiredAt.entrySet()) {
      if (e.getValue().isBefore(cutoff)) {
        map.remove(e.getKey());
        retired.remove(e.getKey());
        changed = true;
      }
    }
    return changed ? new KeyRing(active, map, retired, new LinkedHashMap<>(activatesAt)) : this;
  }

  /**
   * This ring without the key {@code kid} (deleted: tokens it signed no longer verify); this ring
   * when it has no such key.
   *
   * @throws IllegalArgumentException when {@code kid} is the active key
   */
  public KeyRing without(String kid) {
    if (active.kid().equals(kid)) {
      throw new IllegalArgumentException("the active key cannot be removed: " + kid);
    }
    if (!byKid.containsKey(kid)) {
      return this;
    }
    Map<String, SigningKey> map = new LinkedHashMap<>(byKid);
    map.remove(kid);
    Map<String, Instant> retired = new LinkedHashMap<>(retiredAt);
    retired.remove(kid);
    Map<String, Instant> pending = new LinkedHashMap<>(activatesAt);
    pending.remove(kid);
    return new KeyRing(active, map, retired, pending);
  }

  /** The key that signs new tokens (as of the last {@link #advancedTo(Instant)}). */
  public SigningKey active() {
    return active;
  }

  /** The key with this kid: active, pending or verify-only. */
  public Optional<SigningKey> find(@Nullable String kid) {
    return kid == null ? Optional.empty() : Optional.ofNullable(byKid.get(kid));
  }

  /** Every key, the active one first. */
  public List<SigningKey> keys() {
    return List.copyOf(new ArrayList<>(byKid.values()));
  }

  /** The pending keys, the first to take over first. */
  public List<SigningKey> pending() {
    return activatesAt.entrySet().stream().sorted(Map.Entry.comparingByValue())
        .map(e -> byKid.get(e.getKey())).toList();
  }

  /** When a pending key starts signing; empty for other keys. */
  public Optional<Instant> activatesAt(String kid) {
    return Optional.ofNullable(activatesAt.get(kid));
  }

  /** When the next pending key takes over; empty when none is pending. */
  public Optional<Instant> nextActivation() {
    return activatesAt.values().stream().min(Comparator.naturalOrder());
  }

  /** When a verify-only key was retired; empty for the active key, pending keys and unknown kids. */
  public Optional<Instant> retiredAt(String kid) {
    return Optional.ofNullable(retiredAt.get(kid));
  }

  /**
   * The JSON Web Key Set of every key, pending ones included ({@code {"keys":[...]}}, public parts
   * only), to be served with the engine's {@link SigningKeys#jwksCacheControl()}.
   */
  public String jwksJson() {
    return jwksJson;
  }

  @Override
  public String toString() {
    return "KeyRing[active=" + active.kid() + ", pending=" + activatesAt.keySet() + ", keys="
        + byKid.keySet() + "]";
  }
}
