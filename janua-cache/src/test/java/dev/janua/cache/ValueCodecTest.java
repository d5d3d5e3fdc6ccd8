package dev.janua.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.Membership;
import dev.janua.MembershipStatus;
import dev.janua.Organization;
import dev.janua.Role;
import dev.janua.Session;
import dev.janua.cache.internal.ValueCodec;
import dev.janua.spi.StoredUser;
import dev.janua.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueCodecTest {
  private final Instant now = Instant.parse("2026-06-01T10:00:00.123456Z");

  private Object roundTrip(Object value) {
    return ValueCodec.decode(ValueCodec.encode(value));
  }

  @Test
  void encode_everyStoreRecord_roundTrips() {
    // users as caches keep them: without the password hash
    StoredUser user = Fixtures.user(now).withoutPasswordHash();
    StoredUser noName = new StoredUser("id", "e@x.org", null, StoredUser.HASH_WITHHELD, false,
        now, now);
    Session live = Fixtures.session(user.id(), now, Duration.ofDays(30));
    Session revoked = new Session("s", "u", null, null, now, now, now.plusSeconds(9), now);
    Session steppedUp = new Session("s2", "u", "ip", "ua", now, now, now.plusSeconds(9), null,
        List.of("pwd", "otp", "mfa"), now.plusSeconds(3));
    Organization org = Fixtures.organization(user.id(), now);
    Membership m = new Membership(org.id(), user.id(), "billing", MembershipStatus.SUSPENDED, now);
    Role role = new Role(org.id(), "billing", Set.of("invoices:*", "org:read"), now);
    for (Object v : List.of(user, noName, live, revoked, steppedUp, org, m, role, "text", true, 42L,
        Optional.empty(), Optional.of(user), List.of(), List.of(m, m), List.of(role),
        Optional.of("user-id"))) {
      assertThat(roundTrip(v)).as(v.getClass().getSimpleName()).isEqualTo(v);
    }
  }

  @Test
  void encode_userWithHash_neverWritesTheHash() {
    StoredUser user = Fixtures.user(now);
    byte[] bytes = ValueCodec.encode(Optional.of(user));
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(text).doesNotContain(Fixtures.HASH).doesNotContain(Fixtures.HASH.substring(7, 29));
    assertThat(ValueCodec.decode(bytes)).isEqualTo(Optional.of(user.withoutPasswordHash()));
  }

  @Test
  void decode_olderUserEncodingWithHash_dropsTheHash() throws IOException {
    // tag 11, the encoding written before hashes were withheld
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(ValueCodec.VERSION);
      out.writeByte(11);
      for (String s : new String[] {"id", "e@x.org", "Name", Fixtures.HASH}) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
      }
      out.writeBoolean(true);
      for (int i = 0; i < 2; i++) {
        out.writeLong(now.getEpochSecond());
        out.writeInt(now.getNano());
      }
      out.writeBoolean(false);
    }
    assertThat(ValueCodec.decode(bytes.toByteArray())).isEqualTo(new StoredUser("id", "e@x.org",
        "Name", StoredUser.HASH_WITHHELD, true, now, now));
  }

  @Test
  void encode_startsWithVersionByte_andIsCompact() {
    byte[] bytes = ValueCodec.encode(Optional.of(Fixtures.user(now)));
    assertThat(bytes[0]).isEqualTo(ValueCodec.VERSION);
    // Java serialization would start with AC ED and be several times larger
    assertThat(bytes[1]).isNotEqualTo((byte) 0xED);
    assertThat(bytes.length).isLessThan(250);
  }

  @Test
  void decode_otherVersion_rejected() {
    byte[] bytes = ValueCodec.encode("x");
    bytes[0] = 99;
    assertThatThrownBy(() -> ValueCodec.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
  }

  @Test
  void decode_truncatedOrGarbage_rejectedAsIllegalArgument() {
    byte[] bytes = ValueCodec.encode(Fixtures.user(now));
    assertThatThrownBy(() -> ValueCodec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValueCodec.decode(new byte[] {ValueCodec.VERSION, 77}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag");
    assertThatThrownBy(() -> ValueCodec.decode(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encode_unsupportedType_rejected_andSupportsSaysSo() {
    assertThat(ValueCodec.supports(new Object())).isFalse();
    assertThat(ValueCodec.supports(List.of("a", new Object()))).isFalse();
    assertThat(ValueCodec.supports(Optional.of(Fixtures.user(now)))).isTrue();
    assertThatThrownBy(() -> ValueCodec.encode(new Object()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no cache encoding");
  }
}
