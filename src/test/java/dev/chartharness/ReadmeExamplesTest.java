package dev.chartharness;

import static dev.chartharness.assertj.ChartAssertions.assertThat;

import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.RenderedRelease;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's library example, compiled and run as written (paths relative to the repository). */
@DisplayName("README: the library example works as written")
class ReadmeExamplesTest {

  @Test
  @DisplayName("render journal for prod, validate it and assert on its objects")
  void renderValidateAssert() {
    RenderedRelease release = RenderCommand.chart(Path.of("charts/journal"))
        .withReleaseName("journal").withNamespace("journal")
        .withValuesFiles(Path.of("values/prod/journal.yaml")).call();

    assertThat(release).hasNoErrors();                               // validate, every finding in the message
    assertThat(release).deployment("journal-frontend").container("frontend")
        .mountsSecretKeyAsFile("/etc/redis-passwd/passwd", "journal-redis-auth", "redis-password");
    assertThat(release).ingress("journal").routes("journal.example.com", "/api").toService("journal-frontend", 8080);
  }

  @Test
  @DisplayName("\"Use it in your project\" shows the consumer project's cluster test exactly as it is")
  void consumerExample() throws java.io.IOException {
    String test = java.nio.file.Files.readString(Path.of("src/it/consumer/src/test/java/example/greeter/GreeterClusterIT.java"));
    String example = test.substring(test.indexOf("@WithEphemeralCluster\n"), test.indexOf("\n  }\n", test.indexOf("void installsAndVerifies")) + 5);
    org.assertj.core.api.Assertions.assertThat(java.nio.file.Files.readString(Path.of("README.md"))).contains(example);
    String pom = java.nio.file.Files.readString(Path.of("src/it/consumer/pom.xml"));
    org.assertj.core.api.Assertions.assertThat(pom).contains("<artifactId>chart-harness</artifactId>");
  }
}
