package dev.janua.cache.internal;

import dev.janua.Membership;
import dev.janua.MembershipStatus;
import dev.janua.Organization;
import dev.janua.Role;
import dev.janua.Session;
import dev.janua.spi.StoredUser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The compact binary encoding of cached store records for the shared tier. Layout: one version
 * byte ({@link #VERSION}), then one tagged value. A tag is one byte; strings are a length (int,
 * -1 for null) and UTF-8 bytes; instants are epoch seconds (long) and nanos (int), with a leading
 * presence byte when nullable. A {@code StoredUser} is written without its password hash (read
 * back with {@link StoredUser#HASH_WITHHELD}): no hash is ever written to a shared tier. Never
 * Java serialization: a value read from a shared Redis can only
 * ever become one of the record types below.
 */
public final class ValueCodec {
  /** The format version written first; a reader of another version treats the value as a miss. */
  public static final byte VERSION = 1;

  private static final byte ABSENT = 0;
  private static final byte PRESENT = 1;
  private static final byte STRING = 2;
  private static final byte STORED_USER = 3;
  private static final byte SESSION = 4;
  private static final byte ORGANIZATION = 5;
  private static final byte MEMBERSHIP = 6;
  private static final byte ROLE = 7;
  private static final byte LIST = 8;
  private static final byte BOOLEAN = 9;
  private static final byte LONG = 10;
  // A user with its email verification time (version 2 of STORED_USER; 3 is still read).
  private static final byte STORED_USER_V2 = 11;
  // A user without its password hash (version 3, the only one written): hashes never leave the
  // store of record. Tags 3 and 11, which carried one, are still read, and the hash dropped.
  private static final byte STORED_USER_V3 = 12;
  // A session with its amr and auth_time (version 2 of SESSION, the only one written; 4 is read).
  private static final byte SESSION_V2 = 13;

  private static final int MAX_LIST = 1_000_000;

  private ValueCodec() {}

  /** Whether {@link #encode} accepts this value (recursively for optionals and lists). */
  public static boolean supports(@Nullable Object value) {
    if (value instanceof Optional<?> o) {
      return o.isEmpty() || supports(o.get());
    }
    if (value instanceof List<?> list) {
      for (Object e : list) {
        if (!supports(e)) {
          return false;
        }
      }
      return true;
    }
    return value instanceof String || value instanceof StoredUser || value instanceof Session
        || value instanceof Organization || value instanceof Membership || value instanceof Role
        || value instanceof Boolean || value instanceof Long;
  }

  /**
   * Encodes a value.
   *
   * @throws IllegalArgumentException when the value (or an element) is of an unsupported type
   */
  public static byte[] encode(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      write(out, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a value written by {@link #encode}.
   *
   * @throws IllegalArgumentException when the bytes are not a value of this version
   */
  public static Object decode(byte[] data) {
    if (data == null || data.length == 0) {
      throw new IllegalArgumentException("empty cache value");
    }
    if (data[0] != VERSION) {
      throw new IllegalArgumentException("cache value version " + data[0] + ", expected " + VERSION);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 1, data.length - 1))) {
      Object value = read(in);
      if (in.available() > 0) {
        throw new IllegalArgumentException("trailing bytes after cache value");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated cache value", e);
    }
  }

  private static void write(DataOutputStream out, @Nullable Object value) throws IOException {
    if (value instanceof Optional<?> o) {
      if (o.isEmpty()) {
        out.writeByte(ABSENT);
      } else {
        out.writeByte(PRESENT);
        write(out, o.get());
      }
    } else if (value instanceof String s) {
      out.writeByte(STRING);
      writeString(out, s);
    } else if (value instanceof StoredUser u) {
      out.writeByte(STORED_USER_V3);
      writeString(out, u.id());
      writeString(out, u.email());
      writeString(out, u.name());
      out.writeBoolean(u.enabled());
      writeInstant(out, u.createdAt());
      writeInstant(out, u.updatedAt());
      writeNullableInstant(out, u.emailVerifiedAt());
    } else if (value instanceof Session s) {
      out.writeByte(SESSION_V2);
      writeString(out, s.id());
      writeString(out, s.userId());
      writeString(out, s.ipAddress());
      writeString(out, s.userAgent());
      writeInstant(out, s.createdAt());
      writeInstant(out, s.lastUsedAt());
      writeInstant(out, s.expiresAt());
      writeNullableInstant(out, s.revokedAt());
      writeString(out, String.join(" ", s.amr()));
      writeInstant(out, s.authTime());
    } else if (value instanceof Organization o) {
      out.writeByte(ORGANIZATION);
      writeString(out, o.id());
      writeString(out, o.name());
      writeString(out, o.slug());
      writeString(out, o.ownerId());
      writeInstant(out, o.createdAt());
    } else if (value instanceof Membership m) {
      out.writeByte(MEMBERSHIP);
      writeString(out, m.organizationId());
      writeString(out, m.userId());
      writeString(out, m.role());
      out.writeByte(m.status().ordinal());
      writeInstant(out, m.joinedAt());
    } else if (value instanceof Role r) {
      out.writeByte(ROLE);
      writeString(out, r.organizationId());
      writeString(out, r.name());
      List<String> permissions = new ArrayList<>(r.permissions());
      permissions.sort(null);
      out.writeInt(permissions.size());
      for (String p : permissions) {
        writeString(out, p);
      }
      writeInstant(out, r.createdAt());
    } else if (value instanceof List<?> list) {
      out.writeByte(LIST);
      out.writeInt(list.size());
      for (Object e : list) {
        write(out, e);
      }
    } else if (value instanceof Boolean b) {
      out.writeByte(BOOLEAN);
      out.writeBoolean(b);
    } else if (value instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else {
      throw new IllegalArgumentException("no cache encoding for "
          + (value == null ? "null" : value.getClass().getName()));
    }
  }

  private static Object read(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    switch (tag) {
      case ABSENT:
        return Optional.empty();
      case PRESENT:
        return Optional.of(read(in));
      case STRING:
        return requireString(in);
      case STORED_USER:
        return new StoredUser(requireString(in), requireString(in), readString(in),
            requireString(in), in.readBoolean(), readInstant(in), readInstant(in))
            .withoutPasswordHash();
      case STORED_USER_V2:
        return new StoredUser(requireString(in), requireString(in), readString(in),
            requireString(in), in.readBoolean(), readInstant(in), readInstant(in),
            readNullableInstant(in)).withoutPasswordHash();
      case STORED_USER_V3:
        return new StoredUser(requireString(in), requireString(in), readString(in),
            StoredUser.HASH_WITHHELD, in.readBoolean(), readInstant(in), readInstant(in),
            readNullableInstant(in));
      case SESSION:
        return new Session(requireString(in), requireString(in), readString(in), readString(in),
            readInstant(in), readInstant(in), readInstant(in), readNullableInstant(in));
      case SESSION_V2: {
        String id = requireString(in);
        String user = requireString(in);
        String ip = readString(in);
        String ua = readString(in);
        java.time.Instant created = readInstant(in);
        java.time.Instant used = readInstant(in);
        java.time.Instant expires = readInstant(in);
        java.time.Instant revoked = readNullableInstant(in);
        String amr = requireString(in);
        return new Session(id, user, ip, ua, created, used, expires, revoked,
            amr.isEmpty() ? List.of() : List.of(amr.split(" ")), readInstant(in));
      }
      case ORGANIZATION:
        return new Organization(requireString(in), requireString(in), requireString(in),
            requireString(in), readInstant(in));
      case MEMBERSHIP: {
        String org = requireString(in);
        String user = requireString(in);
        String role = requireString(in);
        int status = in.readUnsignedByte();
        MembershipStatus[] statuses = MembershipStatus.values();
        if (status >= statuses.length) {
          throw new IllegalArgumentException("unknown membership status " + status);
        }
        return new Membership(org, user, role, statuses[status], readInstant(in));
      }
      case ROLE: {
        String org = requireString(in);
        String name = requireString(in);
        int n = readCount(in);
        Set<String> permissions = new HashSet<>();
        for (int i = 0; i < n; i++) {
          permissions.add(requireString(in));
        }
        return new Role(org, name, permissions, readInstant(in));
      }
      case LIST: {
        int n = readCount(in);
        List<Object> list = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          list.add(read(in));
        }
        return List.copyOf(list);
      }
      case BOOLEAN:
        return in.readBoolean();
      case LONG:
        return in.readLong();
      default:
        throw new IllegalArgumentException("unknown cache value tag " + tag);
    }
  }

  private static int readCount(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_LIST) {
      throw new IllegalArgumentException("bad element count " + n);
    }
    return n;
  }

  private static void writeString(DataOutputStream out, @Nullable String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static @Nullable String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > in.available()) {
      throw new IllegalArgumentException("bad string length " + n);
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static String requireString(DataInputStream in) throws IOException {
    String s = readString(in);
    if (s == null) {
      throw new IllegalArgumentException("missing required string");
    }
    return s;
  }

  private static void writeInstant(DataOutputStream out, Instant i) throws IOException {
    out.writeLong(i.getEpochSecond());
    out.writeInt(i.getNano());
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    long seconds = in.readLong();
    int nanos = in.readInt();
    return Instant.ofEpochSecond(seconds, nanos);
  }

  private static void writeNullableInstant(DataOutputStream out, @Nullable Instant i)
      throws IOException {
    out.writeBoolean(i != null);
    if (i != null) {
      writeInstant(out, i);
    }
  }

  private static @Nullable Instant readNullableInstant(DataInputStream in) throws IOException {
    return in.readBoolean() ? readInstant(in) : null;
  }
}
