package example.greeter;

import static dev.chartharness.assertj.ChartAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.junit.TestNamespace;
import dev.chartharness.junit.WithEphemeralCluster;
import dev.chartharness.pipeline.ChartPipeline;
import dev.chartharness.pipeline.PipelineResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithEphemeralCluster
@DisplayName("greeter installs on an ephemeral cluster and verifies, through the library and through the command line")
class GreeterClusterIT {

  @Test
  @DisplayName("render, validate, install and verify: Ready endpoints and the Ingress route to the Service")
  void installsAndVerifies(EphemeralCluster cluster, @TestNamespace String namespace) {
    PipelineResult result = ChartPipeline.chart(Path.of("charts/greeter")).withReleaseName("greeter")
        .withValuesFiles(Path.of("values/prod.yaml")).verify(cluster, namespace);
    assertThat(result.validation().hasErrors()).isFalse();
    assertThat(result.verification()).isVerified()
        .routes("greeter-greeter", "greeter.example.com/", "greeter-greeter", 80);
  }

  @Test
  @DisplayName("the harness's command line, run from a directory outside any repository, verifies the same chart")
  void commandLine(@TempDir Path outside) throws IOException, InterruptedException {
    copy(Path.of("charts/greeter"), outside.resolve("greeter"));
    Path jar = Path.of(System.getProperty("harness.cli.jar"));
    Process verify = new ProcessBuilder("java", "-jar", jar.toString(), "verify", "greeter", "--cluster", "local")
        .directory(outside.toFile()).redirectErrorStream(true).start();
    verify.getOutputStream().close();
    String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(verify.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(verify.exitValue()).as("exit code of the command line; its output:%n%s", output).isZero();
    assertThat(output).contains("verified").contains("greeter-greeter");
    try (Stream<Path> left = Files.list(outside)) {
      assertThat(left.map(path -> path.getFileName().toString()).toList()).as("what the run left in its directory").containsExactly("greeter");
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
