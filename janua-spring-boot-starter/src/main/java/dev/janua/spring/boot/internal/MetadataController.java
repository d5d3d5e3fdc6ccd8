package dev.janua.spring.boot.internal;

import dev.janua.AuthEngine;
import dev.janua.AuthorizationServerMetadata;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JWKS and the RFC 8414 discovery document at both well-known paths, with the example
 * service's bodies and {@code Cache-Control}: for the JWKS the engine's {@code
 * signingKeys().jwksCacheControl()} (its max-age derived from the key pending period), for the
 * metadata {@code public, max-age=3600}.
 */
@RestController
public final class MetadataController {
  private static final String CACHE = "public, max-age=3600";

  private final AuthEngine engine;

  /** The routes of {@code engine}. */
  public MetadataController(AuthEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /** {@code GET /.well-known/jwks.json}. */
  @GetMapping(AuthorizationServerMetadata.JWKS_PATH)
  public ResponseEntity<String> jwks() {
    return json(engine.jwks(), engine.signingKeys().jwksCacheControl());
  }

  /** {@code GET} either well-known metadata path. */
  @GetMapping({AuthorizationServerMetadata.OAUTH_PATH, AuthorizationServerMetadata.OPENID_PATH})
  public ResponseEntity<String> metadata() {
    return json(engine.oauth().metadata().json(), CACHE);
  }

  private static ResponseEntity<String> json(String body, String cacheControl) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
        .header("Cache-Control", cacheControl).body(body);
  }
}
