package dev.janua.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Writes the engine's JSON documents (discovery, introspection) in the order their maps hold. */
public final class JsonText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonText() {}

  /** {@code map} as compact JSON: strings, numbers, booleans, lists and maps of them. */
  public static String write(Map<String, ?> map) {
    try {
      return JSON.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a document of plain values as JSON", e);
    }
  }
}
