package dev.chartharness.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.docs.ParameterTable;
import dev.chartharness.docs.ValuesDocumentation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Chart READMEs: parameter tables generated from the values comments")
class ParameterTablesTest {

  static Stream<String> charts() {
    return EveryChartTest.charts();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("charts")
  @DisplayName("documents every value with an @param comment")
  void everyValueDocumented(String chart) {
    ValuesDocumentation documentation = ValuesDocumentation.read(ChartMatrix.LAYOUT.chart(chart).resolve("values.yaml"));
    assertThat(documentation.undocumentedValues()).as("values of %s without an @param comment", chart).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("charts")
  @DisplayName("has README tables equal to what the comments generate (run `java -jar target/chart-harness.jar docs` after editing values)")
  void tablesMatchValues(String chart) throws IOException {
    Path directory = ChartMatrix.LAYOUT.chart(chart);
    Path readme = directory.resolve("README.md");
    String expected = ParameterTable.updated(readme, ValuesDocumentation.read(directory.resolve("values.yaml")));
    assertThat(Files.readString(readme)).as("%s is out of date with values.yaml", readme).isEqualTo(expected);
  }
}
