package dev.chartharness.verify;

import dev.chartharness.install.ExternalSecrets;
import dev.chartharness.install.InstalledRelease;
import dev.chartharness.install.ReleaseInstall;
import dev.chartharness.pipeline.ChartPipeline;
import dev.chartharness.charts.ChartMatrix;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.render.Environment;
import dev.chartharness.render.RenderCommand;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What an environment expects to find in a cluster before install, made for a throwaway one:
 * the Secrets production names instead of generating, and AWS-like storage where the eks overlay asks
 * for it. Values that point at AWS-only things are redirected to what the test cluster has.
 */
final class ApplicationEnvironments {

  static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);

  private ApplicationEnvironments() {
  }

  /** Installs {@code chart} for {@code environment} into {@code namespace}, after creating what the environment expects. */
  static InstalledRelease install(EphemeralCluster cluster, String namespace, String chart, Environment environment) {
    prepare(cluster, namespace, chart, environment);
    ReleaseInstall install = ReleaseInstall.chart(ChartMatrix.LAYOUT.chart(chart)).into(cluster, namespace)
        .withReleaseName(chart).withValuesFiles(valuesFiles(cluster, chart, environment)).withTimeout(INSTALL_TIMEOUT);
    if (chart.equals("todo") && environment.layers().contains("eks")) {
      // The eks StorageClass names the EBS provisioner, which only AWS runs: provision it the test cluster's way.
      install.set("mysql.persistence.storageClassDefinition.provisioner", defaultProvisioner(cluster.client()));
    }
    return install.install();
  }

  /**
   * The whole pipeline for {@code chart} in {@code environment}: render, validate, install, verify and helm test; its
   * report. Tests run side by side, so it holds the release's Ingress hosts meanwhile and uninstalls the release
   * before letting them go (see {@link IngressHosts}).
   */
  static VerificationReport verify(EphemeralCluster cluster, String namespace, String chart, Environment environment) throws Exception {
    List<Path> values = valuesFiles(cluster, chart, environment);
    List<String> hosts = IngressHosts.of(RenderCommand.chart(ChartMatrix.LAYOUT.chart(chart)).withReleaseName(chart).withNamespace(namespace)
        .withValuesFiles(values).call());
    return IngressHosts.exclusively(hosts, cluster, namespace, () -> {
      prepare(cluster, namespace, chart, environment);
      ChartPipeline pipeline = ChartPipeline.chart(ChartMatrix.LAYOUT.chart(chart)).withReleaseName(chart)
          .withValuesFiles(values).withInstallTimeout(INSTALL_TIMEOUT).withNotesCommands(true);
      if (chart.equals("todo") && environment.layers().contains("eks")) {
        pipeline.set("mysql.persistence.storageClassDefinition.provisioner", defaultProvisioner(cluster.client()));
      }
      return pipeline.verify(cluster, namespace).verification();
    });
  }

  /**
   * The environment's values files. On a backend with real pods, the local images come first (environments never
   * set images) and ci/images/values/one-node last: CPU requests that fit one node and the ingress controller it
   * runs (Traefik, plain HTTP); replicas, budgets, Secrets and storage stay the environment's.
   */
  static List<Path> valuesFiles(EphemeralCluster cluster, String chart, Environment environment) {
    List<Path> files = new ArrayList<>();
    boolean realPods = cluster.capabilities().runsRealPods();
    if (realPods) {
      files.add(ChartMatrix.LAYOUT.localImageValues(chart));
    }
    files.addAll(ChartMatrix.valuesFiles(chart, environment));
    if (realPods) {
      files.add(ChartMatrix.LAYOUT.localImageValues(chart).resolveSibling("one-node").resolve(chart + ".yaml"));
    }
    return files;
  }

  static void prepare(EphemeralCluster cluster, String namespace, String chart, Environment environment) {
    KubernetesClient client = cluster.client();
    // Production names Secrets made outside Helm: stub exactly those the rendered release uses.
    ExternalSecrets.stub(ChartMatrix.render(chart, environment), client, namespace);
    if (environment.layers().contains("eks") && client.storage().v1().storageClasses().withName("gp2").get() == null) {
      StorageClass gp2 = new StorageClassBuilder().withNewMetadata().withName("gp2").endMetadata()
          .withProvisioner(defaultProvisioner(client)).withVolumeBindingMode("WaitForFirstConsumer").build();
      try {
        client.storage().v1().storageClasses().resource(gp2).create();
      } catch (KubernetesClientException e) {
        // journal [eks] and todo [eks] run side by side: the other may have made it a moment ago.
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
      }
    }
  }

  static String defaultProvisioner(KubernetesClient client) {
    return client.storage().v1().storageClasses().list().getItems().stream()
        .filter(sc -> sc.getMetadata().getAnnotations() != null
            && "true".equals(sc.getMetadata().getAnnotations().get("storageclass.kubernetes.io/is-default-class")))
        .findFirst().map(StorageClass::getProvisioner)
        .orElseThrow(() -> new IllegalStateException("the test cluster has no default StorageClass"));
  }
}
