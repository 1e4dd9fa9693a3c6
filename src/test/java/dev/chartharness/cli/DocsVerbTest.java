package dev.chartharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.docs.ParameterTable;
import dev.chartharness.docs.ValuesSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("docs [DIR] [--check]: README tables and values.schema.json from the values comments; --check writes nothing")
class DocsVerbTest {

  static final String README = "# demo\n\n" + ParameterTable.START + "\nold table\n" + ParameterTable.END + "\n";

  record Run(int exit, String out, String err) {
  }

  @TempDir
  Path repository;
  Path chart;

  Run docs(String... options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new java.util.ArrayList<>(List.of("docs", repository.toString()));
    args.addAll(List.of(options));
    int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @BeforeEach
  void demoChart() throws IOException {
    chart = Files.createDirectories(repository.resolve("charts/demo"));
    Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
    Files.writeString(chart.resolve("values.yaml"), "## @param port Port\n## @schema port {minimum: 1}\nport: 8080\n");
    Files.writeString(chart.resolve("README.md"), README);
  }

  @Test
  @DisplayName("--check lists the files that differ, exits 1 naming the command that rewrites them, and writes nothing")
  void checkFindsDrift() throws IOException {
    Run run = docs("--check");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).contains("drifted " + chart.resolve("README.md")).contains("drifted " + chart.resolve(ValuesSchema.FILE));
    assertThat(run.err()).contains("2 file(s) differ").contains("java -jar chart-harness.jar docs " + repository);
    assertThat(Files.readString(chart.resolve("README.md"))).isEqualTo(README);
    assertThat(chart.resolve(ValuesSchema.FILE)).doesNotExist();
  }

  @Test
  @DisplayName("docs writes the tables and the schema; then --check passes and a second docs changes nothing")
  void writesThenChecks() throws IOException {
    Run write = docs();
    assertThat(write.exit()).as(write.err()).isZero();
    assertThat(write.out()).contains("updated " + chart.resolve("README.md")).contains("updated " + chart.resolve(ValuesSchema.FILE));
    assertThat(Files.readString(chart.resolve("README.md"))).contains("| `port` | Port | `8080` |");
    assertThat(Files.readString(chart.resolve(ValuesSchema.FILE))).contains("\"minimum\": 1");
    Run check = docs("--check");
    assertThat(check.exit()).as(check.out() + check.err()).isZero();
    assertThat(check.out()).contains("up to date: 2 generated files");
    assertThat(docs().out()).contains("unchanged " + chart.resolve(ValuesSchema.FILE)).doesNotContain("updated");
  }

  @Test
  @DisplayName("a values.schema.json written by hand is kept, and said so")
  void keepsHandWrittenSchema() throws IOException {
    Path schema = Files.writeString(chart.resolve(ValuesSchema.FILE), "{\"type\": \"object\"}\n");
    Run run = docs();
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("kept " + schema + " (written by hand");
    assertThat(Files.readString(schema)).isEqualTo("{\"type\": \"object\"}\n");
  }

  @Test
  @DisplayName("unusable values comments: exit 1 naming file, line and key, and no file is written")
  void refusesBadComments() throws IOException {
    Files.writeString(chart.resolve("values.yaml"), "## @param port Port\nport: 8080\nservice:\n  type: ClusterIP\n");
    Run run = docs();
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains(chart.resolve("values.yaml") + ":4: service.type: the value has no @param comment");
    assertThat(Files.readString(chart.resolve("README.md"))).isEqualTo(README);
    assertThat(chart.resolve(ValuesSchema.FILE)).doesNotExist();
  }
}
