package dev.janua.spring.boot.app;

import dev.janua.AuthEngine;
import dev.janua.Principal;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An application with nothing of Janua's but the starter, and two routes of its own. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity
@Import(StarterTestApp.Routes.class)
public class StarterTestApp {
  /** The application's routes. */
  @RestController
  public static class Routes {
    private final AuthEngine engine;

    /** The routes over the starter's engine. */
    public Routes(AuthEngine engine) {
      this.engine = engine;
    }

    /** Refused by the engine itself: the starter's advice answers in Janua's error shape. */
    @GetMapping("/api/orgs/{orgId}/require")
    public String require(@AuthenticationPrincipal Principal me,
        @PathVariable("orgId") String orgId) {
      engine.requirePermission(me, orgId, "members:create");
      return "granted";
    }

    /** Any authenticated user: the principal's user id. */
    @GetMapping("/api/whoami")
    public String whoami(@AuthenticationPrincipal Principal me) {
      return me.userId();
    }

    /** Only who may invite members. */
    @GetMapping("/api/orgs/{orgId}/invite")
    @PreAuthorize("@janua.hasPermission(#orgId, 'members:create')")
    public String invite(@PathVariable("orgId") String orgId) {
      return "may invite to " + orgId;
    }
  }
}
