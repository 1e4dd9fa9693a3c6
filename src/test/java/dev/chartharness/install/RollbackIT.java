package dev.chartharness.install;

import static dev.chartharness.assertj.ChartAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.charts.ChartMatrix;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.junit.TestNamespace;
import dev.chartharness.junit.WithEphemeralCluster;
import dev.chartharness.render.Environment;
import dev.chartharness.verify.VerifyCommand;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rollback: the Helm CLI backend rolls back; embedded Helm (helm-java) cannot and says which backend can. */
@WithEphemeralCluster(namespacePrefix = "rollback")
@DisplayName("helm rollback: the previous ConfigMap and pod template return, generated secrets stay")
class RollbackIT {

  static final Duration TIMEOUT = Duration.ofMinutes(3);

  static ReleaseInstall journal(EphemeralCluster cluster, String namespace, HelmBackend backend) {
    Environment dev = ChartMatrix.environment("dev");
    return ReleaseInstall.chart(ChartMatrix.LAYOUT.chart("journal")).into(cluster, namespace).withReleaseName("journal")
        .withValuesFiles(ChartMatrix.valuesFiles("journal", dev)).withTimeout(TIMEOUT).withBackend(backend);
  }

  @Test
  @DisplayName("Helm 4 CLI: install, upgrade with a changed config value, roll back to revision 1, verify")
  void cliRollsBack(EphemeralCluster cluster, @TestNamespace String namespace) {
    HelmBackend cli = HelmBackend.parse("cli");
    InstalledRelease installed = journal(cluster, namespace, cli).install();
    assertThat(installed.revision()).isEqualTo(1);
    String configBefore = frontendConfigMap(cluster, namespace);
    String checksumBefore = checksum(cluster, namespace);
    Map<String, String> passwordBefore = cluster.client().secrets().inNamespace(namespace).withName("journal-redis").get().getData();

    InstalledRelease upgraded = journal(cluster, namespace, cli).set("frontend.config.entriesPerPage", 25).upgrade();
    assertThat(upgraded.revision()).isEqualTo(2);
    assertThat(frontendConfigMap(cluster, namespace)).isNotEqualTo(configBefore);
    assertThat(checksum(cluster, namespace)).isNotEqualTo(checksumBefore);

    InstalledRelease rolledBack = journal(cluster, namespace, cli).rollback(1);
    assertThat(rolledBack.revision()).isEqualTo(3);
    assertThat(rolledBack.status()).isEqualTo("deployed");
    assertThat(frontendConfigMap(cluster, namespace)).isEqualTo(configBefore);
    assertThat(checksum(cluster, namespace)).isEqualTo(checksumBefore);
    assertThat(cluster.client().configMaps().inNamespace(namespace).withName(configBefore).get().getData()).containsEntry("JOURNAL_ENTRIES", "10");
    assertThat(cluster.client().secrets().inNamespace(namespace).withName("journal-redis").get().getData()).isEqualTo(passwordBefore);
    assertThat(VerifyCommand.release(rolledBack, cluster).call()).isVerified();
  }

  @Test
  @DisplayName("embedded Helm has no rollback: refused with a message that names the Helm CLI backend")
  void embeddedCannotRollBack(EphemeralCluster cluster, @TestNamespace String namespace) {
    journal(cluster, namespace, EmbeddedHelm.INSTANCE).install();
    assertThatThrownBy(() -> journal(cluster, namespace, EmbeddedHelm.INSTANCE).rollback(1))
        .isInstanceOf(HelmBackend.BackendLimitationException.class)
        .hasMessageContaining("has no rollback").hasMessageContaining("Helm CLI backend");
  }

  private static String frontendConfigMap(EphemeralCluster cluster, String namespace) {
    Deployment frontend = cluster.client().apps().deployments().inNamespace(namespace).withName("journal-frontend").get();
    return frontend.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(env -> env.getName().equals("JOURNAL_ENTRIES")).findFirst().orElseThrow()
        .getValueFrom().getConfigMapKeyRef().getName();
  }

  private static String checksum(EphemeralCluster cluster, String namespace) {
    Deployment frontend = cluster.client().apps().deployments().inNamespace(namespace).withName("journal-frontend").get();
    return frontend.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
  }
}
