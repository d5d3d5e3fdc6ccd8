package dev.janua;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The resource servers registered to call token introspection and revocation ({@code
 * JANUA_CLIENTS=id:secret[,id:secret...]}), each authenticated with HTTP Basic. A secret is held
 * only as a salted SHA-256 from the moment it is added, and compared in constant time; an unknown
 * id costs the same hashing as a wrong secret. Since the hash is fast, secrets must be random, not
 * passwords: 16 to 256 characters of {@code A-Z a-z 0-9 . _ -} (for example {@code openssl rand
 * -hex 32}). Ids are 1 to 128 characters of the same set. Immutable; {@link #toString()} lists the
 * ids only, and two registries are equal only when they are the same object (salts are random).
 */
public final class OAuthClients {
  private static final String NAME = "clients (JANUA_CLIENTS)";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final OAuthClients NONE = new OAuthClients(Map.of());
  /** Compared against when the id is unknown, so that the answer takes as long as a wrong secret. */
  private static final Hashed DECOY = Hashed.of("decoy-secret-that-matches-nothing");

  private final Map<String, Hashed> clients;

  private OAuthClients(Map<String, Hashed> clients) {
    this.clients = clients;
  }

  /** No client: every introspection and revocation call is refused with {@code invalid_client}. */
  public static OAuthClients none() {
    return NONE;
  }

  /** A builder; {@link Builder#add} checks and hashes each client at once. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The clients of a {@code JANUA_CLIENTS} value: {@code id:secret} pairs separated by commas,
   * blanks around each pair ignored; blank for none.
   *
   * @throws IllegalArgumentException naming {@code JANUA_CLIENTS} and the offending id or pair's
   *     position, never quoting a secret
   */
  public static OAuthClients parse(String spec) {
    Objects.requireNonNull(spec, NAME);
    if (spec.isBlank()) {
      return NONE;
    }
    Builder b = builder();
    String[] pairs = spec.split(",", -1);
    for (int i = 0; i < pairs.length; i++) {
      String pair = pairs[i].strip();
      int colon = pair.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(NAME + " must be id:secret pairs separated by commas; "
            + "entry " + (i + 1) + " has no ':'");
      }
      b.add(pair.substring(0, colon), pair.substring(colon + 1));
    }
    return b.build();
  }

  /** The registered client ids, in the order they were added. */
  public Set<String> ids() {
    return Collections.unmodifiableSet(clients.keySet());
  }

  /** Whether no client is registered. */
  public boolean isEmpty() {
    return clients.isEmpty();
  }

  /**
   * Whether the credentials name a registered client and its secret: one SHA-256 and a
   * constant-time comparison, the same work for an unknown id.
   */
  boolean authenticate(@Nullable ClientCredentials credentials) {
    if (credentials == null) {
      return false;
    }
    Hashed h = clients.get(credentials.clientId());
    boolean match = (h == null ? DECOY : h).matches(credentials.clientSecret());
    return h != null && match;
  }

  /** The ids only. */
  @Override
  public String toString() {
    return "OAuthClients" + clients.keySet();
  }

  /** A salted SHA-256 of a secret. */
  private record Hashed(byte[] salt, byte[] hash) {
    static Hashed of(String secret) {
      byte[] salt = new byte[16];
      RANDOM.nextBytes(salt);
      return new Hashed(salt, digest(salt, secret));
    }

    boolean matches(String secret) {
      return MessageDigest.isEqual(hash, digest(salt, secret));
    }

    private static byte[] digest(byte[] salt, String secret) {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(salt);
        return sha.digest(secret.getBytes(StandardCharsets.UTF_8));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }
  }

  /** Collects clients; each secret is hashed as soon as it is added. Reusable. */
  public static final class Builder {
    private final Map<String, Hashed> clients = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Registers a client.
     *
     * @param id     1 to 128 characters of {@code A-Z a-z 0-9 . _ -}, not registered yet
     * @param secret 16 to 256 characters of the same set
     * @throws IllegalArgumentException naming {@code JANUA_CLIENTS} and the id (never the secret)
     */
    public Builder add(String id, String secret) {
      Objects.requireNonNull(id, NAME + " id");
      Objects.requireNonNull(secret, NAME + " secret");
      if (!token(id, 1, 128)) {
        throw new IllegalArgumentException(NAME + ": a client id must be 1 to 128 characters of "
            + "A-Z a-z 0-9 . _ -, got '" + printable(id) + "'");
      }
      if (clients.containsKey(id)) {
        throw new IllegalArgumentException(NAME + ": client id '" + id + "' is registered twice");
      }
      if (!token(secret, 16, 256)) {
        throw new IllegalArgumentException(NAME + ": the secret of client '" + id + "' must be 16 "
            + "to 256 characters of A-Z a-z 0-9 . _ - (random, e.g. openssl rand -hex 32)");
      }
      clients.put(id, Hashed.of(secret));
      return this;
    }

    /** The registry. */
    public OAuthClients build() {
      return clients.isEmpty() ? NONE
          : new OAuthClients(Collections.unmodifiableMap(new LinkedHashMap<>(clients)));
    }

    private static boolean token(String s, int min, int max) {
      if (s.length() < min || s.length() > max) {
        return false;
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.'
            || c == '_' || c == '-')) {
          return false;
        }
      }
      return true;
    }

    /** An id as it may be quoted: at most 40 characters, no control characters. */
    private static String printable(String id) {
      String s = id.length() > 40 ? id.substring(0, 40) + "..." : id;
      return s.replaceAll("\\p{Cntrl}", "?");
    }
  }
}
