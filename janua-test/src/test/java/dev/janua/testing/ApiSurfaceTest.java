package dev.janua.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.testing.surfacefixture.Leaky;
import org.junit.jupiter.api.Test;

/** {@link ApiSurface} finds what it is there to find, on the fixtures in the test classes. */
class ApiSurfaceTest {
  private static final ApiSurface FIXTURE =
      ApiSurface.of(Leaky.class).module("the fixture");

  @Test
  void reportsImplementationAndThirdPartyTypes_inPublicSignaturesOnly() {
    assertThat(FIXTURE.signatureLeaks())
        .anyMatch(l -> l.contains("read(dev.janua.internal.EnvReader)")
            && l.endsWith("names the implementation type dev.janua.internal.EnvReader"))
        .anyMatch(l -> l.contains("check(")
            && l.endsWith("names the third-party type org.assertj.core.api.ListAssert"))
        .noneMatch(l -> l.contains("hidden("))
        .hasSize(2);
    assertThatThrownBy(FIXTURE::assertNoInternalOrThirdPartyType)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the fixture")
        .hasMessageContaining("org.assertj.core.api.ListAssert");
  }

  @Test
  void allowedPrefix_isNoLeak_butInternalTypesStayLeaks() {
    assertThat(FIXTURE.allow("org.assertj.").signatureLeaks())
        .singleElement()
        .asString()
        .endsWith("names the implementation type dev.janua.internal.EnvReader");
    assertThat(FIXTURE.allow("dev.janua.internal.").signatureLeaks()).hasSize(2);
  }

  @Test
  void reportsPackagesWithoutNullMarked() {
    assertThat(FIXTURE.unmarkedPackages())
        .contains("dev.janua.testing.surfacefixture.unmarked (no package-info)")
        .doesNotContain("dev.janua.testing.surfacefixture", "dev.janua.testing");
    assertThatThrownBy(FIXTURE::assertEveryPackageNullMarked)
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("packages of the fixture without @NullMarked");
  }

  @Test
  void apiPackageWithoutClasses_isAProblem() {
    ApiSurface missing = FIXTURE.apiPackage("dev.janua.nowhere");
    assertThat(missing.unmarkedPackages()).anyMatch(l -> l.contains("dev.janua.nowhere"));
    assertThat(missing.signatureLeaks())
        .containsExactly("the API package dev.janua.nowhere has no public type");
  }

  @Test
  void blankSettings_areRejected() {
    assertThatThrownBy(() -> FIXTURE.allow(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix");
    assertThatThrownBy(() -> FIXTURE.apiPackage("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("packageName");
  }
}
