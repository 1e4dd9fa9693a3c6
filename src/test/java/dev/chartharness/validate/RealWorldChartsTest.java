package dev.chartharness.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.render.ProjectLayout;
import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.RenderedRelease;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Validation of charts from outside this repository: no false alarms, one path per finding, same bytes every run")
class RealWorldChartsTest {

  static final Path CORPUS = ProjectLayout.current().root().resolve("src/test/resources/corpus");
  static final Path FIXTURES = ProjectLayout.current().root().resolve("src/test/resources/fixtures");

  static ValidationReport validate(String chart) {
    return ValidateCommand.release(RenderCommand.chart(CORPUS.resolve(chart)).withReleaseName(chart).call()).call();
  }

  static List<String> fields(ValidationReport report, String rule) {
    return report.findings().stream().filter(finding -> finding.rule().equals(rule)).map(finding -> finding.object() + " " + finding.field()).toList();
  }

  @Nested
  @DisplayName("readiness probes")
  class Readiness {

    @Test
    @DisplayName("a sidecar that declares no port needs no readiness probe when its neighbour serves the Service")
    void sidecarWithoutPorts() {
      assertThat(validate("sidecar").findings()).isEmpty();
    }

    @Test
    @DisplayName("a container that declares ports still needs one")
    void servingContainer() {
      assertThat(fields(validate("umbrella"), Policy.READINESS_PROBE))
          .containsExactly("Deployment/umbrella-api spec.template.spec.containers[api].readinessProbe",
              "StatefulSet/umbrella-cache spec.template.spec.containers[cache].readinessProbe");
    }
  }

  @Test
  @DisplayName("hook pods are checked like workloads and their findings say which hook they are")
  void hooksChecked() {
    ValidationReport report = validate("umbrella");
    assertThat(report.findings()).filteredOn(finding -> finding.object().equals("Pod/umbrella-test-connection"))
        .isNotEmpty().allSatisfy(finding -> assertThat(finding.hook()).isEqualTo("test"))
        .anySatisfy(finding -> assertThat(finding.field()).isEqualTo("spec.containers[probe].securityContext.allowPrivilegeEscalation"));
    assertThat(report.findings()).filteredOn(finding -> finding.object().equals("Job/umbrella-prepare"))
        .isNotEmpty().allSatisfy(finding -> assertThat(finding.hook()).isEqualTo("pre-install,pre-upgrade"));
    assertThat(report.findings().get(0).toString()).doesNotContain("(hook");
    assertThat(report.findings()).filteredOn(finding -> !finding.hook().isEmpty()).first().asString().contains("(hook ");
  }

  @Test
  @DisplayName("the same input gives the same findings in the same order and words, sorted, without repeats")
  void deterministic() {
    String first = ReportFormat.TEXT.write(validate("umbrella").findings(), "umbrella");
    for (int i = 0; i < 3; i++) {
      assertThat(ReportFormat.TEXT.write(validate("umbrella").findings(), "umbrella")).isEqualTo(first);
    }
    List<Finding> findings = validate("umbrella").findings();
    assertThat(findings).isSortedAccordingTo(Finding.ORDER).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("duplicate container names: each finding has a path of its own (by index where names repeat)")
  void onePathEach() {
    ValidationReport report = ValidateCommand.release(RenderCommand.chart(FIXTURES.resolve("duplicate-container-name")).call()).call();
    assertThat(report.findings()).extracting(finding -> finding.object() + " " + finding.field() + " " + finding.rule() + " " + finding.message())
        .doesNotHaveDuplicates();
    assertThat(report.findings()).anySatisfy(finding -> assertThat(finding.field()).matches(".*containers\\[1\\].*"));
    assertThat(report.findings()).anySatisfy(finding -> assertThat(finding.message()).contains("duplicate container name"));
  }

  @Nested
  @DisplayName("custom resources against their CRDs")
  class CustomResources {

    @Test
    @DisplayName("a valid custom resource has no finding")
    void valid() {
      assertThat(validate("umbrella").findings()).noneSatisfy(finding -> assertThat(finding.object()).startsWith("Widget/"));
    }

    @Test
    @DisplayName("unknown fields, wrong types, enums, bounds, required fields and unserved versions are errors naming the field")
    void invalid() {
      ValidationReport report = validate("bad-widgets");
      assertThat(report.errors()).extracting(finding -> finding.object() + " " + finding.field()).containsExactlyInAnyOrder(
          "Widget/misspelled spec.colour",
          "Widget/wrong-types spec.size",
          "Widget/wrong-types spec.ports[1]",
          "Widget/out-of-bounds spec.size",
          "Widget/out-of-bounds spec.color",
          "Widget/out-of-bounds spec.labels.team",
          "Widget/missing-size spec.size",
          "Widget/unserved-version apiVersion");
      assertThat(report.errors()).filteredOn(finding -> finding.field().equals("spec.colour")).singleElement()
          .satisfies(finding -> assertThat(finding.message()).contains("unknown field colour (did you mean color?)").contains("widgets.corpus.example.com"));
      assertThat(report.errors()).filteredOn(finding -> finding.object().equals("Widget/out-of-bounds") && finding.field().equals("spec.size"))
          .singleElement().satisfies(finding -> assertThat(finding.message()).contains("above the maximum 10"));
    }

    @Test
    @DisplayName("a custom resource whose CRD is missing is a warning; given with --crd it is checked strictly")
    void externalDefinition() {
      RenderedRelease release = RenderCommand.chart(CORPUS.resolve("external-widget")).withReleaseName("w").call();
      assertThat(ValidateCommand.release(release).call().findings()).singleElement()
          .satisfies(finding -> assertThat(finding.severity()).isEqualTo(Severity.WARNING));
      ValidationReport strict = ValidateCommand.release(release).withCrds(CORPUS.resolve("umbrella/crds/widgets.yaml")).call();
      assertThat(strict.errors()).singleElement().satisfies(finding -> {
        assertThat(finding.field()).isEqualTo("spec.shape");
        assertThat(finding.message()).contains("unknown field shape");
      });
    }
  }

  @Nested
  @DisplayName("APIs by Kubernetes version")
  class DeprecatedApis {

    @Test
    @DisplayName("at 1.36, removed APIs are errors naming the replacement and deprecated ones warnings")
    void removed() {
      ValidationReport report = validate("old-apis");
      // Errors first, then warnings.
      assertThat(fields(report, "deprecated-api")).containsExactly("HorizontalPodAutoscaler/old-apis-autoscaler apiVersion",
          "PodDisruptionBudget/old-apis-budget apiVersion", "Endpoints/old-apis-endpoints apiVersion");
      assertThat(report.errors()).filteredOn(finding -> finding.rule().equals("deprecated-api"))
          .extracting(Finding::message).containsExactlyInAnyOrder(
              "autoscaling/v2beta2 HorizontalPodAutoscaler was removed in Kubernetes 1.26 (rendering for v1.36.3); use autoscaling/v2",
              "policy/v1beta1 PodDisruptionBudget was removed in Kubernetes 1.25 (rendering for v1.36.3); use policy/v1");
      assertThat(report.warnings()).filteredOn(finding -> finding.rule().equals("deprecated-api")).singleElement()
          .satisfies(finding -> assertThat(finding.message()).contains("deprecated since Kubernetes 1.33").contains("EndpointSlice"));
    }

    @Test
    @DisplayName("with --kube-version 1.23, the same APIs are deprecated, not removed")
    void olderCluster() {
      RenderedRelease release = RenderCommand.chart(CORPUS.resolve("old-apis")).withKubeVersion("1.23").call();
      ValidationReport report = ValidateCommand.release(release).call();
      assertThat(report.findings()).filteredOn(finding -> finding.rule().equals("deprecated-api"))
          .extracting(Finding::object, Finding::severity).containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("HorizontalPodAutoscaler/old-apis-autoscaler", Severity.WARNING),
              org.assertj.core.groups.Tuple.tuple("PodDisruptionBudget/old-apis-budget", Severity.WARNING));
    }
  }

  @Test
  @DisplayName("a document that is not YAML is an error naming template, line and text; the other documents are still validated")
  void brokenYaml() {
    ValidationReport report = validate("broken-yaml");
    assertThat(report.errors()).extracting(Finding::rule, Finding::object, Finding::field).containsExactly(
        org.assertj.core.groups.Tuple.tuple("references", "Service/broken-yaml-fine", "spec.selector"),
        org.assertj.core.groups.Tuple.tuple("render", "broken-yaml/templates/a-broken.yaml", "line 7"));
    assertThat(report.errors().get(1).message()).contains("not valid YAML").contains("\"misindented: x\"");
  }

  @Test
  @DisplayName("kubeVersion constraints are honoured: umbrella (>=1.23) renders for 1.36 and is refused for 1.22, naming both")
  void kubeVersionConstraint() {
    assertThat(RenderCommand.chart(CORPUS.resolve("umbrella")).call().kubeVersion()).isEqualTo("v1.36.3");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RenderCommand.chart(CORPUS.resolve("umbrella")).withKubeVersion("1.22").call())
        .hasMessageContaining(CORPUS.resolve("umbrella").toString()).hasMessageContaining(">=1.23.0-0").hasMessageContaining("v1.22.0");
  }
}
