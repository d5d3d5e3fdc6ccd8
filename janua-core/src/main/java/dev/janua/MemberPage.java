package dev.janua;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import dev.janua.spi.MemberPosition;
import org.jspecify.annotations.Nullable;

/**
 * One page of an organization's members ({@link Organizations#membersPage}).
 *
 * @param members    the members of this page, in the member order
 * @param nextCursor the opaque cursor of the next page, or {@code null} when this is the last
 */
public record MemberPage(List<Membership> members, @Nullable String nextCursor) {

  /** @throws NullPointerException for a null list */
  public MemberPage {
    members = List.copyOf(Objects.requireNonNull(members, "members"));
  }

  /** The cursor after {@code last}: base64url of its join time and user id, not a secret. */
  static String encode(Membership last) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        (last.joinedAt() + "|" + last.userId()).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The position a cursor names, or {@code null} for none.
   *
   * @throws ValidationException (field {@code cursor}) when it is not one {@link #encode} made
   */
  static @Nullable MemberPosition decode(@Nullable String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      if (cursor.length() > 200) {
        throw new IllegalArgumentException("too long");
      }
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = text.indexOf('|');
      String userId = text.substring(bar + 1);
      if (bar < 0 || userId.isEmpty()) {
        throw new IllegalArgumentException("no user id");
      }
      return new MemberPosition(Instant.parse(text.substring(0, bar)), userId);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new ValidationException("cursor", "cursor must be the next_cursor of a previous page");
    }
  }
}
