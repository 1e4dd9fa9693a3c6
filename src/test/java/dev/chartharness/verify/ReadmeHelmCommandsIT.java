package dev.chartharness.verify;

import static dev.chartharness.assertj.ChartAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.base.HostProcess;
import dev.chartharness.charts.ChartMatrix;
import dev.chartharness.charts.CleanCopy;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.junit.TestNamespace;
import dev.chartharness.junit.WithEphemeralCluster;
import dev.chartharness.render.Environment;
import dev.chartharness.render.HelmCli;
import dev.chartharness.install.HelmBackend;
import dev.chartharness.install.HelmCliBackend;
import dev.chartharness.install.InstalledRelease;
import dev.chartharness.install.ReleaseInstall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's "Install by hand with Helm" lines, read from the README and run with the Helm 4 CLI as a user
 * would (in a copy of charts/ and values/, since `helm dependency build` writes into the charts), for every
 * environment, then verified. Per environment the test changes only what the README says to change (the
 * environment's values files) and the namespace (the test's own, restricted); it stubs the Secrets production
 * expects, and on eks points the EBS StorageClass at the test cluster's provisioner.
 */
@WithEphemeralCluster(namespacePrefix = "readme")
@DisplayName("The README's helm commands install journal and todo with the Helm 4 CLI in every environment, and they verify")
class ReadmeHelmCommandsIT {

  static final Pattern BLOCK = Pattern.compile("Install by hand with Helm.*?```bash\\n(.*?)```", Pattern.DOTALL);

  @TempDir
  static Path copy;
  static HelmCli helm;
  static List<List<String>> commands;

  /** The README's commands, one per entry (continuations joined, `&&` chains split). */
  static List<List<String>> readmeCommands() throws IOException {
    Matcher block = BLOCK.matcher(Files.readString(ChartMatrix.LAYOUT.root().resolve("README.md")));
    assertThat(block.find()).as("the README's \"Install by hand with Helm\" block").isTrue();
    List<List<String>> parsed = new ArrayList<>();
    for (String line : block.group(1).replace("\\\n", " ").lines().toList()) {
      for (String command : line.split("&&")) {
        if (!command.isBlank()) {
          parsed.add(Arrays.asList(command.strip().split("\\s+")));
        }
      }
    }
    return parsed;
  }

  @BeforeAll
  static void dependencies() throws IOException {
    helm = HelmCli.locateOrBuild();
    commands = readmeCommands();
    assertThat(commands).extracting(command -> String.join(" ", command.subList(0, 2)))
        .contains("helm dependency", "helm install", "helm test");
    CleanCopy.copy(ChartMatrix.LAYOUT.chartsDirectory(), copy.resolve("charts"), false);
    CleanCopy.copy(ChartMatrix.LAYOUT.valuesDirectory(), copy.resolve("values"), false);
    for (List<String> command : commands) {
      if (command.get(1).equals("dependency")) {
        helm.call(copy, command.subList(1, command.size()).toArray(String[]::new));
      }
    }
  }

  static Stream<Environment> environments() {
    return ChartMatrix.LAYOUT.environments().all().stream();
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("environments")
  @DisplayName("helm install (and helm test) as the README says, then verify")
  void installsAndVerifies(Environment environment, EphemeralCluster cluster, @TestNamespace String namespace) {
    Map<String, String> kubeconfig = Map.of("KUBECONFIG", cluster.kubeconfig().toString());
    try {
      installTestAndVerify(environment, cluster, namespace, kubeconfig);
    } finally {
      // Uninstalled, so that cluster-scoped objects (eks's StorageClass) do not outlive the test's namespace.
      for (String release : List.of("journal", "todo")) {
        helm.run(copy, kubeconfig, "uninstall", release, "--namespace", namespace, "--ignore-not-found", "--wait");
      }
    }
  }

  private void installTestAndVerify(Environment environment, EphemeralCluster cluster, String namespace, Map<String, String> kubeconfig) {
    for (List<String> command : commands) {
      if (command.get(1).equals("install")) {
        String release = command.get(2);
        ApplicationEnvironments.prepare(cluster, namespace, release, environment);
        List<String> args = forEnvironment(command, environment, namespace);
        if (release.equals("todo") && environment.layers().contains("eks")) {
          args.addAll(List.of("--set", "mysql.persistence.storageClassDefinition.provisioner=" + ApplicationEnvironments.defaultProvisioner(cluster.client())));
        }
        run(args, kubeconfig);
      }
    }
    for (List<String> command : commands) {
      if (command.get(1).equals("test")) {
        run(forEnvironment(command, environment, namespace), kubeconfig);
      }
    }
    HelmCliBackend cli = HelmCliBackend.built();
    for (String release : List.of("journal", "todo")) {
      HelmBackend.Status status = cli.status(release, namespace, cluster.kubeconfig());
      assertThat(status.status()).as("helm status of %s", release).isEqualTo("deployed");
      InstalledRelease installed = new InstalledRelease(release, namespace, release, List.of(), cluster.kubeconfig(), status.revision(), status.status());
      VerificationReport report = VerifyCommand.release(installed, cluster)
          .withHelmTests(ReleaseInstall.chart(ChartMatrix.LAYOUT.chart(release)).into(cluster, namespace).withReleaseName(release).withBackend(cli))
          .call();
      assertThat(report).isVerified().passed("helm-test", "Pod/" + release + "-test-api");
    }
  }

  /** The README's command with the environment's values files and the test's namespace; nothing else changes. */
  static List<String> forEnvironment(List<String> command, Environment environment, String namespace) {
    List<String> args = new ArrayList<>();
    for (int i = 1; i < command.size(); i++) {
      String arg = command.get(i);
      if ((arg.equals("-n") || arg.equals("--namespace")) && i + 1 < command.size()) {
        args.addAll(List.of(arg, namespace));
        i++;
      } else if (arg.equals("-f") && i + 1 < command.size() && command.get(i + 1).startsWith("values/dev/")) {
        String file = Path.of(command.get(++i)).getFileName().toString();
        for (String layer : environment.layers()) {
          args.addAll(List.of("-f", "values/" + layer + "/" + file));
        }
      } else {
        args.add(arg);
      }
    }
    return args;
  }

  private static void run(List<String> args, Map<String, String> environment) {
    HostProcess.Result result = helm.run(copy, environment, args.toArray(String[]::new));
    assertThat(result.exit()).as("helm %s%n%s", String.join(" ", args), result.tail()).isZero();
  }
}
