package dev.janua;

import dev.janua.spi.MembershipChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.internal.Permissions;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrganizationRbacTest extends EngineTestBase {
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

  @ParameterizedTest
  @CsvSource({
      "owner,org:delete,true", "owner,anything:goes,true",
      "admin,members:create,true", "admin,members:delete,true", "admin,org:update,true",
      "admin,org:delete,false", "admin,billing:read,false",
      "member,org:read,true", "member,members:read,true", "member,members:create,false",
      "viewer,org:read,true", "viewer,members:read,false"})
  void checkPermission_systemRoles(String role, String permission, boolean expected) {
    Principal p = role.equals("owner") ? owner : member(role);
    assertThat(engine.checkPermission(p, org.id(), permission)).isEqualTo(expected);
  }

  @Test
  void createOrganization_creatorIsOwner_andAudited() {
    assertThat(engine.organizations().members(owner, org.id())).singleElement()
        .satisfies(m -> {
          assertThat(m.userId()).isEqualTo(owner.userId());
          assertThat(m.role()).isEqualTo("owner");
        });
    assertThat(engine.organizations().get(owner, org.id())).isEqualTo(org);
    assertThat(engine.users().auditEvents(AuditQuery.forOrganization(org.id(), 5))).extracting(AuditEvent::type)
        .containsExactly(AuditEventType.ORGANIZATION_CREATED);
  }

  @Test
  void createOrganization_badInput_andDuplicateSlug() {
    assertThatThrownBy(() -> engine.organizations().create(owner, "", "good-slug"))
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("name"));
    assertThatThrownBy(() -> engine.organizations().create(owner, "X", "Bad Slug"))
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("slug"));
    assertThatThrownBy(() -> engine.organizations().create(owner, "Again", org.slug()))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void nonMember_deniedEverything_unknownOrgLooksTheSame() {
    Principal stranger = principal(signup());
    assertThat(engine.checkPermission(stranger, org.id(), "org:read")).isFalse();
    assertThatThrownBy(() -> engine.organizations().get(stranger, org.id()))
        .isInstanceOf(PermissionDeniedException.class)
        .satisfies(e -> assertThat(((JanuaException) e).httpStatus()).isEqualTo(403));
    assertThatThrownBy(() -> engine.organizations().members(stranger, org.id())).isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.organizations().get(stranger, "no-such-org")).isInstanceOf(PermissionDeniedException.class);
    assertThat(engine.checkPermission(owner, "no-such-org", "org:read")).isFalse();
  }

  @Test
  void suspendedMember_denied() {
    Principal m = member("admin");
    assertThat(store.organizations().setStatus(org.id(), m.userId(), MembershipStatus.SUSPENDED,
        dev.janua.testing.Fixtures.event(AuditEventType.ROLE_CHANGED, m.userId(), clock.instant())))
        .isEqualTo(MembershipChange.DONE);
    assertThat(engine.checkPermission(m, org.id(), "org:read")).isFalse();
  }

  @Test
  void changeRole_appliesToTheNextCheck_andIsAudited() {
    Principal m = member("viewer");
    assertThat(engine.checkPermission(m, org.id(), "members:create")).isFalse();
    engine.organizations().changeRole(owner, org.id(), m.userId(), RoleName.of("admin"));
    assertThat(engine.checkPermission(m, org.id(), "members:create")).isTrue();
    assertThat(engine.users().auditEvents(AuditQuery.forOrganization(org.id(), 1))).singleElement()
        .satisfies(e -> {
          assertThat(e.type()).isEqualTo(AuditEventType.ROLE_CHANGED);
          assertThat(e.details()).containsEntry("from", "viewer").containsEntry("to", "admin");
        });
  }

  @Test
  void rankRules_adminCannotGrantOwnerOrTouchOwner_memberCannotAdd() {
    Principal admin = member("admin");
    Principal plain = member("member");
    String newcomer = signup().user().id();
    assertThatThrownBy(() -> engine.organizations().addMember(admin, org.id(), newcomer, RoleName.of("owner")))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(engine.organizations().addMember(admin, org.id(), newcomer, RoleName.of("admin")).role()).isEqualTo("admin");
    assertThatThrownBy(() -> engine.organizations().changeRole(admin, org.id(), owner.userId(), RoleName.of("viewer")))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.organizations().addMember(plain, org.id(), signup().user().id(), RoleName.of("viewer")))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.organizations().removeMember(admin, org.id(), owner.userId()))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void lastOwner_cannotBeDemotedOrLeave_secondOwnerCan() {
    assertThatThrownBy(() -> engine.organizations().changeRole(owner, org.id(), owner.userId(), RoleName.of("admin")))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.organizations().removeMember(owner, org.id(), owner.userId()))
        .isInstanceOf(PermissionDeniedException.class);
    Principal second = member("owner");
    engine.organizations().removeMember(owner, org.id(), owner.userId());
    assertThat(engine.checkPermission(owner, org.id(), "org:read")).isFalse();
    assertThat(engine.checkPermission(second, org.id(), "org:delete")).isTrue();
  }

  @Test
  void addMember_duplicateConflicts_unknownUserOrRoleNotFound() {
    Principal m = member("member");
    assertThatThrownBy(() -> engine.organizations().addMember(owner, org.id(), m.userId(), RoleName.of("viewer")))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> engine.organizations().addMember(owner, org.id(), "no-such-user", RoleName.of("viewer")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> engine.organizations().addMember(owner, org.id(), signup().user().id(), RoleName.of("wizard")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void customRole_grantsItsPermissionsWithWildcards() {
    Role billing = engine.organizations().createRole(owner, org.id(), "billing", Set.of("invoices:*", "*:read"));
    assertThat(billing.permissions()).containsExactlyInAnyOrder("invoices:*", "*:read");
    Principal b = member("billing");
    assertThat(engine.checkPermission(b, org.id(), "invoices:refund")).isTrue();
    assertThat(engine.checkPermission(b, org.id(), "reports:read")).isTrue();
    assertThat(engine.checkPermission(b, org.id(), "reports:write")).isFalse();
    assertThat(engine.checkPermission(b, org.id(), "members:create")).isFalse();
  }

  @Test
  void createRole_rules() {
    assertThatThrownBy(() -> engine.organizations().createRole(owner, org.id(), "admin", Set.of("org:read")))
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("name"));
    assertThatThrownBy(() -> engine.organizations().createRole(owner, org.id(), "bad", Set.of("no-colon")))
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("permissions"));
    engine.organizations().createRole(owner, org.id(), "support", Set.of("tickets:*"));
    assertThatThrownBy(() -> engine.organizations().createRole(owner, org.id(), "support", Set.of("tickets:read")))
        .isInstanceOf(ConflictException.class);
    Principal admin = member("admin");
    assertThatThrownBy(() -> engine.organizations().createRole(admin, org.id(), "god", Set.of("*")))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(engine.organizations().createRole(admin, org.id(), "helpers", Set.of("members:read")).name()).isEqualTo("helpers");
  }

  @Test
  void checkPermission_requiredPermissionMustBeConcrete() {
    assertThatThrownBy(() -> engine.checkPermission(owner, org.id(), "members:*"))
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("permission"));
    assertThatThrownBy(() -> engine.checkPermission(owner, org.id(), "nonsense"))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void permissions_matching() {
    assertThat(Permissions.grants(Set.of("*"), "a:b")).isTrue();
    assertThat(Permissions.grants(Set.of("*:*"), "a:b")).isTrue();
    assertThat(Permissions.grants(Set.of("a:*"), "a:b")).isTrue();
    assertThat(Permissions.grants(Set.of("*:b"), "a:b")).isTrue();
    assertThat(Permissions.grants(Set.of("a:c", "c:b"), "a:b")).isFalse();
    assertThat(Permissions.covers(Set.of("a:*"), Set.of("a:x", "a:*"))).isTrue();
    assertThat(Permissions.covers(Set.of("a:x"), Set.of("a:*"))).isFalse();
    assertThat(Permissions.covers(Set.of("*:read"), Set.of("*"))).isFalse();
  }

  @Test
  void organizations_listsActiveMembershipsOnly() {
    Principal m = member("viewer");
    clock.advance(java.time.Duration.ofSeconds(1)); // memberships list oldest first
    Organization other = engine.organizations().create(owner, "Other", "other-" + System.nanoTime());
    engine.organizations().addMember(owner, other.id(), m.userId(), RoleName.of("member"));
    assertThat(engine.organizations().list(m)).containsExactly(org, other);
    assertThat(store.organizations().setStatus(other.id(), m.userId(), MembershipStatus.SUSPENDED,
        dev.janua.testing.Fixtures.event(AuditEventType.ROLE_CHANGED, m.userId(), clock.instant())))
        .isEqualTo(MembershipChange.DONE);
    assertThat(engine.organizations().list(m)).containsExactly(org);
    assertThat(engine.organizations().list(principal(signup()))).isEmpty();
  }
}
