package dev.chartharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.base.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ctrl-C on the main job's {@code up}: the built jar run as the {@code up} profile runs it, SIGINT sent as a terminal
 * sends it, once while the cluster starts and once while it runs. Each ends with "stopped; everything removed",
 * exit 130, no stack trace, and neither the cluster's directory nor any of its processes left.
 */
@DisplayName("up: Ctrl-C while starting or running stops it, says so and leaves nothing behind")
class UpInterruptIT {

  private static final Path REPOSITORY = Path.of(System.getProperty("harness.repository", ".")).toAbsolutePath();
  private static final Pattern CLUSTER_NAME = Pattern.compile("KWOK \\((harness-[0-9a-f]+)\\)");

  @ParameterizedTest(name = "interrupted when it prints \"{0}\"")
  @ValueSource(strings = {"starting etcd, kube-apiserver", "up: press Ctrl-C to stop and remove everything"})
  void interrupted(String moment) throws IOException, InterruptedException {
    Path log = Files.createTempFile("up-interrupt-", ".log");
    Process up = new ProcessBuilder("setsid", "java", "-jar", REPOSITORY.resolve("target/chart-harness.jar").toString(), "up", "--env", "dev", "--cluster", "local")
        .directory(REPOSITORY.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Await.until("awaitOutput " + moment, Duration.ofMinutes(4), () -> {
        String output = read(log);
        if (!up.isAlive()) {
          return Await.failed("up exited " + up.exitValue() + " before printing \"" + moment + "\":\n" + output);
        }
        return output.contains(moment) ? Await.done() : Await.pending("not yet");
      });
      String before = Files.readString(log);
      Matcher name = CLUSTER_NAME.matcher(before);
      assertThat(name.find()).as("the cluster's name in the output:\n%s", before).isTrue();
      String cluster = name.group(1);

      new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).inheritIO().start().waitFor();
      assertThat(up.waitFor(2, TimeUnit.MINUTES)).as("up ends within 2 minutes of SIGINT").isTrue();
      String output = Files.readString(log);
      assertThat(up.exitValue()).as(output).isEqualTo(130);
      assertThat(output).as(output).contains("up: stopped; everything removed").doesNotContain("Exception", "\tat ");
      try (Stream<Path> workdirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
        assertThat(workdirs.filter(workdir -> workdir.getFileName().toString().startsWith("chart-harness-kwok-"))
            .map(workdir -> workdir.resolve("clusters").resolve(cluster))).as("directories of cluster %s", cluster).noneMatch(Files::exists);
      }
      List<String> left = ProcessHandle.allProcesses().map(process -> process.info().commandLine().orElse(""))
          .filter(command -> command.contains(cluster)).toList();
      assertThat(left).as("processes of cluster %s", cluster).isEmpty();
    } finally {
      up.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
