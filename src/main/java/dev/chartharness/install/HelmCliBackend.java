package dev.chartharness.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chartharness.base.HostProcess;
import dev.chartharness.render.HelmCli;
import dev.chartharness.render.ScratchChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Helm CLI binary as the release backend: the Helm 4 that users run ({@code helm install} with server-side
 * apply), built by the harness's {@code helm-binaries.sh} recipe, or any binary given. Each operation is one
 * {@code helm} process with {@code --kubeconfig}, {@code --namespace}, {@code --wait=watcher} and
 * {@code --timeout}; Helm's exit status and last lines make the error.
 */
public final class HelmCliBackend implements HelmBackend {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HelmCli helm;

  private HelmCliBackend(HelmCli helm) {
    this.helm = helm;
  }

  /** The Helm CLI the harness builds (once, from Go modules), or the one {@code -Dharness.helm} names. */
  public static HelmCliBackend built() {
    return new HelmCliBackend(HelmCli.locateOrBuild());
  }

  /** The binary at {@code path}. */
  public static HelmCliBackend at(Path path) {
    if (!Files.isExecutable(path)) {
      throw new IllegalArgumentException("Helm CLI " + path + " is not an executable file");
    }
    return new HelmCliBackend(new HelmCli(path, "unknown"));
  }

  @Override
  public Status install(Request request) {
    return release("install", request);
  }

  @Override
  public Status upgrade(Request request) {
    return release("upgrade", request);
  }

  private Status release(String operation, Request request) {
    // A package to verify goes to Helm as it is, for Helm reads its .prov beside it; otherwise a local chart is a scratch copy.
    boolean copy = request.local() && request.keyring() == null;
    List<String> args = new ArrayList<>(List.of(operation, request.name(),
        copy ? ScratchChart.resolved(Path.of(request.chart())).toString() : request.chart()));
    args.addAll(target(request.namespace(), request.kubeconfig()));
    args.addAll(List.of("--wait=watcher", "--timeout", request.timeout().toSeconds() + "s"));
    if (request.version() != null) args.addAll(List.of("--version", request.version()));
    if (request.plainHttp()) args.add("--plain-http");
    if (request.repositoryConfig() != null) args.addAll(List.of("--repository-config", request.repositoryConfig().toString()));
    if (request.keyring() != null) args.addAll(List.of("--verify", "--keyring", request.keyring().toString()));
    request.valuesFiles().forEach(file -> args.addAll(List.of("-f", file.toString())));
    request.setValues().forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
    call(args);
    return status(request.name(), request.namespace(), request.kubeconfig());
  }

  @Override
  public Status rollback(String name, String namespace, Path kubeconfig, int revision, Duration timeout) {
    List<String> args = new ArrayList<>(List.of("rollback", name, String.valueOf(revision)));
    args.addAll(target(namespace, kubeconfig));
    args.addAll(List.of("--wait=watcher", "--timeout", timeout.toSeconds() + "s"));
    call(args);
    return status(name, namespace, kubeconfig);
  }

  @Override
  public void test(String name, String namespace, Path kubeconfig, Duration timeout) {
    List<String> args = new ArrayList<>(List.of("test", name, "--timeout", timeout.toSeconds() + "s"));
    args.addAll(target(namespace, kubeconfig));
    call(args);
  }

  @Override
  public void uninstall(String name, String namespace, Path kubeconfig) {
    List<String> args = new ArrayList<>(List.of("uninstall", name, "--wait"));
    args.addAll(target(namespace, kubeconfig));
    call(args);
  }

  /** {@code --verify --keyring}: Helm checks the package's (or the downloaded chart's) {@code .prov}. */
  @Override
  public boolean verifiesProvenance() {
    return true;
  }

  /** Helm 4 installs and upgrades with server-side apply. */
  @Override
  public boolean serverSideApply() {
    return !helm.version().startsWith("v3");
  }

  /** Helm names its field manager after the binary it runs as. */
  @Override
  public String fieldManager() {
    return helm.binary().getFileName().toString();
  }

  @Override
  public String describe() {
    return "Helm CLI " + helm.version() + " (" + helm.binary() + ")";
  }

  /** {@code helm status -o json}: the revision and status Helm recorded. */
  public Status status(String name, String namespace, Path kubeconfig) {
    List<String> args = new ArrayList<>(List.of("status", name, "-o", "json"));
    args.addAll(target(namespace, kubeconfig));
    try {
      JsonNode status = JSON.readTree(call(args));
      return new Status(status.path("version").asInt(), status.path("info").path("status").asText());
    } catch (IOException e) {
      throw new IllegalStateException("helm status " + name + " printed no JSON: " + e.getMessage(), e);
    }
  }

  private static List<String> target(String namespace, Path kubeconfig) {
    return List.of("--namespace", namespace, "--kubeconfig", kubeconfig.toString());
  }

  /** Runs helm; a failure carries Helm's own message (its standard error), as embedded Helm's does. */
  private String call(List<String> args) {
    HostProcess.Result result = helm.run(null, args.toArray(String[]::new));
    if (!result.succeeded()) {
      throw new IllegalStateException(result.error().isBlank() ? result.tail() : result.error().strip());
    }
    return result.output();
  }
}
