package dev.janua.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.janua.JanuaException;
import dev.janua.http.internal.BoundedBody;
import dev.janua.http.internal.MalformedJsonException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads request bodies and writes response bodies as JSON with snake_case names. Reading enforces
 * the rules every endpoint shares, each failing with a {@link JanuaException} that {@link
 * ErrorMapper} turns into the error shape:
 *
 * <ul>
 *   <li>{@code 415 unsupported_media_type} unless the content type is {@code application/json}
 *       (any charset parameter must be UTF-8);
 *   <li>{@code 413 payload_too_large} when the body is larger than {@link #MAX_BODY_BYTES} (by its
 *       {@code Content-Length}, or while reading a chunked body);
 *   <li>{@code 400 malformed_json} when the body is empty, not JSON, not an object, or has a value
 *       of the wrong type (the details name the field when known).
 * </ul>
 *
 * <p>Thread-safe; build one per application.
 */
public final class JsonCodec {
  /** The largest request body accepted: 64 KiB. */
  public static final int MAX_BODY_BYTES = 64 * 1024;
  /** The content type of every JSON response. */
  public static final String JSON = "application/json";

  private final ObjectMapper mapper;

  /** A codec with snake_case names, unknown properties ignored, and no trailing tokens allowed. */
  public JsonCodec() {
    this.mapper = JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
    this.mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(32).maxStringLength(MAX_BODY_BYTES).build());
  }

  /** The underlying mapper, for frameworks that want to share it. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Reads a request body.
   *
   * @param contentType   the request's {@code Content-Type}, or null
   * @param contentLength the request's {@code Content-Length}, or a negative number when unknown
   * @param body          the body stream, or null for none; read at most {@link #MAX_BODY_BYTES} + 1
   *                      bytes (and drained up to 1 MiB when larger), not closed
   * @param type          the request record
   * @return the parsed value, never null
   * @throws JanuaException codes {@code unsupported_media_type} (415), {@code payload_too_large}
   *     (413) or {@code malformed_json} (400)
   */
  public <T> T read(@Nullable String contentType, long contentLength, @Nullable InputStream body,
      Class<T> type) {
    Objects.requireNonNull(type, "type");
    requireJson(contentType);
    if (contentLength > MAX_BODY_BYTES) {
      BoundedBody.drain(body);
      throw tooLarge();
    }
    byte[] bytes;
    try {
      bytes = BoundedBody.read(body, MAX_BODY_BYTES);
    } catch (IOException e) {
      throw malformed("Request body could not be read", null);
    }
    if (bytes == null) {
      throw tooLarge();
    }
    return parse(bytes, type);
  }

  /**
   * Parses a body already read (and already size-checked by the caller).
   *
   * @throws JanuaException code {@code payload_too_large} (413) or {@code malformed_json} (400)
   */
  public <T> T parse(byte @Nullable [] bytes, Class<T> type) {
    if (bytes == null || bytes.length == 0) {
      throw malformed("Request body is required: a JSON object", null);
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    try {
      T value = mapper.readValue(bytes, type);
      if (value == null) {
        throw malformed("Request body must be a JSON object", null);
      }
      return value;
    } catch (MismatchedInputException e) {
      String field = fieldOf(e);
      throw malformed(field == null ? "Request body must be a JSON object"
          : "Field " + field + " has the wrong type", field);
    } catch (JsonProcessingException e) {
      throw malformed("Request body is not valid JSON", null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a value as JSON.
   *
   * @throws IllegalArgumentException if the value cannot be written
   */
  public String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
    }
  }

  /**
   * Checks that a content type is JSON.
   *
   * @throws JanuaException code {@code unsupported_media_type} (415) otherwise
   */
  public static void requireJson(@Nullable String contentType) {
    if (contentType != null) {
      String[] parts = contentType.split(";");
      String media = parts[0].strip().toLowerCase(Locale.ROOT);
      boolean utf8 = true;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].strip().toLowerCase(Locale.ROOT);
        if (p.startsWith("charset=")) {
          String cs = p.substring("charset=".length()).replace("\"", "");
          utf8 = cs.equals("utf-8") || cs.equals("utf8");
        }
      }
      if (media.equals(JSON) && utf8) {
        return;
      }
    }
    throw new JanuaException("unsupported_media_type", 415,
        "Content-Type must be application/json (UTF-8)");
  }

  private static @Nullable String fieldOf(JsonMappingException e) {
    if (e.getPath() == null || e.getPath().isEmpty()) {
      return null;
    }
    JsonMappingException.Reference ref = e.getPath().get(e.getPath().size() - 1);
    return ref.getFieldName();
  }

  private static JanuaException tooLarge() {
    return new JanuaException("payload_too_large", 413,
        "Request body is larger than " + MAX_BODY_BYTES + " bytes");
  }

  private static JanuaException malformed(String message, @Nullable String field) {
    return new MalformedJsonException(message, field);
  }
}
