package dev.janua.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuthEngine;
import dev.janua.JanuaConfigException;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitRule;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** janua.* properties, JANUA_* environment variables and the guide's bare names reach the engine. */
class PropertyBindingTest {
  @Test
  void typedProperties_andEnvMap_reachTheEngineConfig() {
    Runners.engine(Map.of()).withPropertyValues("janua.jwt-issuer=https://props.example",
            "janua.bcrypt-rounds=5", "janua.env.RATE_LIMIT_AUTHENTICATION=3/30",
            "janua.jwt-access-token-expire-minutes=20")
        .run(ctx -> {
          AuthEngine engine = ctx.getBean(AuthEngine.class);
          assertThat(engine.config().issuer()).isEqualTo("https://props.example");
          assertThat(engine.config().bcryptRounds()).isEqualTo(5);
          assertThat(engine.config().accessTokenTtl().toMinutes()).isEqualTo(20);
          assertThat(engine.config().rateLimitRule(RateLimitCategory.AUTHENTICATION))
              .isEqualTo(new RateLimitRule(3, 30));
        });
  }

  @Test
  void envStyleName_JANUA_JWT_ISSUER_bindsThroughRelaxedBinding() {
    Runners.engine(Map.of("JANUA_JWT_ISSUER", "https://env.example",
            "JANUA_JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "25"))
        .run(ctx -> {
          AuthEngine engine = ctx.getBean(AuthEngine.class);
          assertThat(engine.config().issuer()).isEqualTo("https://env.example");
          assertThat(engine.config().accessTokenTtl().toMinutes()).isEqualTo(25);
        });
  }

  @Test
  void bareGuideName_isRead_whenNoJanuaPropertyGivesIt_andLosesToOne() {
    Runners.engine(Map.of("JWT_AUDIENCE", "bare-audience", "JWT_ISSUER", "https://bare.example"))
        .withPropertyValues("janua.jwt-issuer=https://props.example")
        .run(ctx -> {
          AuthEngine engine = ctx.getBean(AuthEngine.class);
          assertThat(engine.config().audience()).isEqualTo("bare-audience");
          assertThat(engine.config().issuer()).isEqualTo("https://props.example");
        });
  }

  @Test
  void bareGuideNames_areIgnored_whenSwitchedOff() {
    Runners.engine(Map.of("JWT_AUDIENCE", "bare-audience"))
        .withPropertyValues("janua.read-guide-variables=false")
        .run(ctx -> assertThat(ctx.getBean(AuthEngine.class).config().audience())
            .isEqualTo("janua"));
  }

  @Test
  void malformedValue_failsStartup_namingTheVariable() {
    Runners.engine(Map.of()).withPropertyValues("janua.bcrypt-rounds=2").run(ctx -> {
      assertThat(ctx).hasFailed();
      Throwable root = ctx.getStartupFailure();
      while (root.getCause() != null && !(root instanceof JanuaConfigException)) {
        root = root.getCause();
      }
      assertThat(root).isInstanceOf(JanuaConfigException.class)
          .hasMessageContaining("BCRYPT_ROUNDS");
    });
  }

  @Test
  void configurationMetadata_isGenerated_forIdeCompletion() throws Exception {
    String metadata = null;
    for (URL url : Collections.list(getClass().getClassLoader()
        .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (text.contains("\"janua.jwt-issuer\"")) {
          metadata = text;
        }
      }
    }
    assertThat(metadata).as("the starter's spring-configuration-metadata.json").isNotNull();
    assertThat(metadata).contains("\"janua.bcrypt-rounds\"", "\"janua.web.routes.enabled\"",
        "\"janua.redis-url\"", "\"janua.env\"", "JWT_ISSUER");
  }
}
