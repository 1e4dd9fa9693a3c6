package dev.chartharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.render.ProjectLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("validate CHART_DIR prints one 'SEVERITY Kind/name field: message [rule]' line per finding and exits 1 on any error")
class ValidateVerbTest {

  private static final Path FIXTURES = ProjectLayout.current().root().resolve("src/test/resources/fixtures");
  /** {@code ERROR Kind/name field: message [rule]}. */
  private static final String FINDING_LINE = "(ERROR|WARNING) [A-Za-z]+/\\S+ \\S+: .+ \\[[a-z-]+\\]";

  private record Run(int exitCode, String out, String err) {

    List<String> lines() {
      return out.lines().toList();
    }
  }

  private static Run validate(String fixture, String... options) {
    List<String> args = new ArrayList<>(List.of("validate", FIXTURES.resolve(fixture).toString()));
    args.addAll(List.of(options));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Nested
  @DisplayName("Valid: the base fixture")
  class Valid {

    @Test
    @DisplayName("exits 0")
    void exitsZero() {
      assertThat(validate("valid").exitCode()).isZero();
    }

    @Test
    @DisplayName("prints only the summary")
    void printsSummaryOnly() {
      assertThat(validate("valid").lines()).singleElement().asString().startsWith("0 errors, 0 warnings in ");
    }

    @Test
    @DisplayName("exits 0 when a warning is only a warning")
    void warningExitsZero() {
      Run run = validate("external-secret");
      assertThat(run.exitCode()).as(run.out()).isZero();
    }
  }

  @Nested
  @DisplayName("Invalid: a fixture with one defect")
  class Invalid {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        selector-mismatch   | ERROR Deployment/web spec.selector.matchLabels: {app.kubernetes.io/name=web-server, app.kubernetes.io/instance=selector-mismatch} does not match the pod template labels {app.kubernetes.io/name=web, app.kubernetes.io/instance=selector-mismatch}; the API server rejects this [api]
        target-port-missing | ERROR Service/web spec.ports[http].targetPort: targets https but Deployment/web has no container port https; its ports are [http=8080] [references]
        latest-tag          | ERROR Deployment/web spec.template.spec.containers[web].image: image registry.example.org/web:latest uses the mutable tag latest; pin a version or a digest [image-tag]
        wrong-type          | ERROR Deployment/web spec.replicas: wrong type: string "two" is not a valid number (Integer) [schema]
        external-secret     | WARNING Deployment/web spec.template.spec.containers[web].env[API_TOKEN].valueFrom.secretKeyRef: Secret web-api-credentials is not part of the release: it must exist before install with keys [api-token] [references]
        """)
    @DisplayName("prints the finding as SEVERITY Kind/name field: message [rule]")
    void printsTheFinding(String fixture, String line) {
      assertThat(validate(fixture).lines()).contains(line);
    }

    @Test
    @DisplayName("exits 1 on an error")
    void exitsOne() {
      assertThat(validate("selector-mismatch").exitCode()).isEqualTo(1);
    }

    @Test
    @DisplayName("prints every finding in the one-line form, then a summary counting them")
    void everyLineIsAFinding() {
      List<String> lines = validate("unknown-field").lines();
      assertThat(lines.subList(0, lines.size() - 1)).isNotEmpty().allMatch(line -> line.matches(FINDING_LINE));
      assertThat(lines.get(lines.size() - 1)).startsWith((lines.size() - 1) + " errors, 0 warnings in ");
    }
  }

  @Nested
  @DisplayName("--policy")
  class PolicyOption {

    @Test
    @DisplayName("pod-disruption-budget=error makes the missing budget fail the run")
    void raisesAWarning() {
      Run run = validate("no-pdb", "--policy", "pod-disruption-budget=error");
      assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
    }

    @Test
    @DisplayName("pod-security=off lets the privileged fixture pass")
    void switchesARuleOff() {
      Run run = validate("privileged-pod", "--policy", "pod-security=off");
      assertThat(run.exitCode()).as(run.out()).isZero();
    }

    @Test
    @DisplayName("an unknown rule is a usage error: exit 2")
    void unknownRuleExitsTwo() {
      assertThat(validate("valid", "--policy", "nosuchrule=off").exitCode()).isEqualTo(2);
    }

    @Test
    @DisplayName("an unknown rule is named, with the known rules and the usage")
    void unknownRuleIsNamed() {
      assertThat(validate("valid", "--policy", "nosuchrule=off").err())
          .contains("unknown policy rule nosuchrule")
          .contains("pod-disruption-budget")
          .contains("usage: chart-harness validate CHART_DIR");
    }
  }

  @Nested
  @DisplayName("-f VALUES against a chart whose values.schema.json forbids unknown keys")
  class ValuesFiles {

    private final String misspelled = FIXTURES.resolve("values/misspelled-key.yaml").toString();

    @Test
    @DisplayName("a misspelled key exits 1")
    void misspelledKeyExitsOne() {
      assertThat(validate("valid", "-f", misspelled).exitCode()).isEqualTo(1);
    }

    @Test
    @DisplayName("a misspelled key is named, with the values file, as an ERROR [values] finding")
    void misspelledKeyIsNamed() {
      assertThat(validate("valid", "-f", misspelled).out())
          .startsWith("ERROR chart " + FIXTURES.resolve("valid") + " values.schema.json: ")
          .contains("'replicaCout' not allowed")
          .contains("[render]");
    }
  }
}
