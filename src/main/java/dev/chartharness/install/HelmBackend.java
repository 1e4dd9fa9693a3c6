package dev.chartharness.install;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How releases are installed, upgraded, rolled back, tested and uninstalled: through embedded Helm
 * ({@link EmbeddedHelm}, helm-java, the default) or a Helm CLI binary ({@link HelmCliBackend}, the Helm 4 that users
 * run). The same waits, verification and diagnostics follow either. {@link #select} reads the choice from
 * {@code -Dharness.helm.backend} / {@code $HARNESS_HELM_BACKEND}: {@code embedded}, {@code cli} or {@code cli:PATH}.
 */
public interface HelmBackend {

  String PROPERTY = "harness.helm.backend";

  /**
   * One install or upgrade.
   *
   * @param chart a chart directory or archive (local), or a reference ({@code repo/name}, {@code oci://...})
   * @param local true for a chart on disk
   * @param name the release name
   * @param namespace its namespace (it must exist)
   * @param kubeconfig the cluster's kubeconfig
   * @param valuesFiles values files, in order
   * @param setValues {@code --set} values, in order
   * @param version the chart version for a reference, or null
   * @param plainHttp plain HTTP to an OCI registry
   * @param repositoryConfig the repositories file for {@code repo/name} references, or null
   * @param timeout how long Helm waits for resources and hooks
   * @param keyring the public keyring to verify the chart's provenance against ({@code --verify --keyring}), or null
   */
  record Request(String chart, boolean local, String name, String namespace, Path kubeconfig, List<Path> valuesFiles,
                 Map<String, Object> setValues, String version, boolean plainHttp, Path repositoryConfig, Duration timeout,
                 Path keyring) {
  }

  /**
   * What Helm reports of a release after an operation.
   *
   * @param revision its revision
   * @param status {@code deployed}, {@code failed}, ...
   */
  record Status(int revision, String status) {
  }

  /** {@code helm install --wait}. */
  Status install(Request request);

  /** {@code helm upgrade --wait}. */
  Status upgrade(Request request);

  /** {@code helm rollback NAME REVISION --wait}; a backend that cannot roll back says so with {@link BackendLimitationException}. */
  Status rollback(String name, String namespace, Path kubeconfig, int revision, Duration timeout);

  /** {@code helm test NAME}: runs the release's test hooks; fails with Helm's message when one fails. */
  void test(String name, String namespace, Path kubeconfig, Duration timeout);

  /** {@code helm uninstall NAME}. */
  void uninstall(String name, String namespace, Path kubeconfig);

  /**
   * True when it verifies a chart's provenance itself ({@code helm install --verify --keyring}): a local package against its
   * {@code .prov}, a reference against the {@code .prov} its repository or registry serves.
   */
  default boolean verifiesProvenance() {
    return false;
  }

  /** True when it applies objects server-side (Helm 4), where a field another manager owns is a conflict. */
  default boolean serverSideApply() {
    return false;
  }

  /** The field manager name Kubernetes records for what this backend applies. */
  default String fieldManager() {
    return "helm";
  }

  /** What it is, for reports: {@code embedded Helm 3.21 (helm-java 0.0.21)}, {@code Helm CLI v4.3.1 (/path/helm)}. */
  String describe();

  /** The backend {@code spec} names: {@code embedded}, {@code cli} (the Helm 4 the harness builds) or {@code cli:PATH}. */
  static HelmBackend parse(String spec) {
    String value = spec == null ? "" : spec.strip();
    if (value.isEmpty() || value.equals("embedded")) {
      return EmbeddedHelm.INSTANCE;
    }
    if (value.equals("cli")) {
      return HelmCliBackend.built();
    }
    if (value.startsWith("cli:")) {
      return HelmCliBackend.at(Path.of(value.substring("cli:".length())));
    }
    throw new IllegalArgumentException("unknown Helm backend \"" + spec + "\": use embedded, cli or cli:PATH");
  }

  /** The run's backend: {@code -Dharness.helm.backend} / {@code $HARNESS_HELM_BACKEND}, else embedded. */
  static HelmBackend select() {
    return parse(System.getProperty(PROPERTY, System.getenv().getOrDefault("HARNESS_HELM_BACKEND", "embedded")));
  }

  /** What a backend cannot do (helm-java has no rollback), naming the backend that can. */
  final class BackendLimitationException extends RuntimeException {
    public BackendLimitationException(String message) {
      super(message);
    }
  }
}
