package dev.chartharness.verify;

import dev.chartharness.base.Await;
import dev.chartharness.base.FileTrees;
import dev.chartharness.base.HostProcess;
import dev.chartharness.cluster.ClusterCapabilities;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.cluster.IngressHttp;
import dev.chartharness.cluster.LocalControlPlaneBinaries;
import dev.chartharness.cluster.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the commands of a release's NOTES against the cluster it was installed into, as a person following them
 * would: {@code kubectl} lines through a shell with the cluster's kubeconfig and the harness's kubectl first on
 * PATH, each port-forward kept open for the URLs after it (on a free local port instead of the printed one), and
 * every URL fetched (through the ingress controller for an Ingress host). One {@code notes-command} check per
 * command. A command that cannot apply here passes with a detail starting {@code not run:} that says why:
 * simulated pods for exec/logs/port-forward, a resource type the cluster does not serve, a destructive command
 * meant for after {@code helm uninstall}, an HTTPS URL (test clusters serve plain HTTP).
 */
public final class NotesWalkthrough {

  public static final String CHECK = "notes-command";
  /** Default for {@link #withTimeout}: how long one command may run. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration WATCH = Duration.ofSeconds(5);
  /** How the detail of a command that could not apply here begins. */
  public static final String NOT_RUN = "not run: ";

  private final EphemeralCluster cluster;
  private Duration timeout = DEFAULT_TIMEOUT;
  private Map<String, String> environment;

  private NotesWalkthrough(EphemeralCluster cluster) {
    this.cluster = cluster;
  }

  public static NotesWalkthrough in(EphemeralCluster cluster) {
    return new NotesWalkthrough(cluster);
  }

  public NotesWalkthrough withTimeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** Every command of {@code notes}, in order; port-forwards are stopped before it returns. */
  public List<VerifiedCheck> run(ReleaseNotes notes) {
    Path work = scratch();
    Map<Integer, Integer> forwarded = new LinkedHashMap<>();
    List<HostProcess.Background> forwards = new ArrayList<>();
    List<VerifiedCheck> checks = new ArrayList<>();
    try {
      for (NotesCommand command : notes.commands()) {
        String object = "NOTES line " + command.line() + ": " + command.text();
        try {
          checks.add(new VerifiedCheck(CHECK, object, true, run(command, work, forwarded, forwards)));
        } catch (IllegalStateException | Await.WaitFailedException e) {
          checks.add(new VerifiedCheck(CHECK, object, false, e.getMessage()));
        }
      }
      return checks;
    } finally {
      forwards.forEach(forward -> forward.stop(Duration.ofSeconds(5)));
      FileTrees.delete(work);
    }
  }

  private String run(NotesCommand command, Path work, Map<Integer, Integer> forwarded, List<HostProcess.Background> forwards) {
    ClusterCapabilities capabilities = cluster.capabilities();
    if (command.needsRealPods() && !capabilities.runsRealPods()) {
      return NOT_RUN + "backend " + capabilities.backend() + " simulates pods: kubectl " + command.verb() + " needs real containers";
    }
    if (command.destructive()) {
      return NOT_RUN + "kubectl " + command.verb() + " changes what the release left; the notes print it for later";
    }
    return switch (command.kind()) {
      case KUBECTL -> kubectl(command);
      case PORT_FORWARD -> portForward(command, work, forwarded, forwards);
      case HTTP -> http(command, forwarded);
    };
  }

  private String kubectl(NotesCommand command) {
    HostProcess.Result result = shell(command.text(), command.watches() ? WATCH : timeout);
    if (command.watches() && result.exit() == -1 && !result.output().isBlank()) {
      return "watched for " + WATCH.toSeconds() + "s: " + firstLines(result.output());
    }
    if (result.succeeded()) {
      return "exit 0: " + firstLines(result.output());
    }
    String missingType = "the server doesn't have a resource type";
    if (result.output().contains(missingType) && command.verb().equals("get")) {
      return NOT_RUN + "the cluster serves no such resource type (" + result.output().strip() + ")";
    }
    throw new IllegalStateException("exit " + result.exit() + ": " + result.tail());
  }

  private String portForward(NotesCommand command, Path work, Map<Integer, Integer> forwarded, List<HostProcess.Background> forwards) {
    int port;
    try {
      port = Ports.free(1).get(0);
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port for " + command.text() + ": " + e.getMessage(), e);
    }
    String text = command.text().replace(" " + command.localPort() + ":", " " + port + ":") + " --address 127.0.0.1";
    HostProcess.Background forward = HostProcess.start("port-forward-" + port, List.of("bash", "-c", "exec " + text), environment(),
        work.resolve("port-forward-" + port + ".log"), work.resolve("pids"));
    forwards.add(forward);
    Await.until("awaitPortForward " + port, Duration.ofSeconds(30), () -> {
      if (!forward.isAlive()) {
        return Await.failed("kubectl port-forward exited\n" + forward.logTail(10));
      }
      return forward.logTail(20).contains("Forwarding from 127.0.0.1:" + port) ? Await.done() : Await.pending("not forwarding yet");
    });
    forwarded.put(command.localPort(), port);
    return "forwarding 127.0.0.1:" + port + " (printed as " + command.localPort() + ")";
  }

  private String http(NotesCommand command, Map<Integer, Integer> forwarded) {
    ClusterCapabilities capabilities = cluster.capabilities();
    if (command.url().matches(".*<[^>]+>.*")) {
      return NOT_RUN + "the URL has a placeholder for the reader to fill in";
    }
    String expanded = command.url().contains("$(") ? shell("printf '%s' \"" + command.url() + "\"", timeout).orThrow() : command.url();
    URI url = URI.create(expanded);
    if (url.getHost() == null) {
      throw new IllegalStateException(command.url() + " expands to " + expanded + ", which names no host");
    }
    if ("https".equals(url.getScheme())) {
      return NOT_RUN + "HTTPS: the test cluster's ingress controller serves plain HTTP without the release's certificate";
    }
    String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath()) + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    IngressHttp target;
    String via;
    boolean local = url.getHost().equals("127.0.0.1") || url.getHost().equals("localhost");
    if (local) {
      int printed = url.getPort() < 0 ? 80 : url.getPort();
      Integer port = forwarded.get(printed);
      if (port == null) {
        if (!capabilities.runsRealPods()) {
          return NOT_RUN + "backend " + capabilities.backend() + " simulates pods, so nothing forwards " + printed;
        }
        throw new IllegalStateException(expanded + ": no port-forward to local port " + printed + " precedes it in the NOTES");
      }
      target = IngressHttp.to("http://127.0.0.1:" + port, "127.0.0.1:" + port);
      via = "through the port-forward";
    } else if (url.getHost().matches("[0-9.]+|\\[[0-9a-fA-F:]+]")) {
      // A Service address (a LoadBalancer's, say): reachable from here only where the host routes the service network.
      int port = url.getPort() < 0 ? 80 : url.getPort();
      if (!capabilities.reachesServiceAddresses()) {
        return NOT_RUN + "backend " + capabilities.backend() + " does not route its Service addresses (" + url.getHost() + ") to this host";
      }
      target = IngressHttp.to("http://" + url.getHost() + ":" + port, url.getHost() + ":" + port);
      via = "from this host";
    } else {
      if (!capabilities.servesIngressHttp() || !capabilities.runsRealPods()) {
        return NOT_RUN + "backend " + capabilities.backend() + " has no ingress controller in front of real pods";
      }
      target = IngressHttp.to(capabilities.ingressHttpBase(), url.getHost());
      via = "through the ingress controller";
    }
    IngressHttp.Response[] response = new IngressHttp.Response[1];
    IngressHttp http = target;
    Await.until("awaitHttpAnswer " + expanded, timeout, () -> {
      try {
        response[0] = http.get(path);
      } catch (IOException e) {
        return Await.pending("no answer: " + e.getMessage());
      }
      return response[0].status() < 400 ? Await.done() : Await.pending("HTTP " + response[0].status());
    });
    return "GET " + expanded + " -> HTTP " + response[0].status() + " " + via;
  }

  private HostProcess.Result shell(String line, Duration limit) {
    List<String> command = List.of("bash", "-c", line);
    return HostProcess.command(command).withEnvironment(environment()).withTimeout(limit).run();
  }

  /** The shell's environment: the cluster's kubeconfig and the harness's kubectl first on PATH (located once per walk-through). */
  private synchronized Map<String, String> environment() {
    if (environment == null) {
      Path kubectl = LocalControlPlaneBinaries.locateOrBuild().kubectl();
      environment = Map.of("KUBECONFIG", cluster.kubeconfig().toString(),
          "PATH", kubectl.getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }
    return environment;
  }

  private static String firstLines(String output) {
    List<String> lines = output.strip().lines().limit(3).toList();
    return lines.isEmpty() ? "(no output)" : String.join(" | ", lines);
  }

  private static Path scratch() {
    try {
      return Files.createTempDirectory("chart-harness-notes-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for port-forward logs: " + e.getMessage(), e);
    }
  }
}
