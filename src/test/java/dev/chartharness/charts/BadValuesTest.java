package dev.chartharness.charts;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.render.ChartRenderException;
import dev.chartharness.render.RenderCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Files;
import java.io.IOException;

@DisplayName("Bad values fail with a message that names the key")
class BadValuesTest {

  private static RenderCommand journal() {
    return RenderCommand.chart(ChartMatrix.LAYOUT.chart("journal")).withReleaseName("journal").withNamespace("journal");
  }

  private static RenderCommand todo() {
    return RenderCommand.chart(ChartMatrix.LAYOUT.chart("todo")).withReleaseName("todo").withNamespace("todo");
  }

  @Nested
  @DisplayName("misspelled keys")
  class Misspelled {

    @Test
    @DisplayName("a misspelled component key is rejected by the component's schema")
    void componentKey() {
      assertThatThrownBy(() -> journal().set("frontend.replicaCont", 2).call())
          .isInstanceOf(ChartRenderException.class).hasMessageContaining("replicaCont");
    }

    @Test
    @DisplayName("a misspelled top-level key is rejected by the application's schema")
    void applicationKey() {
      assertThatThrownBy(() -> todo().set("todobakend.replicaCount", 2).call())
          .isInstanceOf(ChartRenderException.class).hasMessageContaining("todobakend");
    }

    @Test
    @DisplayName("a misspelled key in a values file names the key and the file")
    void keyInValuesFile(@TempDir Path directory) throws IOException {
      Path values = directory.resolve("typo.yaml");
      Files.writeString(values, "ingress:\n  hostnme: journal.example.org\n");
      assertThatThrownBy(() -> journal().withValuesFiles(values).call())
          .isInstanceOf(ChartRenderException.class).hasMessageContaining("hostnme").hasMessageContaining("typo.yaml");
    }
  }

  @Nested
  @DisplayName("wrong types")
  class WrongTypes {

    @Test
    @DisplayName("a string where a number belongs names the key")
    void stringForNumber() {
      assertThatThrownBy(() -> todo().set("todobackend.replicaCount", "two").call())
          .isInstanceOf(ChartRenderException.class).hasMessageContaining("replicaCount");
    }

    @Test
    @DisplayName("a mutable image tag is refused, naming the key")
    void latestTag() {
      assertThatThrownBy(() -> journal().set("frontend.image.tag", "latest").call())
          .isInstanceOf(ChartRenderException.class).hasMessageContaining("image.tag");
    }
  }

  @Nested
  @DisplayName("production secrets")
  class ProductionSecrets {

    @Test
    @DisplayName("todo in prod without an existing Secret names global.existingSecret")
    void todoRequiresExistingSecret() {
      assertThatThrownBy(() -> todo().withValuesFiles(ChartMatrix.valuesFiles("todo", ChartMatrix.environment("prod")))
          .set("global.existingSecret", "").call())
          .isInstanceOf(ChartRenderException.class).hasMessageContaining("existingSecret");
    }

    @Test
    @DisplayName("journal in prod without an existing Secret names the existingSecret key")
    void journalRequiresExistingSecret() {
      assertThatThrownBy(() -> journal().withValuesFiles(ChartMatrix.valuesFiles("journal", ChartMatrix.environment("prod")))
          .set("global.existingSecret", "").call())
          .isInstanceOf(ChartRenderException.class).hasMessageContaining("existingSecret");
    }
  }
}
