package dev.janua.examples.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.janua.JanuaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;

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
  /** How much of an oversized body is read and dropped before answering 413 (see {@code drain}). */
  static final long DRAIN_LIMIT = 1024 * 1024;
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
   * @param body          the body stream; read at most {@link #MAX_BODY_BYTES} + 1 bytes, not closed
   * @param type          the request record
   * @return the parsed value, never null
   * @throws JanuaException codes {@code unsupported_media_type} (415), {@code payload_too_large}
   *     (413) or {@code malformed_json} (400)
   */
  public <T> T read(String contentType, long contentLength, InputStream body, Class<T> type) {
    Objects.requireNonNull(type, "type");
    requireJson(contentType);
    if (contentLength > MAX_BODY_BYTES) {
      drain(body);
      throw tooLarge();
    }
    byte[] bytes = readLimited(body);
    return parse(bytes, type);
  }

  /**
   * Parses a body already read (and already size-checked by the caller).
   *
   * @throws JanuaException code {@code payload_too_large} (413) or {@code malformed_json} (400)
   */
  public <T> T parse(byte[] bytes, Class<T> type) {
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
  public static void requireJson(String contentType) {
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

  private static byte[] readLimited(InputStream body) {
    if (body == null) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = body.read(buffer)) != -1) {
        out.write(buffer, 0, n);
        if (out.size() > MAX_BODY_BYTES) {
          drain(body);
          throw tooLarge();
        }
      }
    } catch (IOException e) {
      throw malformed("Request body could not be read", null);
    }
    return out.toByteArray();
  }

  /**
   * Reads and drops what is left of an oversized body, up to {@link #DRAIN_LIMIT} bytes, before the
   * 413 is sent. A server that answers while the client is still sending, and then closes, can reset
   * the connection before the client reads the answer; draining a moderately oversized body lets the
   * client see its 413. Past the limit the connection is simply closed.
   */
  private static void drain(InputStream body) {
    if (body == null) {
      return;
    }
    byte[] buffer = new byte[8192];
    long left = DRAIN_LIMIT;
    try {
      int n;
      while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) != -1) {
        left -= n;
      }
    } catch (IOException e) {
      // The client went away: nothing to answer anyway.
    }
  }

  private static String fieldOf(JsonMappingException e) {
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

  private static JanuaException malformed(String message, String field) {
    return new MalformedJson(message, field);
  }

  /** A body that is not the JSON object expected; {@link #field()} names the culprit when known. */
  static final class MalformedJson extends JanuaException {
    private static final long serialVersionUID = 1L;
    private final String field;

    MalformedJson(String message, String field) {
      super("malformed_json", 400, message);
      this.field = field;
    }

    String field() {
      return field;
    }
  }
}
