package dev.chartharness.install;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import dev.chartharness.render.ScratchChart;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Embedded Helm (helm-java 0.0.21, Helm 3.21 in the JVM): no process, no binary to build. It has no
 * rollback: {@link #rollback} says so and names the Helm CLI backend, which has one. Nor does it verify provenance
 * (helm-java passes a keyring but never asks Helm to verify): a request with a keyring is refused the same way.
 */
public final class EmbeddedHelm implements HelmBackend {

  public static final EmbeddedHelm INSTANCE = new EmbeddedHelm();

  private EmbeddedHelm() {
  }

  @Override
  public Status install(Request request) {
    refuseVerification(request);
    InstallCommand command = (request.local() ? new Helm(ScratchChart.resolved(Path.of(request.chart()))).install() : Helm.install(request.chart()))
        .withName(request.name()).withNamespace(request.namespace()).withKubeConfig(request.kubeconfig())
        .waitReady().withTimeout((int) request.timeout().toSeconds());
    options(request, command::withVersion, command::plainHttp, command::withRepositoryConfig, command::withValuesFile, command::set);
    return status(command.call());
  }

  @Override
  public Status upgrade(Request request) {
    refuseVerification(request);
    UpgradeCommand command = (request.local() ? new Helm(ScratchChart.resolved(Path.of(request.chart()))).upgrade() : Helm.upgrade(request.chart()))
        .withName(request.name()).withNamespace(request.namespace()).withKubeConfig(request.kubeconfig())
        .waitReady().withTimeout((int) request.timeout().toSeconds());
    options(request, command::withVersion, command::plainHttp, command::withRepositoryConfig, command::withValuesFile, command::set);
    return status(command.call());
  }

  /** The options install and upgrade share: helm-java's two commands have the same setters but no common type. */
  private static void options(Request request, Consumer<String> withVersion, Runnable plainHttp, Consumer<Path> withRepositoryConfig,
                              Consumer<Path> withValuesFile, BiConsumer<String, Object> set) {
    if (request.version() != null) withVersion.accept(request.version());
    if (request.plainHttp()) plainHttp.run();
    if (request.repositoryConfig() != null) withRepositoryConfig.accept(request.repositoryConfig());
    request.valuesFiles().forEach(withValuesFile);
    request.setValues().forEach(set);
  }

  private static void refuseVerification(Request request) {
    if (request.keyring() != null) {
      throw new BackendLimitationException("embedded Helm (helm-java 0.0.21) does not verify chart provenance; install " + request.chart()
          + " with verification through the Helm CLI backend (withBackend(HelmBackend.parse(\"cli\")), --helm cli), or verify the"
          + " package first (Provenance.verify, ChartPipeline.verifyingProvenance, verify --keyring) and install it without");
    }
  }

  @Override
  public Status rollback(String name, String namespace, Path kubeconfig, int revision, Duration timeout) {
    throw new BackendLimitationException("embedded Helm (helm-java 0.0.21) has no rollback; roll back release " + name
        + " through the Helm CLI backend (withBackend(HelmBackend.parse(\"cli\")), --helm cli, -D" + PROPERTY + "=cli)");
  }

  @Override
  public void test(String name, String namespace, Path kubeconfig, Duration timeout) {
    Helm.test(name).withNamespace(namespace).withKubeConfig(kubeconfig).withTimeout((int) timeout.toSeconds()).call();
  }

  @Override
  public void uninstall(String name, String namespace, Path kubeconfig) {
    Helm.uninstall(name).withNamespace(namespace).withKubeConfig(kubeconfig).call();
  }

  @Override
  public String describe() {
    return "embedded Helm 3.21 (helm-java 0.0.21)";
  }

  private static Status status(Release release) {
    return new Status(Integer.parseInt(release.getRevision().strip()), release.getStatus());
  }
}
