package dev.chartharness.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.assertj.ChartAssertions;
import dev.chartharness.render.ProjectLayout;
import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.RenderedRelease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ValidateCommand finds the one defect of each fixture chart and names its severity, rule, object and field")
class ValidateCommandTest {

  static final Path FIXTURES = ProjectLayout.current().root().resolve("src/test/resources/fixtures");
  private static final Map<String, RenderedRelease> RENDERED = new ConcurrentHashMap<>();

  private static final Severity ERROR = Severity.ERROR;
  private static final Severity WARNING = Severity.WARNING;
  private static final String POD = "spec.template.spec";
  private static final String WEB = POD + ".containers[web]";

  /** Fixture -> the finding its defect must produce; a fixture may have more than one row. */
  private static final List<Defect> DEFECTS = List.of(
      new Defect("unknown-field", ERROR, "schema", "Deployment/web", WEB + ".resources.request",
          "unknown field request in ResourceRequirements (did you mean requests?)"),
      new Defect("wrong-indentation", ERROR, "schema", "Deployment/web", POD + ".image", "unknown field image in PodSpec"),
      new Defect("wrong-indentation", ERROR, "api", "Deployment/web", WEB + ".image", "is required"),
      new Defect("wrong-type", ERROR, "schema", "Deployment/web", "spec.replicas", "wrong type: string \"two\" is not a valid number"),
      new Defect("selector-mismatch", ERROR, "api", "Deployment/web", "spec.selector.matchLabels", "does not match the pod template labels"),
      new Defect("job-restart-always", ERROR, "api", "Job/migrate", POD + ".restartPolicy", "Always is not allowed for Job pods"),
      new Defect("bad-port-name", ERROR, "api", "Deployment/web", WEB + ".ports[http-web-frontend].name",
          "\"http-web-frontend\" is not a valid port name"),
      new Defect("bad-service-port-name", ERROR, "api", "Service/web", "spec.ports[Http_Web].name", "is not a valid Service port name"),
      new Defect("port-out-of-range", ERROR, "api", "Deployment/web", WEB + ".ports[http].containerPort", "80800 is not a port number"),
      new Defect("bad-object-name", ERROR, "api", "Job/Migrate_DB", "metadata.name", "\"Migrate_DB\" is not a valid DNS-1123 subdomain"),
      // Where names repeat, containers are addressed by index, so each finding has a path of its own.
      new Defect("duplicate-container-name", ERROR, "api", "Deployment/web", POD + ".containers[1].name", "duplicate container name web"),
      new Defect("duplicate-volume-name", ERROR, "api", "Deployment/web", POD + ".volumes[config].name", "duplicate volume name config"),
      new Defect("service-selects-nothing", ERROR, "references", "Service/web", "spec.selector", "selects no pod template of the release"),
      new Defect("target-port-missing", ERROR, "references", "Service/web", "spec.ports[http].targetPort",
          "targets https but Deployment/web has no container port https"),
      new Defect("ingress-unknown-service", ERROR, "references", "Ingress/web", "spec.rules[web.example.org].http.paths[/].backend.service.name",
          "Service web-frontend is not part of the release"),
      new Defect("ingress-unknown-port", ERROR, "references", "Ingress/web", "spec.rules[web.example.org].http.paths[/].backend.service.port",
          "Service web has no port https"),
      new Defect("statefulset-not-headless", ERROR, "references", "StatefulSet/store", "spec.serviceName",
          "Service store is not headless (clusterIP: None)"),
      new Defect("missing-configmap-key", ERROR, "references", "Deployment/web", POD + ".volumes[config].configMap.items[app.yaml]",
          "ConfigMap web-config has no key app.yaml"),
      new Defect("missing-secret-key", ERROR, "references", "Deployment/web", WEB + ".env[API_TOKEN].valueFrom.secretKeyRef.key",
          "Secret web-secret has no key apiToken"),
      new Defect("external-secret", WARNING, "references", "Deployment/web", WEB + ".env[API_TOKEN].valueFrom.secretKeyRef",
          "Secret web-api-credentials is not part of the release: it must exist before install with keys [api-token]"),
      new Defect("probe-port-unknown", ERROR, "references", "Deployment/web", WEB + ".readinessProbe.httpGet.port",
          "port health is not a port of container web"),
      new Defect("volume-mount-undefined", ERROR, "references", "Deployment/web", WEB + ".volumeMounts[/tmp].name",
          "volume temp is not defined in the pod"),
      new Defect("privileged-pod", ERROR, "pod-security", "Deployment/web", WEB + ".securityContext.privileged", "must be unset or false"),
      new Defect("privileged-pod", ERROR, "pod-security", "Deployment/web", WEB + ".securityContext.allowPrivilegeEscalation", "must be false"),
      new Defect("missing-resources", ERROR, "resources", "Job/migrate", POD + ".containers[migrate].resources.requests.cpu", "not set"),
      new Defect("missing-resources", ERROR, "resources", "Job/migrate", POD + ".containers[migrate].resources.limits.memory", "not set"),
      new Defect("no-readiness-probe", ERROR, "readiness-probe", "StatefulSet/store", POD + ".containers[store].readinessProbe",
          "serving container has no readiness probe"),
      new Defect("latest-tag", ERROR, "image-tag", "Deployment/web", WEB + ".image", "uses the mutable tag latest"),
      new Defect("no-pdb", WARNING, "pod-disruption-budget", "Deployment/web", "spec.replicas",
          "2 replicas but no PodDisruptionBudget selects these pods"));

  static Stream<Defect> defects() {
    return DEFECTS.stream();
  }

  /** One row per fixture: its worst expected severity decides whether the run fails. */
  static Stream<Defect> outcomes() {
    return DEFECTS.stream().collect(Collectors.toMap(Defect::fixture, defect -> defect,
        (first, second) -> first.severity().compareTo(second.severity()) <= 0 ? first : second, LinkedHashMap::new)).values().stream();
  }

  /** The fixture rendered as release {@code fixture}; each is rendered once per run. */
  static RenderedRelease render(String fixture) {
    return RENDERED.computeIfAbsent(fixture, name -> RenderCommand.chart(FIXTURES.resolve(name))
        .withReleaseName("fixture").withNamespace("fixtures").call());
  }

  static ValidationReport validate(String fixture, Policy policy) {
    return ValidateCommand.release(render(fixture)).withPolicy(policy).call();
  }

  static ValidationReport validate(String fixture) {
    return validate(fixture, Policy.defaults());
  }

  @Nested
  @DisplayName("Valid: the base fixture")
  class Valid {

    @Test
    @DisplayName("has no errors")
    void noErrors() {
      assertThat(validate("valid").errors()).isEmpty();
    }

    @Test
    @DisplayName("has no warnings either: everything it references is part of the release")
    void noWarnings() {
      assertThat(validate("valid").warnings()).isEmpty();
    }

    @Test
    @DisplayName("passes the AssertJ entry point's hasNoErrors()")
    void assertionPasses() {
      ChartAssertions.assertThat(render("valid")).hasNoErrors();
    }

    @Test
    @DisplayName("stays clean with every policy rule raised to error")
    void strictestPolicy() {
      Policy strictest = Policy.defaults();
      for (String rule : Policy.defaults().rules().keySet()) {
        strictest = strictest.withSeverity(rule, Severity.ERROR);
      }
      assertThat(validate("valid", strictest).findings()).isEmpty();
    }
  }

  @Nested
  @DisplayName("Invalid: a copy of the base fixture with one defect")
  class Invalid {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.chartharness.validate.ValidateCommandTest#defects")
    @DisplayName("reports the defect with its severity, rule, object, field and message")
    void reportsTheDefect(Defect defect) {
      assertThat(validate(defect.fixture()).findings())
          .as("findings of fixture %s, expecting %s", defect.fixture(), defect)
          .anyMatch(defect::matches);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.chartharness.validate.ValidateCommandTest#outcomes")
    @DisplayName("fails the run when the defect is an error and only then")
    void failsOnlyOnErrors(Defect defect) {
      assertThat(validate(defect.fixture()).hasErrors())
          .as("hasErrors() of fixture %s", defect.fixture())
          .isEqualTo(defect.severity() == Severity.ERROR);
    }

    @Test
    @DisplayName("every defect fixture has a row in the table")
    void everyFixtureIsTested() throws IOException {
      List<String> fixtures;
      try (Stream<Path> directories = Files.list(FIXTURES)) {
        fixtures = directories.filter(directory -> Files.isRegularFile(directory.resolve("Chart.yaml")))
            .map(directory -> directory.getFileName().toString()).filter(name -> !name.equals("valid")).toList();
      }
      assertThat(DEFECTS.stream().map(Defect::fixture).distinct().toList()).containsExactlyInAnyOrderElementsOf(fixtures);
    }

    @Test
    @DisplayName("the unknown field's finding suggests the field that was meant")
    void suggestsTheKnownField() {
      assertThat(validate("unknown-field").findings()).filteredOn(finding -> finding.rule().equals("schema"))
          .extracting(Finding::message).singleElement().asString().contains("did you mean requests?");
    }

    @Test
    @DisplayName("a container left without an image is reported as missing its image, not as missing a tag")
    void missingImageIsNotAMissingTag() {
      assertThat(validate("wrong-indentation").findings()).filteredOn(finding -> finding.field().equals(WEB + ".image"))
          .extracting(Finding::rule).containsExactly("api");
    }

    @Test
    @DisplayName("hasNoErrors() fails naming the finding")
    void assertionFails() {
      assertThatThrownBy(() -> ChartAssertions.assertThat(render("selector-mismatch")).hasNoErrors())
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("ERROR Deployment/web spec.selector.matchLabels: ");
    }
  }

  @Nested
  @DisplayName("Policy: rules can be raised, lowered or switched off")
  class PolicyAdjustments {

    @Test
    @DisplayName("pod-disruption-budget=error turns the missing budget into an error")
    void budgetAsError() {
      ValidationReport report = validate("no-pdb", Policy.defaults().withSeverity(Policy.POD_DISRUPTION_BUDGET, Severity.ERROR));
      assertThat(report.errors()).extracting(Finding::toString).containsExactly(
          "ERROR Deployment/web spec.replicas: 2 replicas but no PodDisruptionBudget selects these pods; a node drain may take them all [pod-disruption-budget]");
    }

    @Test
    @DisplayName("pod-disruption-budget=off reports nothing for the missing budget")
    void budgetOff() {
      assertThat(validate("no-pdb", Policy.defaults().without(Policy.POD_DISRUPTION_BUDGET)).findings()).isEmpty();
    }

    @Test
    @DisplayName("pod-security=off removes the restricted Pod Security findings")
    void podSecurityOff() {
      assertThat(validate("privileged-pod", Policy.defaults().without(Policy.POD_SECURITY)).findings())
          .extracting(Finding::rule).doesNotContain(Policy.POD_SECURITY);
    }

    @Test
    @DisplayName("pod-security=warning keeps the findings but does not fail the run")
    void podSecurityAsWarning() {
      ValidationReport report = validate("privileged-pod", Policy.defaults().withSeverity(Policy.POD_SECURITY, Severity.WARNING));
      assertThat(report.findings()).isNotEmpty().allMatch(finding -> finding.severity() == Severity.WARNING
          && finding.rule().equals(Policy.POD_SECURITY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"schema", "api", "references"})
    @DisplayName("schema, api and references findings are not policy and cannot be switched off")
    void fixedRules(String rule) {
      assertThatThrownBy(() -> Policy.defaults().without(rule))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown policy rule " + rule);
    }
  }

  /**
   * A finding a fixture must produce.
   *
   * @param field a fragment of the expected field path
   * @param message a fragment of the expected message
   */
  record Defect(String fixture, Severity severity, String rule, String object, String field, String message) {

    boolean matches(Finding finding) {
      return finding.severity() == severity && finding.rule().equals(rule) && finding.object().equals(object)
          && finding.field().contains(field) && finding.message().contains(message);
    }

    @Override
    public String toString() {
      return fixture + ": " + severity + " " + object + " " + field + ": " + message + " [" + rule + "]";
    }
  }
}
