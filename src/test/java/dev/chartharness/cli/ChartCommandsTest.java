package dev.chartharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chartharness.render.ProjectLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;

@DisplayName("render and validate on any chart: usage errors name the option, output formats for CI tools, problems exit 1")
class ChartCommandsTest {

  static final Path CORPUS = ProjectLayout.current().root().resolve("src/test/resources/corpus");

  record Run(int exitCode, String out, String err) {
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String chart(String name) {
    return CORPUS.resolve(name).toString();
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "render   | --kube-version=banana   | --kube-version: Kubernetes version \"banana\" is invalid",
      "validate | --kube-version=99.99    | --kube-version: Kubernetes version \"99.99\" is invalid",
      "render   | --kube-version=         | --kube-version: Kubernetes version \"\" is invalid",
      "render   | --namespace=Bad_NS      | --namespace: namespace \"Bad_NS\" is invalid: a DNS-1123 label",
      "validate | --namespace=-edge       | --namespace: namespace \"-edge\" is invalid",
      "render   | --release=UPPER         | --release: release name \"UPPER\" is invalid",
      "validate | --release=a-release-name-that-is-longer-than-fifty-three-characters | --release: release name",
      "validate | --output=xml            | --output takes text, json or junit, got xml",
      "validate | --policy=               | --policy takes RULE=error|warning|off",
      "validate | --policy=resources=off, | --policy takes RULE=error|warning|off, got \"\"",
  })
  @DisplayName("invalid options are usage errors (exit 2) naming the option")
  void usageErrors(String verb, String option, String message) {
    Run run = run(verb, chart("sidecar"), option);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(message);
  }

  @Test
  @DisplayName("render accepts 1.N and v1.N.P, as Helm does")
  void kubeVersions() {
    assertThat(run("render", chart("umbrella"), "--kube-version", "1.31").exitCode()).isZero();
    assertThat(run("render", chart("umbrella"), "--kube-version", "v1.30.2").exitCode()).isZero();
  }

  @Nested
  @DisplayName("render")
  class Render {

    @Test
    @DisplayName("lists CRDs and hooks as such; --manifest shows the real helm.sh/hook annotations and --include-crds the CRD first")
    void hooksAndCrds() {
      Run list = run("render", chart("umbrella"));
      assertThat(list.out()).contains("CustomResourceDefinition/widgets.corpus.example.com  (umbrella/crds/widgets.yaml, CRD)")
          .contains("Pod/umbrella-test-connection  (umbrella/templates/tests/test-connection.yaml, hook test)");
      Run manifest = run("render", chart("umbrella"), "--manifest");
      assertThat(manifest.out()).contains("\"helm.sh/hook\": pre-install,pre-upgrade").contains("\"helm.sh/hook-weight\": \"-5\"")
          .doesNotContain("chart-harness").doesNotContain("kind: CustomResourceDefinition");
      assertThat(run("render", chart("umbrella"), "--manifest", "--include-crds").out())
          .startsWith("---\n# Source: umbrella/crds/widgets.yaml\n");
    }

    @Test
    @DisplayName("a document that is not YAML: the others are listed, the problem is printed with template and line, exit 1")
    void brokenYaml() {
      Run run = run("render", chart("broken-yaml"));
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out()).contains("Service/broken-yaml-fine");
      assertThat(run.err()).contains("ERROR broken-yaml/templates/a-broken.yaml line 7 (\"misindented: x\"): not valid YAML");
    }

    @Test
    @DisplayName("a template error names the chart and points into the template file")
    void templateError() {
      Run run = run("render", chart("backend"), "--set", "global=5");
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("chart " + chart("backend")).contains("template: backend/templates/deployment.yaml:8:");
    }

    @Test
    @DisplayName("an unknown Chart.yaml apiVersion is an error naming the file and field")
    void unknownApiVersion(@org.junit.jupiter.api.io.TempDir Path scratch) throws java.io.IOException {
      Path chart = scratch.resolve("odd");
      java.nio.file.Files.createDirectories(chart.resolve("templates"));
      java.nio.file.Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v3\nname: odd\nversion: 0.1.0\n");
      Run run = run("validate", chart.toString());
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out()).contains("ERROR chart " + chart + " Chart.yaml: " + chart.resolve("Chart.yaml") + ": field apiVersion is v3");
    }
  }

  @Nested
  @DisplayName("validate --output")
  class Output {

    @Test
    @DisplayName("json: every finding with severity, rule, object, field, message and hook")
    void json() throws Exception {
      Run run = run("validate", chart("umbrella"), "--output", "json");
      JsonNode report = new ObjectMapper().readTree(run.out());
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(report.path("errors").asInt()).isEqualTo(report.path("findings").size()).isPositive();
      assertThat(report.path("findings").get(0).path("object").asText()).isEqualTo("Deployment/umbrella-api");
      assertThat(report.path("findings")).anySatisfy(finding -> assertThat(finding.path("hook").asText()).isEqualTo("test"));
    }

    @Test
    @DisplayName("junit: one failing test case per error, readable by CI tools")
    void junit() throws Exception {
      Run run = run("validate", chart("bad-widgets"), "--output", "junit");
      Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new java.io.ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));
      assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("8");
      assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(8);
    }

    @Test
    @DisplayName("--crd checks custom resources against a CRD the chart does not carry")
    void crdFile() {
      Run run = run("validate", chart("external-widget"), "--crd", CORPUS.resolve("umbrella/crds/widgets.yaml").toString());
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out()).contains("ERROR Widget/external-widget spec.shape: unknown field shape");
      Run missing = run("validate", chart("external-widget"), "--crd", "/nonexistent/crd.yaml");
      assertThat(missing.exitCode()).isEqualTo(2);
      assertThat(missing.err()).contains("--crd: CRD file /nonexistent/crd.yaml does not exist");
    }
  }
}
