package dev.janua.spi;

import dev.janua.Membership;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a page of members ends: the {@code joinedAt} and {@code userId} of its last member. The next
 * page starts after it ({@link OrganizationStore#membersPage}).
 *
 * @param joinedAt when the last member joined
 * @param userId   the last member's user id
 */
public record MemberPosition(Instant joinedAt, String userId) {

  /** @throws NullPointerException for a null value */
  public MemberPosition {
    Objects.requireNonNull(joinedAt, "joinedAt");
    Objects.requireNonNull(userId, "userId");
  }

  /** The position of this member. */
  public static MemberPosition of(Membership m) {
    return new MemberPosition(m.joinedAt(), m.userId());
  }

  /** Whether {@code m} comes after this position in the member order. */
  public boolean isBefore(Membership m) {
    int c = m.joinedAt().compareTo(joinedAt);
    return c > 0 || c == 0 && m.userId().compareTo(userId) > 0;
  }
}
