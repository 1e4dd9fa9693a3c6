package dev.chartharness.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.charts.ChartMatrix;
import dev.chartharness.render.Environment;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ExternalSecrets finds the Secrets a release uses but does not contain, with their keys")
class ExternalSecretsTest {

  @Test
  @DisplayName("production journal needs journal-redis-auth with redis-password")
  void journalProduction() {
    assertThat(ExternalSecrets.of(ChartMatrix.render("journal", ChartMatrix.environment("prod"))))
        .isEqualTo(Map.of("journal-redis-auth", Set.of("redis-password")));
  }

  @Test
  @DisplayName("production todo needs todo-secrets-prod with all three keys")
  void todoProduction() {
    assertThat(ExternalSecrets.of(ChartMatrix.render("todo", ChartMatrix.environment("prod"))))
        .isEqualTo(Map.of("todo-secrets-prod", Set.of("MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD", "SECRET_KEY")));
  }

  @Test
  @DisplayName("a release that generates its Secrets needs none from outside")
  void generatedNeedsNothing() {
    assertThat(ExternalSecrets.of(ChartMatrix.render("todo", Environment.DEFAULTS))).isEmpty();
    assertThat(ExternalSecrets.of(ChartMatrix.render("journal", ChartMatrix.environment("dev")))).isEmpty();
  }
}
