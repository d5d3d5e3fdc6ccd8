package dev.janua.testing.surfacefixture;

import dev.janua.internal.EnvReader;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ListAssert;

/** Names an implementation type and a third-party type in public signatures, on purpose. */
public final class Leaky {
  /** Takes an implementation type. */
  public void read(EnvReader reader) {}

  /** Returns a third-party type inside a type argument. */
  public Optional<ListAssert<String>> check(List<String> values) {
    return Optional.empty();
  }

  /** Package-private: not part of the surface, so not reported. */
  void hidden(EnvReader reader) {}
}
