package dev.janua.examples;

import java.util.Map;

/** The end-to-end suite on the embedded default: in-memory store, local limiter, generated key. */
class EmbeddedExampleServerIT extends ExampleServerSuite {
  @Override
  protected Map<String, String> backendEnvironment() {
    return Map.of();
  }
}
