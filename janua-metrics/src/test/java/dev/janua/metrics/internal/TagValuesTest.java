package dev.janua.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagValuesTest {

  @Test
  void path_templates_areKeptAsGiven() {
    assertThat(TagValues.path("/api/v1/auth/signin")).isEqualTo("/api/v1/auth/signin");
    assertThat(TagValues.path("/api/v1/organizations/{id}/members")).isEqualTo("/api/v1/organizations/{id}/members");
    assertThat(TagValues.path("/orgs/:orgId/roles/<role>")).isEqualTo("/orgs/:orgId/roles/<role>");
    assertThat(TagValues.path("/static/*")).isEqualTo("/static/*");
    assertThat(TagValues.path("/.well-known/jwks.json")).isEqualTo("/.well-known/jwks.json");
  }

  @Test
  void path_rawSegmentsThatLookLikeIds_becomePlaceholders() {
    assertThat(TagValues.path("/users/12345")).isEqualTo("/users/{id}");
    assertThat(TagValues.path("/orgs/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e/members"))
        .isEqualTo("/orgs/{id}/members");
    assertThat(TagValues.path("/users/alice@example.com")).isEqualTo("/users/{id}");
    assertThat(TagValues.path("/ip/203.0.113.9")).isEqualTo("/ip/{id}");
    assertThat(TagValues.path("/ip/2001:db8::1")).isEqualTo("/ip/{id}");
    assertThat(TagValues.path("/t/0f1e2d3c4b5a69788796a5b4c3d2e1f0")).isEqualTo("/t/{id}");
    assertThat(TagValues.path("/t/aB3dE5gH7jK9mN1pQ")).isEqualTo("/t/{id}");
    assertThat(TagValues.path("/u/alice%40example.com")).isEqualTo("/u/{id}");
  }

  @Test
  void path_queryAndBlank_areDroppedOrUnknown() {
    assertThat(TagValues.path("/a?email=x@y.z")).isEqualTo("/a");
    assertThat(TagValues.path("a/b#frag")).isEqualTo("/a/b");
    assertThat(TagValues.path(null)).isEqualTo("unknown");
    assertThat(TagValues.path("  ")).isEqualTo("unknown");
    assertThat(TagValues.path("/" + "x".repeat(40) + "/".repeat(300))).hasSizeLessThanOrEqualTo(200);
  }

  @Test
  void method_andStatus_areBounded() {
    assertThat(TagValues.method("post")).isEqualTo("POST");
    assertThat(TagValues.method("BREW")).isEqualTo("OTHER");
    assertThat(TagValues.method(null)).isEqualTo("OTHER");
    assertThat(TagValues.status(404)).isEqualTo("404");
    assertThat(TagValues.status(0)).isEqualTo("other");
    assertThat(TagValues.status(1000)).isEqualTo("other");
  }

  @Test
  void invitations_operationAndItsResults_keptAsTags() {
    assertThat(TagValues.operation("invitations")).isEqualTo("invitations");
    for (String code : new String[] {"invitation_invalid", "invitation_email_mismatch",
        "email_not_verified"}) {
      assertThat(TagValues.operationResult(code)).isEqualTo(code);
    }
  }
}
