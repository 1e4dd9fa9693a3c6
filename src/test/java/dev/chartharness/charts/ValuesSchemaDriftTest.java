package dev.chartharness.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.docs.ChartDocs;
import dev.chartharness.docs.GeneratedFile;
import dev.chartharness.docs.ValuesSchema;
import dev.chartharness.render.Chart;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("values.schema.json of every chart: generated from values.yaml and its comments, never edited by hand")
class ValuesSchemaDriftTest {

  static final String DOCS_COMMAND = "./mvnw -q package -DskipTests && java -jar target/chart-harness.jar docs";

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.chartharness.charts.EveryChartTest#charts")
  @DisplayName("is what `docs` writes from the @param and @schema comments (run `java -jar target/chart-harness.jar docs` after editing values)")
  void schemaMatchesValues(String chart) throws IOException {
    ChartDocs docs = ChartDocs.of(List.of(Chart.load(ChartMatrix.LAYOUT.chart(chart))));
    assertThat(docs.handWrittenSchemas()).as("schemas of %s without the generated $comment, which docs would not rewrite", chart).isEmpty();
    GeneratedFile schema = docs.files().stream().filter(file -> file.path().endsWith(ValuesSchema.FILE)).findFirst().orElseThrow();
    assertThat(schema.path()).as("%s: run `%s`", schema.path(), DOCS_COMMAND).exists();
    assertThat(Files.readString(schema.path()))
        .as("%s differs from what values.yaml generates: edit the @param/@schema comments there, then run `%s`", schema.path(), DOCS_COMMAND)
        .isEqualTo(schema.content());
  }
}
