package dev.janua.testing;

import static dev.janua.testing.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuditEventType;
import dev.janua.NotFoundException;
import dev.janua.spi.DeviceRecord;
import dev.janua.spi.StoredUser;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link dev.janua.spi.DeviceStore}: devices round-trip by token hash, issuing
 * one deletes the user's expired devices, and a user's devices die with the user's sessions.
 */
public abstract class DeviceStoreContract extends AbstractStoreContract {

  /** Lets subclasses exist. */
  protected DeviceStoreContract() {}

  private DeviceRecord device(StoredUser u, Instant createdAt, Duration ttl) {
    return new DeviceRecord(UUID.randomUUID().toString(), Fixtures.id() + "-hash", u.id(),
        createdAt, createdAt.plus(ttl));
  }

  @Test
  void issue_thenFind_byTokenHash() {
    StoredUser u = createdUser();
    DeviceRecord d = device(u, now, Duration.ofDays(90));
    store.devices().issue(d, now);
    assertThat(store.devices().find(d.tokenHash())).contains(d);
    assertThat(sameDataStore().devices().find(d.tokenHash())).contains(d);
    assertThat(store.devices().find("unknown-" + d.tokenHash())).isEmpty();
  }

  @Test
  void issue_unknownUser_notFound_nothingWritten() {
    StoredUser ghost = Fixtures.user(now);
    DeviceRecord d = device(ghost, now, Duration.ofDays(90));
    assertThatThrownBy(() -> store.devices().issue(d, now)).isInstanceOf(NotFoundException.class);
    assertThat(store.devices().find(d.tokenHash())).isEmpty();
  }

  @Test
  void issue_deletesTheUsersExpiredDevices_only() {
    StoredUser u = createdUser();
    StoredUser other = createdUser();
    DeviceRecord old = device(u, now, Duration.ofDays(1));
    DeviceRecord live = device(u, now, Duration.ofDays(90));
    DeviceRecord othersOld = device(other, now, Duration.ofDays(1));
    store.devices().issue(old, now);
    store.devices().issue(live, now);
    store.devices().issue(othersOld, now);
    Instant later = now.plus(Duration.ofDays(2));
    assertThat(store.devices().find(old.tokenHash()).orElseThrow().usableAt(later)).isFalse();
    DeviceRecord fresh = device(u, later, Duration.ofDays(90));
    store.devices().issue(fresh, later);
    assertThat(store.devices().find(old.tokenHash())).isEmpty();
    assertThat(store.devices().find(live.tokenHash())).isPresent();
    assertThat(store.devices().find(fresh.tokenHash())).isPresent();
    assertThat(store.devices().find(othersOld.tokenHash())).isPresent();
  }

  @Test
  void issue_beyondTheCap_deletesTheOldest() {
    StoredUser u = createdUser();
    java.util.List<DeviceRecord> issued = new java.util.ArrayList<>();
    for (int i = 0; i < dev.janua.spi.DeviceStore.MAX_PER_USER + 2; i++) {
      DeviceRecord d = device(u, now.plusSeconds(i), Duration.ofDays(90));
      store.devices().issue(d, now.plusSeconds(i));
      issued.add(d);
    }
    assertThat(store.devices().find(issued.get(0).tokenHash())).isEmpty();
    assertThat(store.devices().find(issued.get(1).tokenHash())).isEmpty();
    for (DeviceRecord d : issued.subList(2, issued.size())) {
      assertThat(store.devices().find(d.tokenHash())).isPresent();
    }
  }

  @Test
  void revokeAll_deletesOnlyThatUsersDevices() {
    StoredUser u = createdUser();
    StoredUser other = createdUser();
    DeviceRecord a = device(u, now, Duration.ofDays(90));
    DeviceRecord b = device(u, now, Duration.ofDays(90));
    DeviceRecord c = device(other, now, Duration.ofDays(90));
    store.devices().issue(a, now);
    store.devices().issue(b, now);
    store.devices().issue(c, now);
    assertThat(store.devices().revokeAll(u.id())).isEqualTo(2);
    assertThat(store.devices().find(a.tokenHash())).isEmpty();
    assertThat(store.devices().find(b.tokenHash())).isEmpty();
    assertThat(store.devices().find(c.tokenHash())).isPresent();
    assertThat(store.devices().revokeAll(u.id())).isZero();
  }

  @Test
  void devices_dieWithTheUsersSessions_passwordChangeAndRevokeAll() {
    StoredUser u = createdUser();
    DeviceRecord a = device(u, now, Duration.ofDays(90));
    store.devices().issue(a, now);
    store.users().changePassword(u.id(), Fixtures.HASH, now,
        event(AuditEventType.PASSWORD_CHANGED, u.id(), now));
    assertThat(store.devices().find(a.tokenHash())).isEmpty();

    DeviceRecord b = device(u, now, Duration.ofDays(90));
    store.devices().issue(b, now);
    sameDataStore().sessions().revokeAll(u.id(), now,
        event(AuditEventType.SESSION_REVOKED, u.id(), now));
    assertThat(store.devices().find(b.tokenHash())).isEmpty();
  }

  @Test
  void rememberMfa_setsTheTime_roundTrips_andForgetMfaClearsOnlyThatUsersDevices() {
    StoredUser u = createdUser();
    StoredUser other = createdUser();
    DeviceRecord a = device(u, now, Duration.ofDays(90));
    DeviceRecord b = device(u, now, Duration.ofDays(90));
    DeviceRecord remembered = new DeviceRecord(UUID.randomUUID().toString(),
        Fixtures.id() + "-hash", other.id(), now, now.plus(Duration.ofDays(90)),
        now.plus(Duration.ofDays(30)));
    store.devices().issue(a, now);
    store.devices().issue(b, now);
    store.devices().issue(remembered, now);
    assertThat(store.devices().find(remembered.tokenHash())).contains(remembered);
    Instant until = now.plus(Duration.ofDays(30));
    assertThat(store.devices().rememberMfa(a.tokenHash(), until)).isTrue();
    assertThat(store.devices().rememberMfa("unknown-hash", until)).isFalse();
    assertThat(store.devices().find(a.tokenHash()).orElseThrow().mfaRememberedUntil())
        .isEqualTo(until);
    assertThat(sameDataStore().devices().find(a.tokenHash()).orElseThrow()
        .mfaRememberedAt(now)).isTrue();
    assertThat(store.devices().find(b.tokenHash()).orElseThrow().mfaRememberedUntil()).isNull();
    assertThat(store.devices().forgetMfa(u.id())).isEqualTo(1);
    assertThat(store.devices().find(a.tokenHash()).orElseThrow().mfaRememberedUntil()).isNull();
    assertThat(store.devices().find(a.tokenHash())).isPresent();
    assertThat(store.devices().find(remembered.tokenHash()).orElseThrow().mfaRememberedUntil())
        .isEqualTo(now.plus(Duration.ofDays(30)));
    assertThat(store.devices().forgetMfa(u.id())).isZero();
  }
}
