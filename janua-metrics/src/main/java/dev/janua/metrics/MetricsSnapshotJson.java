package dev.janua.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a metrics snapshot ({@link MicrometerMetrics#snapshot()}, or {@code
 * AuthEngine.metricsSnapshot()}) as the guide's {@code /metrics} JSON with Jackson.
 */
public final class MetricsSnapshotJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private MetricsSnapshotJson() {}

  /**
   * The snapshot as compact JSON.
   *
   * @param snapshot a map of strings, numbers, booleans, lists and maps
   * @return the JSON text
   * @throws NullPointerException     if {@code snapshot} is null
   * @throws IllegalArgumentException if a value cannot be written as JSON
   */
  public static String write(Map<String, ?> snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    try {
      return MAPPER.writeValueAsString(snapshot);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("snapshot cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
