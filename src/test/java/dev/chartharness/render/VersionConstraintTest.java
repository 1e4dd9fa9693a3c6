package dev.chartharness.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("VersionConstraint reads a dependency's version: as Helm does")
class VersionConstraintTest {

  @ParameterizedTest(name = "{0} allows {1}: {2}")
  @CsvSource({
      "1.2.3, 1.2.3, true", "1.2.3, 1.2.4, false", "1.2, 1.2.9, true", "1.2, 1.3.0, false",
      "1.x, 1.9.0, true", "1.x, 2.0.0, false", "*, 7.1.0, true", "'*', 1.0.0-rc.1, false",
      "~1.2.3, 1.2.9, true", "~1.2.3, 1.3.0, false", "~1.2.3, 1.2.2, false", "~1, 1.9.9, true",
      "^1.2.3, 1.9.0, true", "^1.2.3, 2.0.0, false", "^0.2.3, 0.2.9, true", "^0.2.3, 0.3.0, false", "^0.0.3, 0.0.4, false",
      "'>=2.0.0 <3.0.0', 2.3.1, true", "'>=2.0.0 <3.0.0', 3.0.0, false", "'>=1.0, <1.5', 1.4.9, true",
      "'1.0 - 1.4', 1.4.9, true", "'1.0 - 1.4', 1.5.0, false", "'>1.2', 1.2.9, false", "'>1.2', 1.3.0, true",
      "'<=1.2', 1.2.9, true", "'!=1.2.3', 1.2.4, true", "'!=1.2.3', 1.2.3, false",
      "'^1.0.0 || ^3.0.0', 3.1.0, true", "'^1.0.0 || ^3.0.0', 2.1.0, false",
      "'>=1.0.0-0', 1.1.0-rc.1, true", "v1.2.3, 1.2.3, true"
  })
  void allows(String constraint, String version, boolean allowed) {
    assertThat(VersionConstraint.parse(constraint).allows(version)).isEqualTo(allowed);
  }

  @Test
  @DisplayName("a constraint that is not one is refused naming it")
  void invalid() {
    assertThatThrownBy(() -> VersionConstraint.parse("about 1.2")).hasMessageContaining("not a version constraint: about 1.2");
  }
}
