package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The routes that run an organization, over real HTTP: update and delete, custom roles, the paged
 * member list and switching the active organization. Mixed into {@link ExampleServerSuite}, so they
 * run on every backend.
 */
interface OrganizationAdminRoutesTests {
  ObjectMapper JSON = new ObjectMapper();
  HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Callers get addresses of their own (198.19.200.0 and up: benchmarking, never real). */
  AtomicInteger ORG_CALLERS = new AtomicInteger();

  /** The service's base URL. */
  String baseUrl();

  /**
   * Adds a member by user id as trusted server code does ({@code organizations().addMember}, on
   * behalf of the owner whose access token is given): no HTTP route adds a member by id.
   */
  void addMember(String ownerAccess, String organizationId, String userId, String role);

  @Test
  default void organization_updateAndDelete_ownerOnlyDelete_slugConflict() throws Exception {
    Http owner = new Http(baseUrl());
    String access = owner.signup().path("access_token").asText();
    String orgId = owner.createOrg(access);
    Http admin = new Http(baseUrl());
    JsonNode adminSignup = admin.signup();
    addMember(access, orgId, adminSignup.path("user").path("id").asText(), "admin");

    String slug = "renamed-" + UUID.randomUUID().toString().substring(0, 8);
    Res renamed = owner.call("PATCH", "/api/v1/organizations/" + orgId, access,
        "{\"name\":\"Renamed\",\"slug\":\"" + slug + "\"}").expect(200);
    assertThat(renamed.json().path("name").asText()).isEqualTo("Renamed");
    assertThat(renamed.json().path("slug").asText()).isEqualTo(slug);
    assertThat(renamed.header("X-RateLimit-Limit")).isNotNull();

    String other = owner.createOrg(access);
    Res clash = owner.call("PATCH", "/api/v1/organizations/" + other, access,
        "{\"slug\":\"" + slug + "\"}").expect(409);
    assertThat(clash.json().path("error").path("code").asText()).isEqualTo("conflict");
    assertThat(clash.json().path("error").path("details").path("field").asText()).isEqualTo("slug");
    owner.call("PATCH", "/api/v1/organizations/" + orgId, access, "{}").expect(400);

    String adminAccess = adminSignup.path("access_token").asText();
    Res refused = admin.call("DELETE", "/api/v1/organizations/" + orgId, adminAccess, null).expect(403);
    assertThat(refused.json().path("error").path("code").asText()).isEqualTo("permission_denied");
    owner.call("DELETE", "/api/v1/organizations/" + orgId, access, null).expect(204);
    owner.call("GET", "/api/v1/organizations/" + orgId, access, null).expect(403);
    owner.call("GET", "/api/v1/organizations/" + orgId + "/members", adminAccess, null).expect(403);
  }

  @Test
  default void roles_createListUpdateDelete_membersFallBack() throws Exception {
    Http owner = new Http(baseUrl());
    String access = owner.signup().path("access_token").asText();
    String orgId = owner.createOrg(access);
    String roles = "/api/v1/organizations/" + orgId + "/roles";
    Res created = owner.call("POST", roles, access,
        "{\"name\":\"billing\",\"permissions\":[\"invoices:read\"]}").expect(201);
    assertThat(created.json().path("permissions").toString()).isEqualTo("[\"invoices:read\"]");
    Http biller = new Http(baseUrl());
    String billerId = biller.signup().path("user").path("id").asText();
    addMember(access, orgId, billerId, "billing");

    Res list = owner.call("GET", roles, access, null).expect(200);
    assertThat(list.json().path("data").get(0).path("name").asText()).isEqualTo("billing");
    Res updated = owner.call("PATCH", roles + "/billing", access,
        "{\"permissions\":[\"invoices:*\",\"reports:read\"]}").expect(200);
    assertThat(updated.json().path("permissions").toString())
        .isEqualTo("[\"invoices:*\",\"reports:read\"]");
    Res bad = owner.call("PATCH", roles + "/billing", access, "{\"permissions\":[\"nope\"]}").expect(400);
    assertThat(bad.json().path("error").path("details").path("field").asText()).isEqualTo("permissions");
    owner.call("PATCH", roles + "/ghost", access, "{\"permissions\":[\"a:b\"]}").expect(404);

    owner.call("DELETE", roles + "/billing?fallback_role=member", access, null).expect(204);
    assertThat(owner.call("GET", roles, access, null).expect(200).json().path("data")).isEmpty();
    JsonNode members = owner.call("GET", "/api/v1/organizations/" + orgId + "/members", access, null)
        .expect(200).json().path("data");
    List<String> seen = new ArrayList<>();
    members.forEach(m -> seen.add(m.path("user_id").asText() + "=" + m.path("role").asText()));
    assertThat(seen).contains(billerId + "=member");
    owner.call("DELETE", roles + "/billing", access, null).expect(404);
  }

  @Test
  default void members_paginated_withCursorAndMaximum() throws Exception {
    Http owner = new Http(baseUrl());
    String access = owner.signup().path("access_token").asText();
    String orgId = owner.createOrg(access);
    for (int i = 0; i < 4; i++) {
      String id = new Http(baseUrl()).signup().path("user").path("id").asText();
      addMember(access, orgId, id, "viewer");
    }
    String path = "/api/v1/organizations/" + orgId + "/members";
    List<String> all = new ArrayList<>();
    owner.call("GET", path + "?limit=100", access, null).expect(200).json().path("data")
        .forEach(m -> all.add(m.path("user_id").asText()));
    assertThat(all).hasSize(5);
    List<String> walked = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page = owner.call("GET", path + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
          access, null).expect(200).json();
      page.path("data").forEach(m -> walked.add(m.path("user_id").asText()));
      cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
      assertThat(page.path("limit").asInt()).isEqualTo(2);
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(pages).isEqualTo(3);
    assertThat(walked).containsExactlyElementsOf(all);
    Res tooMany = owner.call("GET", path + "?limit=101", access, null).expect(400);
    assertThat(tooMany.json().path("error").path("details").path("field").asText()).isEqualTo("limit");
    owner.call("GET", path + "?cursor=%21%21", access, null).expect(400);
  }

  @Test
  default void switchOrganization_tokenPairWithOrgClaims_refreshDropsThemAfterRemoval() throws Exception {
    Http owner = new Http(baseUrl());
    String ownerAccess = owner.signup().path("access_token").asText();
    String orgId = owner.createOrg(ownerAccess);
    Http member = new Http(baseUrl());
    JsonNode signup = member.signup();
    String memberId = signup.path("user").path("id").asText();
    addMember(ownerAccess, orgId, memberId, "member");

    Res switched = member.call("POST", "/api/v1/auth/switch-organization",
        signup.path("access_token").asText(), "{\"organization_id\":\"" + orgId + "\"}").expect(200);
    assertThat(switched.header("X-RateLimit-Limit")).isNotNull();
    assertThat(switched.header("Cache-Control")).isEqualTo("no-store");
    JsonNode pair = switched.json();
    assertThat(pair.path("token_type").asText()).isEqualTo("Bearer");
    JsonNode claims = claims(pair.path("access_token").asText());
    assertThat(claims.path("org").asText()).isEqualTo(orgId);
    assertThat(claims.path("roles").toString()).isEqualTo("[\"member\"]");
    member.call("GET", "/api/v1/auth/me", pair.path("access_token").asText(), null).expect(200);

    Res refreshed = member.call("POST", "/api/v1/auth/refresh", null,
        "{\"refresh_token\":\"" + pair.path("refresh_token").asText() + "\"}").expect(200);
    assertThat(claims(refreshed.json().path("access_token").asText()).path("org").asText()).isEqualTo(orgId);

    owner.call("DELETE", "/api/v1/organizations/" + orgId + "/members/" + memberId, ownerAccess, null)
        .expect(204);
    Res after = member.call("POST", "/api/v1/auth/refresh", null,
        "{\"refresh_token\":\"" + refreshed.json().path("refresh_token").asText() + "\"}").expect(200);
    assertThat(claims(after.json().path("access_token").asText()).has("org")).isFalse();
    Res denied = member.call("POST", "/api/v1/auth/switch-organization",
        after.json().path("access_token").asText(), "{\"organization_id\":\"" + orgId + "\"}").expect(403);
    assertThat(denied.json().path("error").path("code").asText()).isEqualTo("permission_denied");
    member.call("POST", "/api/v1/auth/switch-organization", null,
        "{\"organization_id\":\"" + orgId + "\"}").expect(401);
  }

  private static JsonNode claims(String jwt) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  /** An HTTP answer. */
  record Res(int status, String body, HttpResponse<String> response) {
    Res expect(int wanted) {
      assertThat(status).as(body).isEqualTo(wanted);
      return this;
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  /** A caller with an address of its own, through the trusted loopback proxy. */
  final class Http {
    private final String base;
    private final String ip;

    Http(String base) {
      this.base = base;
      int n = ORG_CALLERS.incrementAndGet();
      this.ip = "198.19." + (200 + (n / 250) % 50) + "." + (1 + n % 250);
    }

    JsonNode signup() throws Exception {
      String email = "org-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
      return call("POST", "/api/v1/auth/signup", null,
          "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}").expect(201).json();
    }

    String createOrg(String access) throws Exception {
      String slug = "org-" + UUID.randomUUID().toString().substring(0, 8);
      return call("POST", "/api/v1/organizations", access,
          "{\"name\":\"Org\",\"slug\":\"" + slug + "\"}").expect(201).json().path("id").asText();
    }

    Res call(String method, String path, String bearer, String body) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body))
          .timeout(Duration.ofSeconds(30))
          .header("X-Forwarded-For", ip).header("User-Agent", "janua-org-it");
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      if (bearer != null) {
        b.header("Authorization", "Bearer " + bearer);
      }
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Res(r.statusCode(), r.body(), r);
    }
  }
}
