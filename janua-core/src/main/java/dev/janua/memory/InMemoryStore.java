package dev.janua.memory;

import dev.janua.spi.ApiTokenStore;
import dev.janua.spi.AccountTokenStore;
import dev.janua.spi.AuditStore;
import dev.janua.spi.DeviceStore;
import dev.janua.spi.FactorStore;
import dev.janua.spi.InvitationStore;
import dev.janua.spi.OrganizationStore;
import dev.janua.spi.PasskeyStore;
import dev.janua.spi.RetentionStore;
import dev.janua.spi.SessionStore;
import dev.janua.spi.SigningKeyStore;
import dev.janua.spi.Store;
import dev.janua.spi.UserStore;

/**
 * A {@link Store} in this process's memory: the embedded default and the store of test suites.
 * Reads are lock-free; every write takes the store's one lock, so each operation is atomic as the
 * SPI demands, also those that span aggregates (signup writes a user and a session). Nothing
 * survives a restart, and instances do not share anything. Its size stays bounded by the same
 * retention purge as the database store's ({@link #retention()}).
 */
public final class InMemoryStore implements Store {
  private final MemoryState state = new MemoryState();
  private final MemoryUsers users = new MemoryUsers(state);
  private final MemorySessions sessions = new MemorySessions(state);
  private final MemoryOrganizations organizations = new MemoryOrganizations(state);
  private final MemoryAudit audit = new MemoryAudit(state);
  private final MemorySigningKeys signingKeys = new MemorySigningKeys(state);
  private final MemoryApiTokens apiTokens = new MemoryApiTokens(state);
  private final MemoryAccountTokens accountTokens = new MemoryAccountTokens(state);
  private final MemoryInvitations invitations = new MemoryInvitations(state);
  private final MemoryRetention retention = new MemoryRetention(state, invitations);
  private final MemoryDevices devices = new MemoryDevices(state);
  private final MemoryFactors factors = new MemoryFactors(state);
  private final MemoryPasskeys passkeys = new MemoryPasskeys(state);

  @Override
  public UserStore users() {
    return users;
  }

  @Override
  public SessionStore sessions() {
    return sessions;
  }

  @Override
  public OrganizationStore organizations() {
    return organizations;
  }

  @Override
  public AuditStore audit() {
    return audit;
  }

  @Override
  public SigningKeyStore signingKeys() {
    return signingKeys;
  }

  @Override
  public ApiTokenStore apiTokens() {
    return apiTokens;
  }

  @Override
  public AccountTokenStore accountTokens() {
    return accountTokens;
  }

  @Override
  public InvitationStore invitations() {
    return invitations;
  }

  @Override
  public RetentionStore retention() {
    return retention;
  }

  @Override
  public DeviceStore devices() {
    return devices;
  }

  @Override
  public FactorStore factors() {
    return factors;
  }

  @Override
  public PasskeyStore passkeys() {
    return passkeys;
  }
}
