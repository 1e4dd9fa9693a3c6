package dev.chartharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.chartharness.base.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * A JVM killed with SIGKILL while its k3s cluster runs (no shutdown hook, no close) leaves the container, its volumes
 * and its cgroup parent behind; the next start removes all three. Needs the k3s image in a running engine, which
 * ci/k3s-for-tests.sh provides for ./mvnw verify.
 */
@DisplayName("k3s: what a killed JVM left (container, volumes, cgroups) is removed by the next start")
class K3sAbandonedIT {

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void killedOwnerIsCleanedUp() throws IOException, InterruptedException {
    Path log = Files.createTempFile("k3s-owner-", ".log");
    Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), K3sOwnerMain.class.getName())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    DockerClient docker = DockerClientFactory.instance().client();
    String label = K3sCluster.OWNER_LABEL + "=" + K3sCluster.owner(owner.toHandle());
    try {
      Await.until("the owner's k3s started (log " + log + ")", Duration.ofMinutes(2), () -> {
        String text = read(log);
        if (!owner.isAlive()) {
          return Await.failed("the owner exited: " + text);
        }
        return text.contains("k3s started") ? Await.done() : Await.pending("starting");
      });
    } finally {
      owner.destroyForcibly();
      owner.waitFor(30, TimeUnit.SECONDS);
    }
    List<Container> left = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec();
    assertThat(left).as("the killed JVM's container is still there (nothing ran at its death)").hasSize(1);
    InspectContainerResponse abandoned = docker.inspectContainerCmd(left.get(0).getId()).exec();
    List<String> volumes = abandoned.getMounts().stream().filter(mount -> mount.getName() != null).map(mount -> mount.getName()).toList();
    String cgroupRoot = Arrays.stream(abandoned.getConfig().getEnv()).filter(variable -> variable.startsWith("CHART_HARNESS_CGROUP_ROOT="))
        .map(variable -> variable.substring(variable.indexOf('=') + 1)).findFirst().orElseThrow();
    assertThat(volumes).as("anonymous volumes of the k3s image").isNotEmpty();
    assertThat(Path.of("/sys/fs/cgroup/pids", cgroupRoot)).as("the pods' cgroup parent").exists();

    try (K3sCluster next = K3sCluster.defaultImage().withImages().start()) {
      assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec()).as("the abandoned container").isEmpty();
      List<String> remaining = docker.listVolumesCmd().exec().getVolumes().stream().map(volume -> volume.getName()).toList();
      assertThat(remaining).as("the abandoned container's volumes").doesNotContainAnyElementsOf(volumes);
      assertThat(Path.of("/sys/fs/cgroup/pids", cgroupRoot)).as("the abandoned cgroup parent").doesNotExist();
      assertThat(next.client().nodes().list().getItems()).as("the new cluster works").hasSize(1);
    }
  }
}
