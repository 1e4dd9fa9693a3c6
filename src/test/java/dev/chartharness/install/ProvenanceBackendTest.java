package dev.chartharness.install;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.install.HelmBackend.BackendLimitationException;
import dev.chartharness.publish.SignedPackages;
import dev.chartharness.publish.ThrowawayKey;
import dev.chartharness.render.ProjectLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helm install --verify --keyring} through the Helm CLI backend, without a cluster: Helm checks the package's
 * {@code .prov} before it reaches for the cluster, so a kubeconfig that points nowhere tells a package that passed
 * (Helm then fails on the cluster) from one that did not (Helm fails on the provenance).
 */
@DisplayName("Release backends with provenance: the Helm CLI verifies the package it installs, embedded Helm says it cannot")
class ProvenanceBackendTest {

  private static final Path CHART = ProjectLayout.current().root().resolve("src/test/resources/fixtures/valid");

  @TempDir
  static Path keys;

  static ThrowawayKey signer;
  static ThrowawayKey stranger;
  static Path nowhere;

  @TempDir
  Path work;

  @BeforeAll
  static void keysAndKubeconfig() throws IOException {
    signer = ThrowawayKey.generate(keys.resolve("signer"), "Backend Signer <backend@example.org>", null);
    stranger = ThrowawayKey.generate(keys.resolve("stranger"), "Stranger <stranger@example.org>", null);
    nowhere = keys.resolve("nowhere.kubeconfig");
    Files.writeString(nowhere, """
        apiVersion: v1
        kind: Config
        clusters: [{name: nowhere, cluster: {server: "https://127.0.0.1:1"}}]
        contexts: [{name: nowhere, context: {cluster: nowhere, user: nobody}}]
        current-context: nowhere
        users: [{name: nobody, user: {token: unused}}]
        """);
  }

  private static HelmBackend.Request request(Path archive, Path keyring) {
    return new HelmBackend.Request(archive.toString(), true, "valid", "provenance", nowhere, List.of(), Map.of(), null, false, null,
        Duration.ofSeconds(10), keyring);
  }

  @Nested
  @DisplayName("valid")
  class Valid {

    @Test
    @DisplayName("a signed package passes helm install --verify: Helm goes on to the cluster")
    void signedPackagePasses() {
      Path archive = SignedPackages.signed(CHART, work, signer);

      assertThatThrownBy(() -> HelmCliBackend.built().install(request(archive, signer.publicKeyring())))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("cluster unreachable")
          .hasMessageNotContaining("openpgp").hasMessageNotContaining("sha256");
    }
  }

  @Nested
  @DisplayName("invalid")
  class Invalid {

    @Test
    @DisplayName("a package changed after signing is refused by helm install --verify, naming the package")
    void tamperedPackage() {
      Path archive = SignedPackages.signed(CHART, work, signer);
      SignedPackages.tamper(archive, CHART, work);

      assertThatThrownBy(() -> HelmCliBackend.built().install(request(archive, signer.publicKeyring())))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("sha256 sum does not match for valid-0.1.0.tgz");
    }

    @Test
    @DisplayName("a package signed with another key is refused by helm upgrade --verify")
    void wrongKey() {
      Path archive = SignedPackages.signed(CHART, work, stranger);

      assertThatThrownBy(() -> HelmCliBackend.built().upgrade(request(archive, signer.publicKeyring())))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("signature made by unknown entity");
    }

    @Test
    @DisplayName("embedded Helm refuses a request with a keyring, naming the chart and the Helm CLI backend")
    void embeddedCannotVerify() {
      Path archive = SignedPackages.signed(CHART, work, signer);

      assertThatThrownBy(() -> EmbeddedHelm.INSTANCE.install(request(archive, signer.publicKeyring())))
          .isInstanceOf(BackendLimitationException.class).hasMessageContaining(archive.toString()).hasMessageContaining("Helm CLI backend");
    }
  }
}
