package dev.chartharness.install;

import dev.chartharness.base.Readiness;
import dev.chartharness.cluster.Diagnostics;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.RenderedRelease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code helm install --wait} (or {@code helm upgrade --wait}) of a chart into a cluster's namespace.
 *
 * <pre>{@code
 * InstalledRelease release = ReleaseInstall.chart(Path.of("charts/journal")).into(cluster, namespace)
 *     .withValuesFiles(Path.of("values/dev/journal.yaml")).withTimeout(Duration.ofMinutes(3)).install();
 * }</pre>
 * On failure the exception carries Helm's message and the namespace's {@link Diagnostics}.
 */
public final class ReleaseInstall {

  /** Default for {@link #withTimeout}: how long Helm waits for resources and hooks. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  private final String chart;
  private final boolean localChart;
  private EphemeralCluster cluster;
  private String namespace;
  private String releaseName;
  private String version;
  private boolean plainHttp;
  private Path repositoryConfig;
  private Path keyring;
  private Duration timeout = DEFAULT_TIMEOUT;
  private HelmBackend backend = HelmBackend.select();
  private final List<Path> valuesFiles = new ArrayList<>();
  private final Map<String, Object> setValues = new LinkedHashMap<>();
  /** The render these inputs came from, when they did: the Secrets to stub are read from it instead of rendering again. */
  private RenderedRelease rendered;

  private ReleaseInstall(String chart, boolean localChart) {
    this.chart = chart;
    this.localChart = localChart;
  }

  /** A chart directory or packaged {@code .tgz}; installed from a {@link ScratchChart#resolved} copy, its own tree untouched. */
  public static ReleaseInstall chart(Path directory) {
    return new ReleaseInstall(directory.toAbsolutePath().normalize().toString(), true);
  }

  /**
   * The release a render produced, with the same chart, release name, values files and {@code --set} values:
   * what was rendered and validated is what is installed.
   */
  public static ReleaseInstall of(RenderedRelease rendered) {
    ReleaseInstall install = chart(rendered.chart().directory()).withReleaseName(rendered.name()).withValuesFiles(rendered.valuesFiles());
    rendered.setValues().forEach(install::set);
    install.rendered = rendered;
    return install;
  }

  /** A chart reference: {@code repo/name} of an added repository, or {@code oci://host/path/name}. */
  public static ReleaseInstall reference(String reference) {
    return new ReleaseInstall(reference, false);
  }

  public ReleaseInstall into(EphemeralCluster cluster, String namespace) {
    this.cluster = cluster;
    this.namespace = namespace;
    return this;
  }

  /** The release name; defaults to the chart's directory or reference name. */
  public ReleaseInstall withReleaseName(String name) {
    this.releaseName = name;
    return this;
  }

  public ReleaseInstall withVersion(String chartVersion) {
    this.version = chartVersion;
    return this;
  }

  public ReleaseInstall plainHttp() {
    this.plainHttp = true;
    return this;
  }

  /** The repositories file in which {@code repo/name} references are looked up ({@code helm repo add} writes it). */
  public ReleaseInstall withRepositoryConfig(Path repositories) {
    this.repositoryConfig = repositories;
    return this;
  }

  public ReleaseInstall withValuesFiles(Path... files) {
    return withValuesFiles(Arrays.asList(files));
  }

  public ReleaseInstall withValuesFiles(List<Path> files) {
    files.forEach(file -> valuesFiles.add(file.toAbsolutePath().normalize()));
    return this;
  }

  public ReleaseInstall set(String key, Object value) {
    setValues.put(key, value);
    return this;
  }

  /**
   * Installs only a chart whose provenance verifies against the public {@code keyring}, as {@code helm install --verify
   * --keyring} does: a local package with its {@code .prov} beside it, or a reference whose repository or registry serves
   * one. The backend verifies ({@link HelmBackend#verifiesProvenance()}: the Helm CLI); embedded Helm cannot and refuses
   * with {@link HelmBackend.BackendLimitationException}. A chart directory has no provenance and is refused.
   */
  public ReleaseInstall verifyingProvenance(Path keyring) {
    this.keyring = keyring.toAbsolutePath().normalize();
    return this;
  }

  /** Embedded Helm or a Helm CLI ({@link HelmBackend#parse}); {@link HelmBackend#select()} (the run's choice) unless given. */
  public ReleaseInstall withBackend(HelmBackend backend) {
    this.backend = backend;
    return this;
  }

  /** How long Helm waits for every resource and hook Job; {@link #DEFAULT_TIMEOUT} unless given. */
  public ReleaseInstall withTimeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  private String name() {
    if (releaseName != null) {
      return releaseName;
    }
    String last = chart.substring(chart.lastIndexOf('/') + 1);
    return last.isEmpty() ? "release" : last;
  }

  /**
   * Creates, with random values, the Secrets this release would use but does not contain (those
   * production values expect to exist), found in the render this install came from ({@link #of}) or else
   * by rendering the chart offline with this install's name, values and {@code --set} values. Returns what
   * it created. For throwaway clusters only.
   */
  public List<String> stubExternalSecrets() {
    prepare();
    if (!localChart) {
      throw new IllegalStateException("external Secrets are found by rendering a local chart; " + chart + " is a reference");
    }
    RenderedRelease release = rendered;
    if (release == null) {
      RenderCommand render = RenderCommand.chart(Path.of(chart)).withReleaseName(name()).withNamespace(namespace).withValuesFiles(valuesFiles);
      setValues.forEach(render::set);
      release = render.call();
    }
    return ExternalSecrets.stub(release, cluster.client(), namespace);
  }

  /** {@code helm install --wait}; the namespace must exist. */
  public InstalledRelease install() {
    prepare();
    return run("install", () -> backend.install(request()));
  }

  /**
   * {@code helm upgrade --wait} of an installed release with this chart and values. A local chart is first
   * rendered for this namespace and compared with the live objects ({@link LiveUpgradeCheck}): a change Kubernetes
   * refuses, or (under server-side apply) a field another manager owns, is refused with {@link UpgradeRefusedException}
   * naming object and field, before Helm runs.
   */
  public InstalledRelease upgrade() {
    prepare();
    if (localChart) {
      RenderCommand render = RenderCommand.chart(Path.of(chart)).withReleaseName(name()).withNamespace(namespace).withValuesFiles(valuesFiles);
      setValues.forEach(render::set);
      List<dev.chartharness.validate.Finding> findings = LiveUpgradeCheck.check(cluster.client(), namespace, render.call(),
          backend.serverSideApply(), backend.fieldManager());
      if (!findings.isEmpty()) {
        throw new UpgradeRefusedException(name(), namespace, findings);
      }
    }
    return run("upgrade", () -> backend.upgrade(request()));
  }

  /**
   * {@code helm rollback NAME REVISION --wait}: back to an earlier revision's chart and values. Embedded Helm has
   * no rollback and says so ({@link HelmBackend.BackendLimitationException}); the Helm CLI backend has one.
   */
  public InstalledRelease rollback(int revision) {
    requireCluster();
    return run("rollback", () -> backend.rollback(name(), namespace, cluster.kubeconfig(), revision, timeout));
  }

  /** {@code helm test NAME}: runs the release's test hooks (pods annotated {@code helm.sh/hook: test}); fails with Helm's message and the diagnosis. */
  public void test() {
    requireCluster();
    try {
      backend.test(name(), namespace, cluster.kubeconfig(), timeout);
    } catch (IllegalStateException e) {
      throw new HelmOperationException("test", name(), namespace, chart, valuesFiles, e.getMessage(), Diagnostics.of(cluster).describe(namespace), e);
    }
  }

  /** {@code helm uninstall}; Helm keeps resources annotated {@code helm.sh/resource-policy: keep}. */
  public void uninstall() {
    requireCluster();
    try {
      backend.uninstall(name(), namespace, cluster.kubeconfig());
    } catch (IllegalStateException e) {
      throw new HelmOperationException("uninstall", name(), namespace, chart, valuesFiles, e.getMessage(),
          Diagnostics.of(cluster).describe(namespace), e);
    }
  }

  /** The backend's request for this install or upgrade. */
  private HelmBackend.Request request() {
    return new HelmBackend.Request(chart, localChart, name(), namespace, cluster.kubeconfig(), valuesFiles, setValues, version, plainHttp,
        repositoryConfig, timeout, keyring);
  }

  private void prepare() {
    requireCluster();
    if (localChart && !Files.exists(Path.of(chart))) {
      throw new IllegalArgumentException("chart " + chart + " does not exist");
    }
    if (keyring != null && localChart && Files.isDirectory(Path.of(chart))) {
      throw new IllegalArgumentException("chart " + chart + " is a directory, which has no provenance to verify: package it (with"
          + " its .prov beside it, as publish --sign or helm package --sign writes it) or install without verification");
    }
  }

  private void requireCluster() {
    if (cluster == null || namespace == null) {
      throw new IllegalStateException("no cluster and namespace: call into(cluster, namespace) first");
    }
  }

  /**
   * Runs the Helm operation; while Helm waits, a pod whose image will never arrive ends the wait at once
   * with the diagnosis instead of after the whole timeout (Helm itself keeps waiting in the background
   * until its timeout and then marks the release failed).
   */
  private InstalledRelease run(String operation, java.util.function.Supplier<HelmBackend.Status> helm) {
    CompletableFuture<HelmBackend.Status> call = new CompletableFuture<>();
    Thread helmThread = new Thread(() -> {
      try {
        call.complete(helm.get());
      } catch (RuntimeException e) {
        call.completeExceptionally(e);
      }
    }, "helm-" + operation + "-" + name());
    helmThread.setDaemon(true);
    helmThread.start();
    HelmBackend.Status release;
    while (true) {
      try {
        release = call.get(1, TimeUnit.SECONDS);
        break;
      } catch (TimeoutException stillWaiting) {
        Optional<String> never = neverReady();
        if (never.isPresent()) {
          throw new HelmOperationException(operation, name(), namespace, chart, valuesFiles,
              "gave up waiting: " + never.get() + " (Helm waits on until its timeout, then marks the release failed)",
              Diagnostics.of(cluster).describe(namespace), null);
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof IllegalStateException helmFailure)) {
          throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
        throw new HelmOperationException(operation, name(), namespace, chart, valuesFiles, helmFailure.getMessage(),
            Diagnostics.of(cluster).describe(namespace), helmFailure);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while Helm runs " + operation + " of " + name(), e);
      }
    }
    return new InstalledRelease(name(), namespace, chart, valuesFiles, cluster.kubeconfig(), release.revision(), release.status());
  }

  /** A pod whose image will never arrive, or a workload whose pods the namespace's Pod Security Standard refuses. */
  private Optional<String> neverReady() {
    try {
      Optional<String> image = cluster.client().pods().inNamespace(namespace).list().getItems().stream()
          .map(Readiness::imageNeverArrives).flatMap(Optional::stream).findFirst();
      if (image.isPresent()) {
        return image;
      }
      return cluster.client().v1().events().inNamespace(namespace).list().getItems().stream()
          .map(Readiness::podsRefused).flatMap(Optional::stream).findFirst();
    } catch (RuntimeException unreachable) {
      return Optional.empty();  // Helm reports what it sees; this is only a shortcut.
    }
  }
}
