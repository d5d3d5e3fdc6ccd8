package dev.janua.spi;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A registered passkey (WebAuthn credential) as the store keeps it. The credential id is unique
 * across all users; the public key travels inside {@link #attestedCredentialData()} (AAGUID,
 * credential id and COSE key, as the authenticator wrote them at registration), which only the
 * {@link WebAuthnCeremony} reads.
 *
 * @param id                     Janua's id of the passkey (a UUID string), for rename and delete
 * @param userId                 whose passkey it is
 * @param credentialId           the WebAuthn credential id, base64url without padding; unique
 * @param attestedCredentialData the attested credential data bytes of the registration
 * @param signCount              the last accepted signature counter (0 for authenticators that
 *     do not count, such as synced passkeys)
 * @param backupEligible         whether the credential may be synced (BE flag at registration)
 * @param backedUp               whether it was backed up at its last use (BS flag)
 * @param aaguid                 the authenticator model's AAGUID, or {@code null} when all zero
 * @param transports             the transports the browser reported ({@code internal}, {@code
 *     hybrid}, {@code usb}...), possibly empty
 * @param name                   the user's label for it
 * @param createdAt              when it was registered
 * @param lastUsedAt             when an assertion last succeeded with it, or {@code null}
 */
public record PasskeyRecord(String id, String userId, String credentialId,
    byte[] attestedCredentialData, long signCount, boolean backupEligible, boolean backedUp,
    @Nullable String aaguid, List<String> transports, String name, Instant createdAt,
    @Nullable Instant lastUsedAt) {

  /** Checks that no required component is null, and copies the arrays and lists. */
  public PasskeyRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(credentialId, "credentialId");
    attestedCredentialData = Objects.requireNonNull(attestedCredentialData,
        "attestedCredentialData").clone();
    transports = List.copyOf(transports);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    if (signCount < 0) {
      throw new IllegalArgumentException("signCount must not be negative");
    }
  }

  /** A copy of the attested credential data. */
  @Override
  public byte[] attestedCredentialData() {
    return attestedCredentialData.clone();
  }

  /** Compares the bytes of the attested credential data, not the array's identity. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PasskeyRecord p && id.equals(p.id) && userId.equals(p.userId)
        && credentialId.equals(p.credentialId)
        && Arrays.equals(attestedCredentialData, p.attestedCredentialData)
        && signCount == p.signCount && backupEligible == p.backupEligible
        && backedUp == p.backedUp && Objects.equals(aaguid, p.aaguid)
        && transports.equals(p.transports) && name.equals(p.name)
        && createdAt.equals(p.createdAt) && Objects.equals(lastUsedAt, p.lastUsedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, credentialId, signCount, lastUsedAt);
  }

  /** The passkey after a successful assertion: its new counter, backup state and last use. */
  public PasskeyRecord used(long newSignCount, boolean nowBackedUp, Instant at) {
    return new PasskeyRecord(id, userId, credentialId, attestedCredentialData, newSignCount,
        backupEligible, nowBackedUp, aaguid, transports, name, createdAt, at);
  }

  /** The passkey with another name. */
  public PasskeyRecord named(String newName) {
    return new PasskeyRecord(id, userId, credentialId, attestedCredentialData, signCount,
        backupEligible, backedUp, aaguid, transports, newName, createdAt, lastUsedAt);
  }

  /** Without the key material. */
  @Override
  public String toString() {
    return "PasskeyRecord[id=" + id + ", userId=" + userId + ", signCount=" + signCount
        + ", backupEligible=" + backupEligible + ", backedUp=" + backedUp + ", aaguid=" + aaguid
        + ", transports=" + transports + ", createdAt=" + createdAt + ", lastUsedAt="
        + lastUsedAt + "]";
  }
}
