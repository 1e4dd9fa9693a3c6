package dev.chartharness.verify;

import dev.chartharness.install.HelmOperationException;
import dev.chartharness.install.InstalledRelease;
import dev.chartharness.install.ReleaseInstall;
import static dev.chartharness.assertj.ChartAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.charts.ChartMatrix;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.junit.TestNamespace;
import dev.chartharness.junit.WithEphemeralCluster;
import dev.chartharness.render.Environment;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@WithEphemeralCluster(namespacePrefix = "lifecycle")
@DisplayName("Release lifecycle on a live cluster")
class ReleaseLifecycleIT {

  @Test
  @DisplayName("an upgrade with a changed config value rolls the frontend pods and keeps the generated Redis password")
  void upgradeRollsPodsAndKeepsSecrets(EphemeralCluster cluster, @TestNamespace String namespace) {
    Environment dev = ChartMatrix.environment("dev");
    ApplicationEnvironments.install(cluster, namespace, "journal", dev);
    Map<String, String> passwordBefore = cluster.client().secrets().inNamespace(namespace).withName("journal-redis").get().getData();
    String templateBefore = podTemplateHash(cluster, namespace);

    InstalledRelease upgraded = ReleaseInstall.chart(ChartMatrix.LAYOUT.chart("journal")).into(cluster, namespace).withReleaseName("journal")
        .withValuesFiles(ChartMatrix.valuesFiles("journal", dev)).set("frontend.config.entriesPerPage", 25)
        .withTimeout(ApplicationEnvironments.INSTALL_TIMEOUT).upgrade();

    assertThat(upgraded.revision()).isEqualTo(2);
    assertThat(cluster.client().secrets().inNamespace(namespace).withName("journal-redis").get().getData()).isEqualTo(passwordBefore);
    assertThat(podTemplateHash(cluster, namespace)).as("frontend pod template after a config change").isNotEqualTo(templateBefore);
    assertThat(cluster.client().configMaps().inNamespace(namespace).list().getItems())
        .anySatisfy(configMap -> assertThat(configMap.getData()).containsEntry("JOURNAL_ENTRIES", "25"));
    assertThat(VerifyCommand.release(upgraded, cluster).call()).isVerified();
  }

  @Test
  @DisplayName("returning to the previous values restores the previous ConfigMap name and pod template")
  void previousValuesRestorePreviousConfig(EphemeralCluster cluster, @TestNamespace String namespace) {
    Environment dev = ChartMatrix.environment("dev");
    ApplicationEnvironments.install(cluster, namespace, "journal", dev);
    String configBefore = frontendConfigMap(cluster, namespace);
    String templateBefore = podTemplateHash(cluster, namespace);
    ReleaseInstall changed = ReleaseInstall.chart(ChartMatrix.LAYOUT.chart("journal")).into(cluster, namespace).withReleaseName("journal")
        .withValuesFiles(ChartMatrix.valuesFiles("journal", dev)).withTimeout(ApplicationEnvironments.INSTALL_TIMEOUT);
    changed.set("frontend.config.entriesPerPage", 25).upgrade();
    assertThat(frontendConfigMap(cluster, namespace)).isNotEqualTo(configBefore);

    InstalledRelease restored = ReleaseInstall.chart(ChartMatrix.LAYOUT.chart("journal")).into(cluster, namespace).withReleaseName("journal")
        .withValuesFiles(ChartMatrix.valuesFiles("journal", dev)).withTimeout(ApplicationEnvironments.INSTALL_TIMEOUT).upgrade();

    assertThat(restored.revision()).isEqualTo(3);
    assertThat(frontendConfigMap(cluster, namespace)).isEqualTo(configBefore);
    assertThat(podTemplateHash(cluster, namespace)).isEqualTo(templateBefore);
    assertThat(cluster.client().configMaps().inNamespace(namespace).withName(configBefore).get().getData()).containsEntry("JOURNAL_ENTRIES", "10");
    assertThat(VerifyCommand.release(restored, cluster).call()).isVerified();
  }

  /** The ConfigMap the frontend Deployment reads JOURNAL_ENTRIES from. */
  private static String frontendConfigMap(EphemeralCluster cluster, String namespace) {
    Deployment frontend = cluster.client().apps().deployments().inNamespace(namespace).withName("journal-frontend").get();
    return frontend.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(env -> env.getName().equals("JOURNAL_ENTRIES")).findFirst().orElseThrow()
        .getValueFrom().getConfigMapKeyRef().getName();
  }

  private static String podTemplateHash(EphemeralCluster cluster, String namespace) {
    Deployment frontend = cluster.client().apps().deployments().inNamespace(namespace).withName("journal-frontend").get();
    return frontend.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
  }

  @Test
  @DisplayName("uninstall then reinstall of todo keeps the database claim bound to the same volume")
  void reinstallKeepsDatabaseClaim(EphemeralCluster cluster, @TestNamespace String namespace) {
    Environment dev = ChartMatrix.environment("dev");
    ApplicationEnvironments.install(cluster, namespace, "todo", dev);
    String volume = claim(cluster, namespace).getSpec().getVolumeName();
    ReleaseInstall.chart(ChartMatrix.LAYOUT.chart("todo")).into(cluster, namespace).withReleaseName("todo").uninstall();

    assertThat(claim(cluster, namespace)).as("todo-mysql-data after uninstall").isNotNull();
    assertThat(cluster.client().apps().deployments().inNamespace(namespace).withName("todo-mysql").get()).as("mysql Deployment after uninstall").isNull();

    InstalledRelease reinstalled = ApplicationEnvironments.install(cluster, namespace, "todo", dev);
    assertThat(claim(cluster, namespace).getSpec().getVolumeName()).isEqualTo(volume);
    assertThat(VerifyCommand.release(reinstalled, cluster).call()).isVerified().passed("claim-bound", "PersistentVolumeClaim/todo-mysql-data");
  }

  private static PersistentVolumeClaim claim(EphemeralCluster cluster, String namespace) {
    return cluster.client().persistentVolumeClaims().inNamespace(namespace).withName("todo-mysql-data").get();
  }

  @Test
  @DisplayName("verification fails naming a Service that has no ready endpoints, with the namespace's diagnosis")
  void verificationFailsOnServiceWithoutEndpoints(EphemeralCluster cluster, @TestNamespace String namespace) {
    InstalledRelease release = ReleaseInstall.chart(ChartMatrix.LAYOUT.root().resolve("src/test/resources/fixtures/service-selects-nothing"))
        .into(cluster, namespace).withReleaseName("broken").withTimeout(ApplicationEnvironments.INSTALL_TIMEOUT).install();
    VerificationReport report = VerifyCommand.release(release, cluster).withTimeout(Duration.ofSeconds(5)).call();
    assertThat(report.passed()).isFalse();
    assertThat(report.failures()).anySatisfy(failure -> {
      assertThat(failure.check()).isEqualTo("ready-endpoints");
      assertThat(failure.object()).isEqualTo("Service/web");
      assertThat(failure.detail()).contains("awaitReadyEndpoints Service/web").contains("timed out");
    });
    assertThat(report.checks()).filteredOn(check -> check.object().equals("Service/store")).allMatch(VerifiedCheck::passed);
    assertThat(report.diagnostics()).contains("diagnostics for namespace " + namespace).contains("== pods");
  }

  @Test
  @DisplayName("a failed install reports itself with Helm's message and the namespace's diagnosis")
  void failedInstallReportsItself(EphemeralCluster cluster, @TestNamespace String namespace) {
    ReleaseInstall install = ReleaseInstall.chart(ChartMatrix.LAYOUT.chart("journal")).into(cluster, namespace).withReleaseName("journal")
        .withValuesFiles(ChartMatrix.valuesFiles("journal", ChartMatrix.environment("dev")))
        // The namespace enforces the restricted standard, so the API server refuses these pods.
        .set("frontend.containerSecurityContext.allowPrivilegeEscalation", true)
        .withTimeout(Duration.ofSeconds(25));
    assertThatThrownBy(install::install)
        .isInstanceOf(HelmOperationException.class)
        .hasMessageContaining("install of release journal")
        .hasMessageContaining("diagnostics for namespace " + namespace)
        .hasMessageContaining("PodSecurity");
  }

  @Test
  @DisplayName("pods the namespace's restricted standard refuses (FailedCreate ... violates PodSecurity) fail the install in seconds, naming workload and control, each event once")
  void podSecurityRefusalFailsFast(EphemeralCluster cluster, @TestNamespace String namespace) {
    ReleaseInstall install = ReleaseInstall.chart(ChartMatrix.LAYOUT.root().resolve("src/test/resources/fixtures/privileged-pod")).into(cluster, namespace)
        .withReleaseName("privileged").withTimeout(ApplicationEnvironments.INSTALL_TIMEOUT);
    long start = System.nanoTime();
    org.assertj.core.api.Assertions.assertThatThrownBy(install::install).isInstanceOf(dev.chartharness.install.HelmOperationException.class)
        .hasMessageContaining("gave up waiting").hasMessageContaining("cannot create its pods: violates PodSecurity")
        .hasMessageContaining("privileged").satisfies(failure -> {
          String diagnosis = failure.getMessage().substring(failure.getMessage().indexOf("== events"));
          java.util.List<String> refused = diagnosis.lines().filter(line -> line.contains("FailedCreate")).toList();
          assertThat(refused).as("each distinct FailedCreate event once").doesNotHaveDuplicates();
        });
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("well before Helm's timeout")
        .isLessThan(ApplicationEnvironments.INSTALL_TIMEOUT.dividedBy(3));
  }
}
