package dev.chartharness.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.charts.ChartMatrix;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.junit.TestNamespace;
import dev.chartharness.junit.WithEphemeralCluster;
import dev.chartharness.render.Environment;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Helm 4 upgrades with server-side apply: what an environment file changes in a workload goes through and rolls
 * the pods; what Kubernetes forbids, and fields another field manager owns, are refused by the harness before
 * Helm runs, naming object and field.
 */
@WithEphemeralCluster(namespacePrefix = "ssa")
@DisplayName("Helm 4 server-side apply: environment changes upgrade in place; forbidden changes and conflicts are refused first")
class ServerSideApplyIT {

  static final Duration TIMEOUT = Duration.ofMinutes(3);

  static ReleaseInstall journal(EphemeralCluster cluster, String namespace, Map<String, Object> sets) {
    Environment dev = ChartMatrix.environment("dev");
    ReleaseInstall install = ReleaseInstall.chart(ChartMatrix.LAYOUT.chart("journal")).into(cluster, namespace).withReleaseName("journal")
        .withValuesFiles(ChartMatrix.valuesFiles("journal", dev)).withTimeout(TIMEOUT).withBackend(HelmBackend.parse("cli"));
    sets.forEach(install::set);
    return install;
  }

  @Test
  @DisplayName("replicas, resources, probes, updateStrategy both ways, host and TLS: each upgrade succeeds and the workload follows")
  void environmentChangesUpgrade(EphemeralCluster cluster, @TestNamespace String namespace) {
    journal(cluster, namespace, Map.of()).install();
    String templateBefore = frontendTemplate(cluster, namespace);
    Map<String, Object> changes = new java.util.LinkedHashMap<>();
    changes.put("frontend.replicaCount", 2);
    changes.put("frontend.resources.requests.cpu", "250m");
    changes.put("frontend.readinessProbe.periodSeconds", 7);
    int revision = journal(cluster, namespace, changes).upgrade().revision();
    assertThat(revision).isEqualTo(2);
    Deployment frontend = cluster.client().apps().deployments().inNamespace(namespace).withName("journal-frontend").get();
    assertThat(frontend.getSpec().getReplicas()).isEqualTo(2);
    assertThat(frontend.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe().getPeriodSeconds()).isEqualTo(7);
    assertThat(frontendTemplate(cluster, namespace)).as("the pod template changed: the pods roll").isNotEqualTo(templateBefore);

    changes.put("redis.updateStrategy.type", "OnDelete");
    journal(cluster, namespace, changes).upgrade();
    assertThat(redis(cluster, namespace).getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
    changes.put("redis.updateStrategy.type", "RollingUpdate");
    journal(cluster, namespace, changes).upgrade();
    assertThat(redis(cluster, namespace).getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");

    changes.put("ingress.hostname", "journal-two.localtest.me");
    changes.put("ingress.tls.enabled", true);
    InstalledRelease last = journal(cluster, namespace, changes).upgrade();
    assertThat(last.revision()).isEqualTo(5);
    Ingress ingress = cluster.client().network().v1().ingresses().inNamespace(namespace).withName("journal").get();
    assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("journal-two.localtest.me");
    assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> assertThat(tls.getHosts()).containsExactly("journal-two.localtest.me"));
  }

  @Test
  @DisplayName("a StatefulSet claim size change is refused before Helm runs, naming the StatefulSet, the field and both values")
  void forbiddenChangeRefused(EphemeralCluster cluster, @TestNamespace String namespace) {
    journal(cluster, namespace, Map.of()).install();
    assertThatThrownBy(() -> journal(cluster, namespace, Map.of("redis.persistence.size", "3Gi")).upgrade())
        .isInstanceOf(UpgradeRefusedException.class)
        .hasMessageContaining("StatefulSet/journal-redis")
        .hasMessageContaining("spec.volumeClaimTemplates[data].spec.resources.requests.storage")
        .hasMessageContaining("-> \"3Gi\"")
        .hasMessageContaining("--cascade=orphan");
    assertThat(HelmCliBackend.built().status("journal", namespace, cluster.kubeconfig()).revision()).as("Helm never ran").isEqualTo(1);
  }

  @Test
  @DisplayName("a field another manager changed (kubectl scale) that the upgrade sets differently is a conflict, refused naming the manager")
  void fieldManagerConflictRefused(EphemeralCluster cluster, @TestNamespace String namespace) {
    journal(cluster, namespace, Map.of()).install();
    cluster.client().apps().deployments().inNamespace(namespace).withName("journal-frontend")
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager("kubectl-scale").build(), "{\"spec\":{\"replicas\":3}}");
    assertThatThrownBy(() -> journal(cluster, namespace, Map.of("frontend.replicaCount", 2)).upgrade())
        .isInstanceOf(UpgradeRefusedException.class)
        .hasMessageContaining("Deployment/journal-frontend")
        .hasMessageContaining("spec.replicas")
        .hasMessageContaining("field manager \"kubectl-scale\"");
  }

  private static String frontendTemplate(EphemeralCluster cluster, String namespace) {
    return cluster.client().apps().deployments().inNamespace(namespace).withName("journal-frontend").get().getSpec().getTemplate().toString();
  }

  private static StatefulSet redis(EphemeralCluster cluster, String namespace) {
    return cluster.client().apps().statefulSets().inNamespace(namespace).withName("journal-redis").get();
  }
}
