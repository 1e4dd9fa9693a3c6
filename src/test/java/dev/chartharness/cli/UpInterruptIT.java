package dev.chartharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.base.Await;
import dev.chartharness.base.HostProcess;
import dev.chartharness.cluster.ClusterSelection;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.cluster.realnode.HostState;
import dev.chartharness.cluster.realnode.RealPodsCluster;
import dev.chartharness.junit.EphemeralClusterExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stopping the main job's {@code up} the ways it gets stopped: the built jar run as the {@code up} profile runs it,
 * Ctrl-C (SIGINT, as a terminal sends it) and kill -9 at each phase, on simulated and on real pods. Ctrl-C ends with
 * "stopped; everything removed", exit 130 and no stack trace; after kill -9 the next cluster start removes what the
 * dead run left. Either way neither the cluster's directory nor any of its processes remain, and on real pods the
 * host's links, routes, rules, cgroups, mounts and kernel settings are as they were before {@code up}.
 */
@DisplayName("up: Ctrl-C or kill -9 at any phase leaves nothing behind")
class UpInterruptIT {

  @RegisterExtension
  static final BeforeAllCallback FREE_THE_NODE = EphemeralClusterExtension.stoppingShared("real-pods");

  private static final Path REPOSITORY = Path.of(System.getProperty("harness.repository", ".")).toAbsolutePath();
  private static final Pattern CLUSTER_NAME = Pattern.compile("KWOK \\((harness-[0-9a-f]+)\\)");
  private static final String RUNNING = "up: press Ctrl-C to stop and remove everything";

  @ParameterizedTest(name = "Ctrl-C when it prints \"{0}\"")
  @ValueSource(strings = {"starting etcd, kube-apiserver", RUNNING})
  void interrupted(String moment) throws IOException, InterruptedException {
    Path log = Files.createTempFile("up-interrupt-", ".log");
    Process up = startUp(log, "local");
    try {
      String cluster = awaitOutput(up, log, moment);
      signal(up, "-INT");
      if (!up.waitFor(2, TimeUnit.MINUTES)) {
        HostProcess.Result threads = HostProcess.command("jcmd", Long.toString(up.pid()), "Thread.print").withTimeout(Duration.ofSeconds(30)).run();
        throw new AssertionError("up did not end within 2 minutes of SIGINT:\n" + read(log) + "\nits threads:\n" + threads.output());
      }
      String output = read(log);
      assertThat(up.exitValue()).as(output).isEqualTo(130);
      assertThat(output).as(output).contains("up: stopped; everything removed").doesNotContain("Exception", "\tat ");
      assertNothingLeft(cluster);
    } finally {
      up.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  @ParameterizedTest(name = "kill -9 when it prints \"{0}\"")
  @ValueSource(strings = {"starting etcd, kube-apiserver", "journal [dev]: render, validate, install", "verifying todo", "up: stopping"})
  void killed(String moment) throws IOException, InterruptedException {
    String cluster = killAt(moment, "local");
    // The next run: any start of the local control plane removes clusters whose owner died.
    try (EphemeralCluster next = ClusterSelection.parse("local").newCluster().start()) {
      assertThat(next.client().namespaces().withName("default").get()).isNotNull();
    }
    assertNothingLeft(cluster);
  }

  @ParameterizedTest(name = "real pods: kill -9 when it prints \"{0}\"")
  @ValueSource(strings = {"real node: importing", "journal [dev]: render, validate, install", "verifying todo", "up: stopping"})
  void killedOnRealPods(String moment) throws IOException, InterruptedException {
    HostState before = HostState.capture();
    String cluster = killAt(moment, "real-pods");
    // The next run: the next real node's start removes the node and the control plane whose owner died.
    try (RealPodsCluster next = RealPodsCluster.preparing().start()) {
      assertThat(next.client().nodes().list().getItems()).as("the next run's node").hasSize(1);
    }
    assertNothingLeft(cluster);
    try (Stream<Path> workdirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(workdirs.map(Path::getFileName).map(Path::toString)).as("real node directories").noneMatch(name -> name.startsWith("chart-harness-node-"));
    }
    assertThat(before.changesSince(HostState.capture())).as("what the killed run and the next one changed on the host").isEmpty();
  }

  /** Starts up on {@code backend}, kills it with SIGKILL when it prints {@code moment}; returns the cluster's name. */
  private static String killAt(String moment, String backend) throws IOException, InterruptedException {
    Path log = Files.createTempFile("up-killed-", ".log");
    Process up = startUp(log, backend);
    try {
      String cluster;
      if (moment.equals("up: stopping")) {
        // Teardown: Ctrl-C starts it, kill -9 cuts it short.
        cluster = awaitOutput(up, log, RUNNING);
        signal(up, "-INT");
        awaitOutput(up, log, moment);
      } else {
        cluster = awaitOutput(up, log, moment);
      }
      signal(up, "-KILL");
      assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return cluster;
    } finally {
      up.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private static Process startUp(Path log, String backend) throws IOException {
    // Ctrl-C must reach it even when this JVM was started with SIGINT ignored (a background job, nohup): a JVM that
    // starts with SIGINT ignored keeps ignoring it.
    return new ProcessBuilder("setsid", "env", "--default-signal=INT", "java", "-jar", REPOSITORY.resolve("target/chart-harness.jar").toString(), "up", "--env", "dev", "--cluster", backend)
        .directory(REPOSITORY.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Waits for {@code moment} in the output; returns the cluster's name, printed when it starts. */
  private static String awaitOutput(Process up, Path log, String moment) {
    Await.until("awaitOutput " + moment, Duration.ofMinutes(4), Duration.ofMillis(20), () -> {
      String output = read(log);
      if (!up.isAlive()) {
        return Await.failed("up exited " + up.exitValue() + " before printing \"" + moment + "\":\n" + output);
      }
      // On real pods the node's lines may come before the control plane's, which names the cluster.
      return output.contains(moment) && CLUSTER_NAME.matcher(output).find() ? Await.done() : Await.pending("not yet");
    });
    String output = read(log);
    Matcher name = CLUSTER_NAME.matcher(output);
    assertThat(name.find()).as("the cluster's name in the output:\n%s", output).isTrue();
    return name.group(1);
  }

  private static void signal(Process up, String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", signal, Long.toString(up.pid())).inheritIO().start().waitFor();
  }

  private static void assertNothingLeft(String cluster) throws IOException {
    try (Stream<Path> workdirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(workdirs.filter(workdir -> workdir.getFileName().toString().startsWith("chart-harness-kwok-"))
          .map(workdir -> workdir.resolve("clusters").resolve(cluster))).as("directories of cluster %s", cluster).noneMatch(Files::exists);
    }
    List<String> left = ProcessHandle.allProcesses().map(process -> process.info().commandLine().orElse(""))
        .filter(command -> command.contains(cluster)).toList();
    assertThat(left).as("processes of cluster %s", cluster).isEmpty();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
