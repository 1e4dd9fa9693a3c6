package dev.chartharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.base.HostProcess;
import dev.chartharness.cluster.DetachedCluster;
import dev.chartharness.cluster.IngressHttp;
import dev.chartharness.cluster.realnode.HostState;
import dev.chartharness.junit.EphemeralClusterExtension;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code up --detach} on real pods, as a person runs it: the built jar, then the command has exited and the node still
 * serves journal through Traefik and keeps its lock and provisioner in a keeper process; {@code down} removes the
 * node, its processes and directories, and the control plane, and leaves the host as it was before {@code up}.
 */
@DisplayName("up --detach on real pods: the node outlives the command, down removes it")
class RealPodsDetachIT {

  private static final Path REPOSITORY = Path.of(System.getProperty("harness.repository", ".")).toAbsolutePath();
  private static final Pattern LEFT_RUNNING = Pattern.compile("left running as (\\S+);");
  private static final Pattern CURL = Pattern.compile("try journal: curl -H 'Host: (\\S+)' (http://[0-9.]+:\\d+)(/\\S*)");

  @RegisterExtension
  static final BeforeAllCallback FREE_THE_NODE = EphemeralClusterExtension.stoppingShared("real-pods");

  @Test
  @DisplayName("journal answers through Traefik after up exited; down leaves no process, directory or record, and the host as it was")
  void detachAndDown() throws IOException {
    HostState before = HostState.capture();
    HostProcess.Result up = jar("up", "--env", "dev", "--cluster", "real-pods", "--detach");
    assertThat(up.exit()).as(up.output()).isZero();
    Matcher left = LEFT_RUNNING.matcher(up.output());
    assertThat(left.find()).as(up.output()).isTrue();
    String name = left.group(1);
    DetachedCluster detached = DetachedCluster.all().stream().filter(cluster -> cluster.name().equals(name)).findFirst().orElseThrow();
    assertThat(detached.backend()).isEqualTo("real-pods");
    Path node = Path.of(detached.node());
    try {
      Matcher curl = CURL.matcher(up.output());
      assertThat(curl.find()).as("a curl line for journal in:\n%s", up.output()).isTrue();
      IngressHttp.Response answer = IngressHttp.to(curl.group(2), curl.group(1)).get(curl.group(3));
      assertThat(answer.status()).as("journal through Traefik after up exited").isEqualTo(200);

      long keeper = Long.parseLong(Files.readString(node.resolve("owner.pid")).strip());
      assertThat(ProcessHandle.of(keeper).map(ProcessHandle::isAlive)).as("the keeper process owns the node").contains(true);
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(detached.kubeconfig()))).build()) {
        List<Pod> pods = client.pods().inNamespace("journal").list().getItems();
        assertThat(pods).isNotEmpty().allSatisfy(pod -> assertThat(pod.getStatus().getPhase()).isIn("Running", "Succeeded"));
      }
    } finally {
      HostProcess.Result down = jar("down", name);
      assertThat(down.exit()).as(down.output()).isZero();
    }
    assertThat(DetachedCluster.all()).noneMatch(cluster -> cluster.name().equals(name));
    assertThat(node).as("the node's directory").doesNotExist();
    assertThat(Path.of(detached.location())).as("the control plane's directory").doesNotExist();
    assertThat(ProcessHandle.allProcesses().map(process -> process.info().commandLine().orElse(""))
        .filter(command -> command.contains(node.toString()) || command.contains(name))).as("processes of the detached cluster").isEmpty();
    assertThat(before.changesSince(HostState.capture())).as("what up --detach and down changed on the host").isEmpty();
  }

  private static HostProcess.Result jar(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("java", "-jar", REPOSITORY.resolve("target/chart-harness.jar").toString()));
    command.addAll(List.of(args));
    return HostProcess.command(command).in(REPOSITORY).withTimeout(Duration.ofMinutes(8)).run();
  }
}
