package dev.chartharness.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Environments: values/environments.yaml and its overlays")
class EnvironmentsTest {

  @TempDir
  Path values;

  private void write(String catalog, String... directories) throws IOException {
    Files.writeString(values.resolve("environments.yaml"), catalog);
    for (String directory : directories) {
      Files.createDirectories(values.resolve(directory));
    }
  }

  @Nested
  @DisplayName("valid")
  class Valid {
    @Test
    @DisplayName("an overlay applies its base's files first")
    void overlayLayersBaseFirst() throws IOException {
      write("prod: {}\neks:\n  overlays: prod\n", "prod", "eks");
      Files.writeString(values.resolve("prod/app.yaml"), "a: 1\n");
      Files.writeString(values.resolve("eks/app.yaml"), "b: 1\n");
      Environment eks = Environments.load(values).get("eks");
      assertThat(eks.valuesFiles(values, "app")).containsExactly(values.resolve("prod/app.yaml"), values.resolve("eks/app.yaml"));
    }

    @Test
    @DisplayName("the repository's own catalog layers eks on prod")
    void repositoryCatalog() {
      assertThat(ProjectLayout.current().environments().get("eks").layers()).containsExactly("prod", "eks");
    }
  }

  @Nested
  @DisplayName("invalid")
  class Invalid {
    @Test
    @DisplayName("an overlay of an unknown environment names both")
    void unknownBase() throws IOException {
      write("eks:\n  overlays: prd\n", "eks");
      assertThatThrownBy(() -> Environments.load(values)).hasMessageContaining("eks").hasMessageContaining("prd");
    }

    @Test
    @DisplayName("an unknown field names the environment and the field")
    void unknownField() throws IOException {
      write("eks:\n  overlay: prod\n", "eks");
      assertThatThrownBy(() -> Environments.load(values)).hasMessageContaining("eks").hasMessageContaining("overlay");
    }

    @Test
    @DisplayName("a missing values file names the file")
    void missingFile() throws IOException {
      write("dev: {}\n", "dev");
      Environment dev = Environments.load(values).get("dev");
      assertThatThrownBy(() -> dev.valuesFiles(values, "app")).hasMessageContaining("dev/app.yaml");
    }

    @Test
    @DisplayName("an unknown environment lists the known ones")
    void unknownEnvironment() throws IOException {
      write("dev: {}\n", "dev");
      assertThatThrownBy(() -> Environments.load(values).get("qa")).hasMessageContaining("qa").hasMessageContaining("[dev]");
    }
  }
}
