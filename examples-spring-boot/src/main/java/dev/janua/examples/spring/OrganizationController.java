package dev.janua.examples.spring;

import dev.janua.AuthEngine;
import dev.janua.Organization;
import dev.janua.Principal;
import dev.janua.http.JsonCodec;
import dev.janua.http.Requests;
import dev.janua.http.Responses;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application's own routes: any signed-in user creates an organization; only a member
 * allowed to invite ({@code members:create}: owners and admins) reads the invitation overview.
 * Bodies are written with janua-http's codec, in the auth routes' JSON style.
 */
@RestController
@RequestMapping("/api/v1/organizations")
public class OrganizationController {
  private final AuthEngine engine;
  private final JsonCodec json = new JsonCodec();

  /** The controller over the starter's engine. */
  public OrganizationController(AuthEngine engine) {
    this.engine = engine;
  }

  /** {@code POST /api/v1/organizations} {@code {name, slug}}: 201 the organization. */
  @PostMapping
  public ResponseEntity<String> create(@AuthenticationPrincipal Principal me,
      @RequestBody byte[] body) {
    Requests.CreateOrganization in =
        json.parse(body, Requests.CreateOrganization.class).requireFields();
    Organization org = engine.organizations().create(me, in.name(), in.slug());
    return ResponseEntity.status(201).contentType(MediaType.APPLICATION_JSON)
        .body(json.write(Responses.OrganizationBody.of(org)));
  }

  /**
   * {@code GET /api/v1/organizations/{orgId}/invitations}: the members, for whoever may invite;
   * 403 {@code permission_denied} for anyone else.
   */
  @GetMapping("/{orgId}/invitations")
  @PreAuthorize("@janua.hasPermission(#orgId, 'members:create')")
  public ResponseEntity<String> invitations(@AuthenticationPrincipal Principal me,
      @PathVariable("orgId") String orgId) {
    List<Responses.MemberBody> members = engine.organizations().members(me, orgId).stream()
        .map(Responses.MemberBody::of).toList();
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
        .body(json.write(new Responses.ListBody<>(members)));
  }
}
