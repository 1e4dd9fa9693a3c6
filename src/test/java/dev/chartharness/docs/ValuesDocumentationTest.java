package dev.chartharness.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Parameter tables from @param comments")
class ValuesDocumentationTest {

  @TempDir
  Path chart;

  private Path values(String text) throws IOException {
    return Files.writeString(chart.resolve("values.yaml"), text);
  }

  @Nested
  @DisplayName("valid")
  class Valid {
    @Test
    @DisplayName("a table per section with each parameter's default read from the file")
    void tables() throws IOException {
      ValuesDocumentation documentation = ValuesDocumentation.read(values("""
          ## @section Image
          image:
            ## @param image.tag Immutable tag | never latest
            tag: 1.2.3
          ## @param replicaCount Number of replicas
          replicaCount: 2
          """));
      assertThat(ParameterTable.markdown(documentation)).contains("### Image")
          .contains("| `image.tag` | Immutable tag \\| never latest | `1.2.3` |")
          .contains("| `replicaCount` | Number of replicas | `2` |");
      assertThat(documentation.undocumentedValues()).isEmpty();
    }

    @Test
    @DisplayName("the README keeps its text around the markers")
    void updatesBetweenMarkers() throws IOException {
      ValuesDocumentation documentation = ValuesDocumentation.read(values("## @param a A\na: 1\n"));
      Path readme = Files.writeString(chart.resolve("README.md"), "# Chart\n\n" + ParameterTable.START + "\nold\n" + ParameterTable.END + "\nfooter\n");
      assertThat(ParameterTable.updated(readme, documentation)).startsWith("# Chart\n\n" + ParameterTable.START)
          .contains("| `a` | A | `1` |").doesNotContain("old").endsWith(ParameterTable.END + "\nfooter\n");
    }
  }

  @Nested
  @DisplayName("invalid")
  class Invalid {
    @Test
    @DisplayName("a value without a comment is reported by its path")
    void undocumented() throws IOException {
      assertThat(ValuesDocumentation.read(values("## @param a A\na: 1\nservice:\n  port: 80\n")).undocumentedValues()).containsExactly("service.port");
    }

    @Test
    @DisplayName("a comment for a value the file lacks names the file, line and path")
    void commentWithoutValue() throws IOException {
      Path file = values("## @param image.tg Typo\nimage:\n  tag: 1\n");
      assertThatThrownBy(() -> ValuesDocumentation.read(file)).hasMessageContaining("values.yaml:1").hasMessageContaining("image.tg");
    }

    @Test
    @DisplayName("a README without the markers says which lines it needs")
    void missingMarkers() throws IOException {
      Path readme = Files.writeString(chart.resolve("README.md"), "# Chart\n");
      assertThatThrownBy(() -> ParameterTable.updated(readme, ValuesDocumentation.read(values("a: 1\n"))))
          .hasMessageContaining(ParameterTable.START).hasMessageContaining(ParameterTable.END);
    }
  }
}
