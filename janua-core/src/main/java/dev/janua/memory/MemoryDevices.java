package dev.janua.memory;

import dev.janua.NotFoundException;
import dev.janua.spi.DeviceRecord;
import dev.janua.spi.DeviceStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The known devices of an {@link InMemoryStore}. */
final class MemoryDevices implements DeviceStore {
  private final MemoryState s;

  MemoryDevices(MemoryState state) {
    this.s = state;
  }

  @Override
  public void issue(DeviceRecord device, Instant now) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(now, "now");
    s.locked(() -> {
      if (!s.usersById.containsKey(device.userId())) {
        throw new NotFoundException("No such user");
      }
      s.devices.values().removeIf(d -> d.userId().equals(device.userId()) && !d.usableAt(now));
      s.devices.put(device.tokenHash(), device);
      java.util.List<DeviceRecord> mine = s.devices.values().stream()
          .filter(d -> d.userId().equals(device.userId()))
          .sorted(java.util.Comparator.comparing(DeviceRecord::createdAt)
              .thenComparing(DeviceRecord::id).reversed())
          .toList();
      for (int i = MAX_PER_USER; i < mine.size(); i++) {
        s.devices.remove(mine.get(i).tokenHash());
      }
      return null;
    });
  }

  @Override
  public Optional<DeviceRecord> find(String tokenHash) {
    return Optional.ofNullable(s.devices.get(Objects.requireNonNull(tokenHash, "tokenHash")));
  }

  @Override
  public int revokeAll(String userId) {
    Objects.requireNonNull(userId, "userId");
    return s.locked(() -> {
      int before = s.devices.size();
      s.devices.values().removeIf(d -> d.userId().equals(userId));
      return before - s.devices.size();
    });
  }

  @Override
  public boolean rememberMfa(String tokenHash, Instant until) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(until, "until");
    return s.locked(() -> {
      DeviceRecord d = s.devices.get(tokenHash);
      if (d == null) {
        return false;
      }
      s.devices.put(tokenHash, new DeviceRecord(d.id(), d.tokenHash(), d.userId(), d.createdAt(),
          d.expiresAt(), until));
      return true;
    });
  }

  @Override
  public int forgetMfa(String userId) {
    Objects.requireNonNull(userId, "userId");
    return s.locked(() -> {
      int n = 0;
      for (DeviceRecord d : java.util.List.copyOf(s.devices.values())) {
        if (d.userId().equals(userId) && d.mfaRememberedUntil() != null) {
          s.devices.put(d.tokenHash(), new DeviceRecord(d.id(), d.tokenHash(), d.userId(),
              d.createdAt(), d.expiresAt(), null));
          n++;
        }
      }
      return n;
    });
  }
}
