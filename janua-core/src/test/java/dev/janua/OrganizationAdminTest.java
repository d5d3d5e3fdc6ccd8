package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Running an organization: templates, custom roles, context switching, update, delete, paging. */
class OrganizationAdminTest extends EngineTestBase {
  private Principal owner;
  private Organization org;

  @BeforeEach
  void createOrg() {
    owner = principal(signup());
    org = engine.organizations().create(owner, "Acme", "acme-" + System.nanoTime());
  }

  private Principal member(String role) {
    AuthResult r = signup();
    engine.organizations().addMember(owner, org.id(), r.user().id(), RoleName.of(role));
    return principal(r);
  }

  private static String field(Throwable e) {
    return ((ValidationException) e).field();
  }

  // ---------------------------------------------------------------- templates

  @Test
  void roleTemplates_grantApplicationPermissionsToSystemRoles() {
    engine = engine(config().rolePermissions(SystemRole.ADMIN, Set.of("invoices:*"))
        .rolePermissions(SystemRole.MEMBER, Set.of("reports:read")).build());
    owner = principal(signup());
    org = engine.organizations().create(owner, "Acme", "acme-t-" + System.nanoTime());
    Principal admin = member("admin");
    Principal member = member("member");
    assertThat(engine.checkPermission(admin, org.id(), "invoices:delete")).isTrue();
    assertThat(engine.checkPermission(admin, org.id(), "members:create")).isTrue();
    assertThat(engine.checkPermission(member, org.id(), "reports:read")).isTrue();
    assertThat(engine.checkPermission(member, org.id(), "invoices:read")).isFalse();
    assertThat(engine.organizations().accessToken(admin, org.id()).scopes()).contains("invoices:*");
    // An admin may now make a custom role with what the template gave.
    assertThat(engine.organizations().createRole(admin, org.id(), "billing", Set.of("invoices:read"))
        .permissions()).containsExactly("invoices:read");
  }

  @Test
  void roleTemplates_fromEnvironment_validatedNamingTheVariable() {
    JanuaConfig c = JanuaConfig.fromMap(Map.of("ROLE_PERMISSIONS_ADMIN", "invoices:*, reports:read"));
    assertThat(c.rolePermissions()).containsEntry(SystemRole.ADMIN, Set.of("invoices:*", "reports:read"));
    assertThat(c.permissionsOf(SystemRole.ADMIN)).contains("invoices:*", "members:*");
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("ROLE_PERMISSIONS_MEMBER", "invoices")))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("ROLE_PERMISSIONS_MEMBER"));
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("ROLE_PERMISSIONS_VIEWER", "*")))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("ROLE_PERMISSIONS_VIEWER"));
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("ROLE_PERMISSIONS_OWNER", "a:b")))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("ROLE_PERMISSIONS_OWNER"));
  }

  // ---------------------------------------------------------------- custom roles

  @Test
  void customRoles_listUpdateDelete_membersFallBack() {
    engine.organizations().createRole(owner, org.id(), "billing", Set.of("invoices:read"));
    Principal biller = member("billing");
    assertThat(engine.organizations().roles(owner, org.id())).extracting(Role::name).containsExactly("billing");
    assertThat(engine.checkPermission(biller, org.id(), "invoices:write")).isFalse();

    engine.organizations().updateRole(owner, org.id(), "billing", Set.of("invoices:*"));
    assertThat(engine.checkPermission(biller, org.id(), "invoices:write")).isTrue();

    List<Membership> moved = engine.organizations().deleteRole(owner, org.id(), "billing");
    assertThat(moved).extracting(Membership::userId).containsExactly(biller.userId());
    assertThat(engine.organizations().members(owner, org.id())).filteredOn(m -> m.userId().equals(biller.userId()))
        .extracting(Membership::role).containsExactly("viewer");
    assertThat(engine.checkPermission(biller, org.id(), "invoices:read")).isFalse();
    assertThat(engine.organizations().roles(owner, org.id())).isEmpty();
    assertThat(engine.users().auditEvents(AuditQuery.forOrganization(org.id(), 20)))
        .extracting(AuditEvent::type).contains(AuditEventType.ROLE_UPDATED, AuditEventType.ROLE_DELETED);
    assertThatThrownBy(() -> engine.organizations().deleteRole(owner, org.id(), "billing"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void customRoles_rulesApply() {
    engine.organizations().createRole(owner, org.id(), "billing", Set.of("invoices:read"));
    Principal admin = member("admin");
    Principal plain = member("member");
    // Nobody grants through an update what they do not hold.
    assertThatThrownBy(() -> engine.organizations().updateRole(admin, org.id(), "billing", Set.of("invoices:*")))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.organizations().updateRole(plain, org.id(), "billing", Set.of("org:read")))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.organizations().deleteRole(plain, org.id(), "billing"))
        .isInstanceOf(PermissionDeniedException.class);
    // The fallback is a system role the caller may grant.
    assertThatThrownBy(() -> engine.organizations().deleteRole(admin, org.id(), "billing", RoleName.OWNER))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.organizations().deleteRole(owner, org.id(), "billing", RoleName.of("billing")))
        .satisfies(e -> assertThat(field(e)).isEqualTo("fallback_role"));
    assertThatThrownBy(() -> engine.organizations().updateRole(owner, org.id(), "nope", Set.of("org:read")))
        .isInstanceOf(NotFoundException.class);
    assertThat(engine.organizations().deleteRole(admin, org.id(), "billing", RoleName.MEMBER)).isEmpty();
    // A role change to a deleted role is refused.
    assertThatThrownBy(() -> engine.organizations().changeRole(owner, org.id(), plain.userId(), RoleName.of("billing")))
        .isInstanceOf(NotFoundException.class);
  }

  // ---------------------------------------------------------------- context

  @Test
  void switchOrganization_tokenPairCarriesOrg_refreshKeepsItWhileMember() {
    Principal admin = member("admin");
    AuthResult switched = engine.organizations().switchOrganization(admin, org.id(), CLIENT);
    Principal p = principal(switched);
    assertThat(p.organizationId()).isEqualTo(org.id());
    assertThat(p.roles()).containsExactly("admin");
    assertThat(p.scopes()).contains("members:*");
    assertThat(p.sessionId()).isEqualTo(admin.sessionId());
    AuthResult refreshed = engine.refresh(switched.tokens().refreshToken(), CLIENT);
    assertThat(principal(refreshed).organizationId()).isEqualTo(org.id());
    assertThat(principal(refreshed).roles()).containsExactly("admin");
    // A role change shows at the next refresh.
    engine.organizations().changeRole(owner, org.id(), admin.userId(), RoleName.VIEWER);
    AuthResult demoted = engine.refresh(refreshed.tokens().refreshToken(), CLIENT);
    assertThat(principal(demoted).roles()).containsExactly("viewer");
    // Leaving the organization drops the claims at the next refresh.
    engine.organizations().removeMember(owner, org.id(), admin.userId());
    AuthResult dropped = engine.refresh(demoted.tokens().refreshToken(), CLIENT);
    assertThat(principal(dropped).organizationId()).isNull();
    assertThat(principal(dropped).roles()).isEmpty();
    assertThat(principal(dropped).scopes()).isEmpty();
  }

  @Test
  void switchOrganization_suspendedOrDeleted_dropsClaimAtRefresh_andNullLeaves() {
    AuthResult r = engine.organizations().switchOrganization(owner, org.id(), CLIENT);
    Organization other = engine.organizations().create(owner, "Other", "other-" + System.nanoTime());
    engine.organizations().delete(owner, org.id());
    assertThat(principal(engine.refresh(r.tokens().refreshToken(), CLIENT)).organizationId()).isNull();
    AuthResult o = engine.organizations().switchOrganization(owner, other.id(), CLIENT);
    assertThat(principal(o).organizationId()).isEqualTo(other.id());
    AuthResult none = engine.organizations().switchOrganization(principal(o), null, CLIENT);
    assertThat(principal(none).organizationId()).isNull();
    assertThat(principal(engine.refresh(none.tokens().refreshToken(), CLIENT)).organizationId()).isNull();
  }

  @Test
  void switchOrganization_suspendedMember_refusedAndClaimDropped() {
    Principal admin = member("admin");
    AuthResult switched = engine.organizations().switchOrganization(admin, org.id(), CLIENT);
    store.organizations().setStatus(org.id(), admin.userId(), MembershipStatus.SUSPENDED,
        new AuditEvent("e-" + System.nanoTime(), AuditEventType.ROLE_CHANGED, admin.userId(), null,
            org.id(), null, null, Map.of(), clock.instant()));
    assertThat(principal(engine.refresh(switched.tokens().refreshToken(), CLIENT)).organizationId()).isNull();
    assertThatThrownBy(() -> engine.organizations().switchOrganization(admin, org.id(), CLIENT))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void switchOrganization_notAMember_orEndedSession_refused() {
    Principal stranger = principal(signup());
    assertThatThrownBy(() -> engine.organizations().switchOrganization(stranger, org.id(), CLIENT))
        .isInstanceOf(PermissionDeniedException.class);
    engine.signout(owner);
    assertThatThrownBy(() -> engine.organizations().switchOrganization(owner, org.id(), CLIENT))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void checkPermission_staleClaim_grantsNothing() {
    Principal admin = member("admin");
    Principal claimed = principal(engine.organizations().switchOrganization(admin, org.id(), CLIENT));
    assertThat(claimed.roles()).containsExactly("admin");
    assertThat(engine.checkPermission(claimed, org.id(), "members:create")).isTrue();
    engine.organizations().changeRole(owner, org.id(), admin.userId(), RoleName.VIEWER);
    // The token still says admin; the membership says viewer.
    assertThat(claimed.roles()).containsExactly("admin");
    assertThat(engine.checkPermission(claimed, org.id(), "members:create")).isFalse();
    engine.organizations().removeMember(owner, org.id(), admin.userId());
    assertThat(engine.checkPermission(claimed, org.id(), "org:read")).isFalse();
  }

  // ---------------------------------------------------------------- update, delete

  @Test
  void update_nameAndSlug_byOwnerOnly_conflictNamesSlug() {
    Principal admin = member("admin");
    Principal plain = member("member");
    Organization renamed = engine.organizations().update(owner, org.id(), "Acme Two", null);
    assertThat(renamed.name()).isEqualTo("Acme Two");
    assertThat(renamed.slug()).isEqualTo(org.slug());
    String slug = "acme-new-" + System.nanoTime();
    assertThatThrownBy(() -> engine.organizations().update(admin, org.id(), null, slug))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(engine.organizations().update(owner, org.id(), null, slug).slug()).isEqualTo(slug);
    assertThat(engine.organizations().get(owner, org.id())).isEqualTo(
        new Organization(org.id(), "Acme Two", slug, org.ownerId(), org.createdAt()));
    assertThatThrownBy(() -> engine.organizations().update(plain, org.id(), "X", null))
        .isInstanceOf(PermissionDeniedException.class);
    Organization other = engine.organizations().create(owner, "Other", "other-" + System.nanoTime());
    assertThatThrownBy(() -> engine.organizations().update(owner, other.id(), null, slug))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("slug"));
    assertThatThrownBy(() -> engine.organizations().update(owner, org.id(), null, null))
        .satisfies(e -> assertThat(field(e)).isEqualTo("name"));
    assertThatThrownBy(() -> engine.organizations().update(owner, org.id(), null, "Bad Slug"))
        .satisfies(e -> assertThat(field(e)).isEqualTo("slug"));
  }

  @Test
  void delete_ownerOnly_removesEverything_audited() {
    Principal admin = member("admin");
    engine.organizations().createRole(owner, org.id(), "billing", Set.of("org:read"));
    assertThatThrownBy(() -> engine.organizations().delete(admin, org.id()))
        .isInstanceOf(PermissionDeniedException.class);
    engine.organizations().delete(owner, org.id());
    assertThat(engine.organizations().list(owner)).isEmpty();
    assertThat(engine.organizations().list(admin)).isEmpty();
    assertThat(engine.checkPermission(owner, org.id(), "org:read")).isFalse();
    assertThat(store.organizations().roles(org.id())).isEmpty();
    assertThat(engine.users().auditEvents(AuditQuery.forOrganization(org.id(), 20)))
        .extracting(AuditEvent::type).contains(AuditEventType.ORGANIZATION_DELETED);
    assertThatThrownBy(() -> engine.organizations().delete(owner, org.id()))
        .isInstanceOf(PermissionDeniedException.class);
  }

  // ---------------------------------------------------------------- paging

  @Test
  void membersPage_cursorWalksAllInStableOrder_limitChecked() {
    for (int i = 0; i < 6; i++) {
      member(i % 2 == 0 ? "member" : "viewer");
    }
    List<Membership> all = engine.organizations().members(owner, org.id());
    List<Membership> walked = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      MemberPage page = engine.organizations().membersPage(owner, org.id(), cursor, 3);
      walked.addAll(page.members());
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(pages).isEqualTo(3);
    assertThat(walked).containsExactlyElementsOf(all);
    assertThat(engine.organizations().membersPage(owner, org.id(), null, 7).nextCursor()).isNull();
    assertThatThrownBy(() -> engine.organizations().membersPage(owner, org.id(), null, 0))
        .satisfies(e -> assertThat(field(e)).isEqualTo("limit"));
    assertThatThrownBy(() -> engine.organizations().membersPage(owner, org.id(), null,
        Organizations.MAX_PAGE_SIZE + 1)).satisfies(e -> assertThat(field(e)).isEqualTo("limit"));
    assertThatThrownBy(() -> engine.organizations().membersPage(owner, org.id(), "not*base64", 3))
        .satisfies(e -> assertThat(field(e)).isEqualTo("cursor"));
    Principal stranger = principal(signup());
    assertThatThrownBy(() -> engine.organizations().membersPage(stranger, org.id(), null, 3))
        .isInstanceOf(PermissionDeniedException.class);
  }
}
