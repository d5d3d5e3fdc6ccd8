package dev.janua.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The WebAuthn (passkey) ceremonies the engine needs, implemented by a WebAuthn library: the
 * {@code janua-webauthn} module does it with webauthn4j. The engine owns everything around them:
 * challenges (made, stored hashed, single use), credential lookup, the signature counter, the
 * throttle and the audit log; an implementation only writes options and verifies responses. It is
 * stateless and thread-safe.
 *
 * <p>Wire format: options go out as the WebAuthn Level 3 {@code
 * PublicKeyCredentialCreationOptionsJSON} / {@code PublicKeyCredentialRequestOptionsJSON}
 * (camelCase members, binary values base64url without padding), which a browser turns into options
 * with {@code PublicKeyCredential.parseCreationOptionsFromJSON} / {@code
 * parseRequestOptionsFromJSON}; responses come in as the JSON of {@code
 * PublicKeyCredential.toJSON()}.
 * Every binary value crosses this interface as base64url without padding, except the attested
 * credential data.
 */
public interface WebAuthnCeremony {

  /**
   * The relying party: its id (a registrable domain such as {@code example.com}), its display name,
   * and the exact origins ({@code https://app.example.com}) a response may come from.
   */
  record RelyingParty(String id, String name, List<String> origins) {
    /** Checks that nothing is null and copies the origins. */
    public RelyingParty {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      origins = List.copyOf(origins);
    }
  }

  /**
   * What registration options carry.
   *
   * @param userHandle          the user handle (base64url), the {@code user.id} of the options
   * @param userName            the account name shown by the authenticator (the email)
   * @param userDisplayName     the display name (the user's name, else the email)
   * @param challenge           the challenge (base64url)
   * @param excludeCredentialIds the user's existing credential ids (base64url)
   * @param timeout             how long the browser may wait
   */
  record CreationRequest(RelyingParty rp, String userHandle, String userName,
      String userDisplayName, String challenge, List<String> excludeCredentialIds,
      Duration timeout) {
    /** Checks that nothing is null and copies the list. */
    public CreationRequest {
      Objects.requireNonNull(rp, "rp");
      Objects.requireNonNull(userHandle, "userHandle");
      Objects.requireNonNull(userName, "userName");
      Objects.requireNonNull(userDisplayName, "userDisplayName");
      Objects.requireNonNull(challenge, "challenge");
      excludeCredentialIds = List.copyOf(excludeCredentialIds);
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  /**
   * What authentication options carry.
   *
   * @param allowCredentialIds the credential ids that may answer (base64url); empty for a
   *     discoverable credential (passwordless sign-in without a typed name)
   * @param userVerificationRequired {@code required} rather than {@code preferred} user
   *     verification (a passkey that is the only factor)
   */
  record AssertionRequest(RelyingParty rp, String challenge, List<String> allowCredentialIds,
      Duration timeout, boolean userVerificationRequired) {
    /** Checks that nothing is null and copies the list. */
    public AssertionRequest {
      Objects.requireNonNull(rp, "rp");
      Objects.requireNonNull(challenge, "challenge");
      allowCredentialIds = List.copyOf(allowCredentialIds);
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  /**
   * What a response must match: the relying party (id and origins), the challenge the engine
   * consumed for it (base64url), and whether the UV flag must be set.
   */
  record Expectation(RelyingParty rp, String challenge, boolean userVerificationRequired) {
    /** Checks that nothing is null. */
    public Expectation {
      Objects.requireNonNull(rp, "rp");
      Objects.requireNonNull(challenge, "challenge");
    }
  }

  /**
   * A verified registration.
   *
   * @param credentialId           base64url
   * @param attestedCredentialData the attested credential data bytes (AAGUID, credential id, COSE
   *     public key), kept by the engine and handed back in {@link #verifyAssertion}
   * @param signCount              the authenticator's counter at registration
   * @param userVerified           the UV flag
   * @param backupEligible         the BE flag
   * @param backedUp               the BS flag
   * @param aaguid                 the AAGUID as a UUID string, or {@code null} when all zero
   * @param transports             what the browser reported, possibly empty
   */
  record RegisteredCredential(String credentialId, byte[] attestedCredentialData, long signCount,
      boolean userVerified, boolean backupEligible, boolean backedUp, @Nullable String aaguid,
      List<String> transports) {
    /** Checks that nothing required is null and copies the array and list. */
    public RegisteredCredential {
      Objects.requireNonNull(credentialId, "credentialId");
      attestedCredentialData = attestedCredentialData.clone();
      transports = List.copyOf(transports);
    }

    /** A copy of the attested credential data. */
    @Override
    public byte[] attestedCredentialData() {
      return attestedCredentialData.clone();
    }
  }

  /**
   * The credential an assertion claims to be from, as registered.
   *
   * @param backupEligible the BE flag at registration (it may not change)
   */
  record StoredCredential(String credentialId, byte[] attestedCredentialData,
      boolean backupEligible) {
    /** Checks that nothing is null and copies the array. */
    public StoredCredential {
      Objects.requireNonNull(credentialId, "credentialId");
      attestedCredentialData = attestedCredentialData.clone();
    }

    /** A copy of the attested credential data. */
    @Override
    public byte[] attestedCredentialData() {
      return attestedCredentialData.clone();
    }
  }

  /**
   * A verified assertion.
   *
   * @param signCount    the authenticator's counter in this assertion (the engine judges it)
   * @param userVerified the UV flag
   * @param backedUp     the BS flag
   * @param userHandle   the user handle the authenticator returned (base64url), or {@code null}
   */
  record VerifiedAssertion(long signCount, boolean userVerified, boolean backedUp,
      @Nullable String userHandle) {}

  /** A response that failed verification; its message never carries key material. */
  final class VerificationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public VerificationFailedException(String message) {
      super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public VerificationFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The {@code PublicKeyCredentialCreationOptionsJSON} of a registration. */
  String creationOptions(CreationRequest request);

  /**
   * Verifies a registration response ({@code PublicKeyCredential.toJSON()} of {@code
   * navigator.credentials.create}): client data type, challenge, origin, RP id hash, user presence,
   * the attestation statement (at least {@code none} and self attestation), the algorithm.
   *
   * @throws VerificationFailedException when it is malformed or does not verify
   */
  RegisteredCredential verifyRegistration(String responseJson, Expectation expected);

  /** The {@code PublicKeyCredentialRequestOptionsJSON} of an authentication. */
  String requestOptions(AssertionRequest request);

  /**
   * Verifies an authentication response ({@code PublicKeyCredential.toJSON()} of {@code
   * navigator.credentials.get}) against the stored credential: client data type, challenge,
   * origin, RP id hash, user presence, backup eligibility and the signature. The counter is not
   * judged here: it is returned for the engine to compare with its stored value.
   *
   * @throws VerificationFailedException when it is malformed or does not verify
   */
  VerifiedAssertion verifyAssertion(String responseJson, Expectation expected,
      StoredCredential credential);
}
