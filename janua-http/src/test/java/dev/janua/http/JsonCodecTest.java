package dev.janua.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.JanuaException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
  private final JsonCodec codec = new JsonCodec();

  private static InputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertCode(Runnable r, int status, String code) {
    assertThatThrownBy(r::run).isInstanceOf(JanuaException.class).satisfies(e -> {
      assertThat(((JanuaException) e).httpStatus()).isEqualTo(status);
      assertThat(((JanuaException) e).code()).isEqualTo(code);
    });
  }

  @Test
  void read_snakeCaseJson_bindsRecord() {
    Requests.AddMember m = codec.read("application/json; charset=UTF-8", -1,
        in("{\"user_id\":\"u1\",\"role\":\"member\",\"ignored\":true}"), Requests.AddMember.class);
    assertThat(m).isEqualTo(new Requests.AddMember("u1", "member"));
  }

  @Test
  void write_record_snakeCaseNames() {
    String json = codec.write(new Responses.AuthBody(null, "a", "r", "Bearer", 900));
    assertThat(json).contains("\"access_token\":\"a\"", "\"refresh_token\":\"r\"",
        "\"token_type\":\"Bearer\"", "\"expires_in\":900");
  }

  @Test
  void read_wrongContentType_415() {
    assertCode(() -> codec.read("text/plain", -1, in("{}"), Requests.Refresh.class), 415,
        "unsupported_media_type");
    assertCode(() -> codec.read(null, -1, in("{}"), Requests.Refresh.class), 415,
        "unsupported_media_type");
    assertCode(() -> codec.read("application/json; charset=ISO-8859-1", -1, in("{}"),
        Requests.Refresh.class), 415, "unsupported_media_type");
  }

  @Test
  void read_tooLarge_413ByLengthOrByStream() {
    assertCode(() -> codec.read("application/json", JsonCodec.MAX_BODY_BYTES + 1L, in("{}"),
        Requests.Refresh.class), 413, "payload_too_large");
    String big = "{\"refresh_token\":\"" + "x".repeat(JsonCodec.MAX_BODY_BYTES) + "\"}";
    assertCode(() -> codec.read("application/json", -1, in(big), Requests.Refresh.class), 413,
        "payload_too_large");
  }

  @Test
  void read_malformedEmptyOrWrongShape_400() {
    assertCode(() -> codec.read("application/json", -1, in(""), Requests.Refresh.class), 400,
        "malformed_json");
    assertCode(() -> codec.read("application/json", -1, in("{"), Requests.Refresh.class), 400,
        "malformed_json");
    assertCode(() -> codec.read("application/json", -1, in("null"), Requests.Refresh.class), 400,
        "malformed_json");
    assertCode(() -> codec.read("application/json", -1, in("{} {}"), Requests.Refresh.class), 400,
        "malformed_json");
    assertCode(() -> codec.read("application/json", -1, in("{\"refresh_token\":[1]}"),
        Requests.Refresh.class), 400, "malformed_json");
  }

  @Test
  void requireFields_missing_validationErrorNamingField() {
    assertThatThrownBy(() -> new Requests.Refresh(null).requireFields())
        .isInstanceOf(dev.janua.ValidationException.class)
        .satisfies(e -> assertThat(((dev.janua.ValidationException) e).field())
            .isEqualTo("refresh_token"));
    assertThat(new Requests.Signin("a@b.c", "secret-pw").toString()).doesNotContain("secret-pw");
  }
}
