package dev.janua.webauthn;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.util.exception.WebAuthnException;
import dev.janua.JanuaConfigException;
import dev.janua.spi.WebAuthnCeremony;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@link WebAuthnCeremony} on webauthn4j: options written as the WebAuthn Level 3 JSON forms,
 * responses ({@code PublicKeyCredential.toJSON()}) handed to webauthn4j as they came and verified
 * by it. Registration asks for a discoverable credential ({@code residentKey: required}), user
 * verification {@code preferred}, attestation {@code none}, and the algorithms ES256, EdDSA and
 * RS256; attestation statements are checked for consistency but not against trust anchors (a
 * relying party that asks for {@code none} makes no decision on the authenticator's make).
 * Stateless and thread-safe.
 */
public final class WebAuthn4jCeremony implements WebAuthnCeremony {
  /** The algorithms offered, most preferred first: ES256, EdDSA, RS256. */
  static final List<COSEAlgorithmIdentifier> ALGORITHMS = List.of(
      COSEAlgorithmIdentifier.ES256, COSEAlgorithmIdentifier.EdDSA, COSEAlgorithmIdentifier.RS256);
  private static final List<PublicKeyCredentialParameters> PARAMETERS = ALGORITHMS.stream()
      .map(a -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, a))
      .toList();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final ObjectConverter converter;
  private final WebAuthnManager manager;
  private final AttestedCredentialDataConverter credentialData;
  private final JsonMapper json;

  private WebAuthn4jCeremony() {
    this.converter = new ObjectConverter();
    // Non-strict: every attestation format is read and its signature checked, no trust anchors.
    this.manager = WebAuthnManager.createNonStrictWebAuthnManager(converter);
    this.credentialData = new AttestedCredentialDataConverter(converter);
    this.json = converter.getJsonMapper();
  }

  /**
   * A ceremony.
   *
   * @throws JanuaConfigException when the class path holds a Jackson that webauthn4j cannot run
   *     on (its Jackson 3.2 needs {@code com.fasterxml.jackson.core:jackson-annotations} 2.22 or
   *     later; a build that manages Jackson 2 lower must pin that artifact)
   */
  public static WebAuthn4jCeremony create() {
    try {
      return new WebAuthn4jCeremony();
    } catch (LinkageError e) {
      throw new JanuaConfigException(null, "janua-webauthn cannot start webauthn4j: it runs on "
          + "Jackson 3.2 (tools.jackson), which needs com.fasterxml.jackson.core:"
          + "jackson-annotations 2.22 or later on the class path; pin that version in the "
          + "build's dependency management (" + e + ")");
    }
  }

  @Override
  public String creationOptions(CreationRequest r) {
    ObjectNode o = json.createObjectNode();
    ObjectNode rp = o.putObject("rp");
    rp.put("id", r.rp().id());
    rp.put("name", r.rp().name());
    ObjectNode user = o.putObject("user");
    user.put("id", r.userHandle());
    user.put("name", r.userName());
    user.put("displayName", r.userDisplayName());
    o.put("challenge", r.challenge());
    ArrayNode params = o.putArray("pubKeyCredParams");
    for (COSEAlgorithmIdentifier a : ALGORITHMS) {
      params.addObject().put("type", "public-key").put("alg", a.getValue());
    }
    o.put("timeout", r.timeout().toMillis());
    descriptors(o.putArray("excludeCredentials"), r.excludeCredentialIds());
    ObjectNode selection = o.putObject("authenticatorSelection");
    selection.put("residentKey", "required");
    selection.put("requireResidentKey", true);
    selection.put("userVerification", "preferred");
    o.put("attestation", "none");
    return json.writeValueAsString(o);
  }

  @Override
  public String requestOptions(AssertionRequest r) {
    ObjectNode o = json.createObjectNode();
    o.put("challenge", r.challenge());
    o.put("timeout", r.timeout().toMillis());
    o.put("rpId", r.rp().id());
    descriptors(o.putArray("allowCredentials"), r.allowCredentialIds());
    o.put("userVerification", r.userVerificationRequired() ? "required" : "preferred");
    return json.writeValueAsString(o);
  }

  private static void descriptors(ArrayNode array, List<String> ids) {
    for (String id : ids) {
      array.addObject().put("type", "public-key").put("id", id);
    }
  }

  @Override
  public RegisteredCredential verifyRegistration(String responseJson, Expectation expected) {
    RegistrationData data;
    try {
      data = manager.parseRegistrationResponseJSON(responseJson);
      manager.verify(data, new RegistrationParameters(server(expected), PARAMETERS,
          expected.userVerificationRequired(), true));
    } catch (WebAuthnException | JacksonException | IllegalArgumentException e) {
      throw failed("registration", e);
    }
    AuthenticatorData<?> auth = data.getAttestationObject().getAuthenticatorData();
    AttestedCredentialData acd = auth.getAttestedCredentialData();
    if (acd == null) {
      throw new VerificationFailedException("registration: no attested credential data");
    }
    AAGUID aaguid = acd.getAaguid();
    List<String> transports = data.getTransports() == null ? List.of()
        : data.getTransports().stream().map(AuthenticatorTransport::getValue).sorted().toList();
    return new RegisteredCredential(B64.encodeToString(acd.getCredentialId()),
        credentialData.convert(acd), auth.getSignCount(), auth.isFlagUV(), auth.isFlagBE(),
        auth.isFlagBS(), aaguid == null || AAGUID.ZERO.equals(aaguid) ? null : aaguid.toString(),
        transports);
  }

  @Override
  public VerifiedAssertion verifyAssertion(String responseJson, Expectation expected,
      StoredCredential credential) {
    AuthenticationData data;
    try {
      AttestedCredentialData acd = credentialData.convert(credential.attestedCredentialData());
      data = manager.parseAuthenticationResponseJSON(responseJson);
      if (!Arrays.equals(data.getCredentialId(), acd.getCredentialId())) {
        throw new VerificationFailedException("authentication: another credential");
      }
      // Counter 0: the engine judges the counter itself, by compare-and-set in its store.
      CredentialRecordImpl record = new CredentialRecordImpl(new NoneAttestationStatement(), null,
          credential.backupEligible(), null, 0, acd, null, null, null, null);
      manager.verify(data, new AuthenticationParameters(server(expected), record,
          List.of(acd.getCredentialId()), expected.userVerificationRequired(), true));
    } catch (WebAuthnException | JacksonException | IllegalArgumentException e) {
      throw failed("authentication", e);
    }
    AuthenticatorData<?> auth = data.getAuthenticatorData();
    byte[] handle = data.getUserHandle();
    return new VerifiedAssertion(auth.getSignCount(), auth.isFlagUV(), auth.isFlagBS(),
        handle == null || handle.length == 0 ? null : B64.encodeToString(handle));
  }

  private static ServerProperty server(Expectation e) {
    Set<Origin> origins = new LinkedHashSet<>();
    for (String o : e.rp().origins()) {
      origins.add(Origin.create(o));
    }
    return ServerProperty.builder().origins(origins).rpId(e.rp().id())
        .challenge(new DefaultChallenge(B64D.decode(e.challenge()))).build();
  }

  private static VerificationFailedException failed(String ceremony, RuntimeException e) {
    // webauthn4j's messages name the check that failed, never key material.
    return new VerificationFailedException(ceremony + ": " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
  }
}
