package dev.chartharness.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.cli.Main;
import dev.chartharness.publish.ProvenanceException;
import dev.chartharness.publish.ProvenanceException.Problem;
import dev.chartharness.publish.SignedPackages;
import dev.chartharness.publish.ThrowawayKey;
import dev.chartharness.render.ProjectLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ChartPipeline.verifyingProvenance (verify --keyring): a package is verified before anything of it is rendered")
class ChartPipelineProvenanceTest {

  private static final Path CHART = ProjectLayout.current().root().resolve("src/test/resources/fixtures/valid");

  @TempDir
  static Path keys;

  static ThrowawayKey signer;
  static ThrowawayKey stranger;

  @TempDir
  Path work;

  @BeforeAll
  static void keys() {
    signer = ThrowawayKey.generate(keys.resolve("signer"), "Pipeline Signer <pipeline@example.org>", "pipeline");
    stranger = ThrowawayKey.generate(keys.resolve("stranger"), "Stranger <stranger@example.org>", null);
  }

  private static ProvenanceException.Problem problem(Path archive, Path keyring) {
    try {
      ChartPipeline.chart(archive).verifyingProvenance(keyring).validate();
    } catch (ProvenanceException e) {
      assertThat(e.getMessage()).as("the message names the chart").contains("chart valid 0.1.0");
      return e.problem();
    }
    throw new AssertionError("expecting " + archive + " to fail verification against " + keyring + " but it passed");
  }

  @Nested
  @DisplayName("valid")
  class Valid {

    @Test
    @DisplayName("a signed package is verified, says so, then renders and validates")
    void signedPackage() {
      Path archive = SignedPackages.signed(CHART, work, signer);
      List<String> progress = new ArrayList<>();

      ChartPipeline pipeline = ChartPipeline.chart(archive).verifyingProvenance(signer.publicKeyring()).withProgress(progress::add);

      assertThat(pipeline.validate().hasErrors()).isFalse();
      assertThat(progress).anySatisfy(line -> assertThat(line).startsWith("provenance of valid 0.1.0 verified: sha256:")
          .contains("signed by " + signer.userId()));
    }
  }

  @Nested
  @DisplayName("invalid")
  class Invalid {

    @Test
    @DisplayName("a package changed after signing fails with a digest mismatch")
    void tamperedPackage() {
      Path archive = SignedPackages.signed(CHART, work, signer);
      SignedPackages.tamper(archive, CHART, work);

      assertThat(problem(archive, signer.publicKeyring())).isEqualTo(Problem.DIGEST_MISMATCH);
    }

    @Test
    @DisplayName("a package signed with another key fails with an unknown signer")
    void wrongKey() {
      assertThat(problem(SignedPackages.signed(CHART, work, stranger), signer.publicKeyring())).isEqualTo(Problem.UNKNOWN_SIGNER);
    }

    @Test
    @DisplayName("a package without its .prov fails when verification is asked for")
    void missingProvenance() {
      assertThat(problem(SignedPackages.packaged(CHART, work), signer.publicKeyring())).isEqualTo(Problem.MISSING_PROVENANCE);
    }

    @Test
    @DisplayName("a chart directory has no provenance to verify")
    void chartDirectory() {
      assertThatThrownBy(() -> ChartPipeline.chart(CHART).verifyingProvenance(signer.publicKeyring()).validate())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(CHART + " is a directory");
    }

    @Test
    @DisplayName("verify CHART.tgz --keyring with a tampered package exits 1 naming the chart, before any cluster is reached")
    void commandLine() {
      Path archive = SignedPackages.signed(CHART, work, signer);
      SignedPackages.tamper(archive, CHART, work);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

      // A cluster that does not exist: should verification wrongly pass, nothing is started.
      int exit = Main.run(List.of("verify", archive.toString(), "--keyring", signer.publicKeyring().toString(),
          "--cluster", "kubeconfig:" + work.resolve("no-such-kubeconfig")), print, print);

      assertThat(exit).isEqualTo(1);
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("chart valid 0.1.0 (" + archive + ")").contains("changed after it was signed");
    }
  }
}
