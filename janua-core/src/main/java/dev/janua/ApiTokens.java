package dev.janua;

import dev.janua.internal.ApiTokenSecrets;
import dev.janua.internal.Inputs;
import dev.janua.internal.Permissions;
import dev.janua.spi.ApiTokenRecord;
import dev.janua.spi.Store;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * API tokens ({@code engine.apiTokens()}): long-lived credentials a user makes for scripts and
 * services, each bound to one organization and a subset of the user's permissions there. A token
 * is sent as {@code Authorization: Bearer jnu_...} and authenticated by {@link
 * AuthEngine#authenticate}, like an access token. It never outranks its owner: at every use it
 * holds only the permissions its owner still holds in the organization, and it stops working when
 * the owner is disabled or leaves. Every call here takes the principal of a signed-in session (an
 * API token cannot make, list or revoke tokens: {@link PermissionDeniedException}).
 */
public final class ApiTokens {
  private final ApiTokenService service;
  private final Store store;
  private final SessionTokens sessions;
  private final JanuaConfig config;
  private final Runner runner;

  ApiTokens(ApiTokenService service, Store store, SessionTokens sessions, JanuaConfig config,
      Runner runner) {
    this.service = service;
    this.store = store;
    this.sessions = sessions;
    this.config = config;
    this.runner = runner;
  }

  /**
   * Creates a token; its secret is in the result and nowhere else, ever.
   *
   * @param principal      a signed-in session (not an API token)
   * @param organizationId an organization the principal is an active member of
   * @param name           a label, 1 to 100 characters
   * @param permissions    at least one; each held by the principal in the organization now
   * @param expiresAt      required, in the future, at most {@code API_TOKEN_MAX_LIFETIME_DAYS} away
   * @throws ValidationException       naming {@code organization_id}, {@code name}, {@code
   *     permissions} (malformed, empty, or beyond the creator's own) or {@code expires_at}
   * @throws PermissionDeniedException when the principal is an API token, or not an active member
   *     of the organization (or there is no such organization: the two are not told apart)
   * @throws InvalidTokenException     {@code session_revoked} when the session has ended
   */
  public CreatedApiToken create(Principal principal, String organizationId, String name,
      Set<String> permissions, Instant expiresAt) {
    return runner.run(Operation.API_TOKENS, null, call -> {
      sessions.requireLive(principal);
      String org = Inputs.id(organizationId, "organization_id");
      String label = Inputs.name(name, "name", true);
      if (permissions == null || permissions.isEmpty()) {
        throw new ValidationException("permissions", "An API token needs at least one permission");
      }
      permissions.forEach(Permissions::checkGrantable);
      Instant now = call.now();
      if (expiresAt == null) {
        throw new ValidationException("expires_at", "expires_at is required");
      }
      Instant expiry = expiresAt.truncatedTo(ChronoUnit.MICROS);
      if (!expiry.isAfter(now)) {
        throw new ValidationException("expires_at", "expires_at must be in the future");
      }
      if (expiry.isAfter(now.plus(config.apiTokenMaxLifetime()))) {
        throw new ValidationException("expires_at", "expires_at must be at most "
            + config.apiTokenMaxLifetime().toDays() + " days away (API_TOKEN_MAX_LIFETIME_DAYS)");
      }
      Membership m = store.organizations().findMembership(org, principal.userId())
          .filter(Membership::isActive)
          .orElseThrow(() -> new PermissionDeniedException("Not a member of this organization"));
      if (!Permissions.covers(ApiTokenService.permissionsOf(store, m), permissions)) {
        throw new ValidationException("permissions",
            "An API token cannot hold permissions its creator does not hold in the organization");
      }
      String secret = ApiTokenSecrets.generate();
      ApiTokenRecord record = new ApiTokenRecord(Call.newId(), principal.userId(), org, label,
          ApiTokenSecrets.hash(secret), ApiTokenSecrets.displayPrefix(secret), permissions, now,
          expiry, null, null);
      service.tokens().create(record, call.event(AuditEventType.API_TOKEN_CREATED,
          principal.userId(), principal.sessionId(), org,
          Map.of("api_token_id", record.id(), "name", label)));
      return new CreatedApiToken(secret, record.toApiToken());
    });
  }

  /**
   * The principal's tokens that are not revoked (expired ones included), newest first; never a
   * secret.
   *
   * @throws PermissionDeniedException when the principal is an API token
   */
  public List<ApiToken> list(Principal principal) {
    return runner.run(Operation.API_TOKENS, null, call -> {
      sessions.requireLive(principal);
      return service.tokens().listOf(principal.userId()).stream()
          .map(ApiTokenRecord::toApiToken).toList();
    });
  }

  /**
   * Revokes one of the principal's tokens: it fails on every instance from now on.
   *
   * @throws NotFoundException         when the principal has no such token, or it was revoked
   * @throws PermissionDeniedException when the principal is an API token
   */
  public void revoke(Principal principal, @Nullable String apiTokenId) {
    runner.runVoid(Operation.API_TOKENS, null, call -> {
      sessions.requireLive(principal);
      String id = Inputs.id(apiTokenId, "id");
      if (!service.tokens().revoke(id, principal.userId(), call.now(), call.event(
          AuditEventType.API_TOKEN_REVOKED, principal.userId(), principal.sessionId(), null,
          Map.of("api_token_id", id)))) {
        throw new NotFoundException("No such API token");
      }
    });
  }
}
