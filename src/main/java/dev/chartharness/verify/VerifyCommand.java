package dev.chartharness.verify;

import dev.chartharness.base.Await;
import dev.chartharness.base.Readiness;
import dev.chartharness.cluster.Diagnostics;
import dev.chartharness.install.InstalledRelease;
import dev.chartharness.install.ReleaseInstall;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.cluster.IngressHttp;
import dev.chartharness.validate.IngressRoutes;
import dev.chartharness.validate.RouteResolution;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Verifies a live release: no pod stuck in a terminal state, every Job (hooks included) complete,
 * every Service with ready endpoints on each port, every StatefulSet pod {@code name-0..n-1} ready
 * with bound claims, every claim bound, every Ingress path resolving to a Service port with ready
 * endpoints (and answering HTTP through the controller where the cluster has one).
 */
public final class VerifyCommand {

  /** Default for {@link #withTimeout}: how long each named condition may take. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private final InstalledRelease release;
  private final EphemeralCluster cluster;
  private Duration timeout = DEFAULT_TIMEOUT;
  private ReleaseInstall helmTests;
  private ReleaseNotes notes;

  private VerifyCommand(InstalledRelease release, EphemeralCluster cluster) {
    this.release = release;
    this.cluster = cluster;
  }

  public static VerifyCommand release(InstalledRelease release, EphemeralCluster cluster) {
    return new VerifyCommand(release, cluster);
  }

  public VerifyCommand withTimeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /**
   * Runs the release's {@code helm test} hooks through {@code install}'s backend after the live checks, one check
   * per test pod. On a cluster with real containers the pods' own commands prove what they test; on simulated
   * pods the check says so: the pod was admitted and scheduled, its command did not run.
   */
  public VerifyCommand withHelmTests(ReleaseInstall install) {
    this.helmTests = install;
    return this;
  }

  /**
   * Runs the commands the release's NOTES print after the other checks ({@link NotesWalkthrough}), one
   * {@code notes-command} check each: the notes a person reads must work on the release they describe.
   */
  public VerifyCommand withNotes(ReleaseNotes notes) {
    this.notes = notes;
    return this;
  }

  public VerificationReport call() {
    KubernetesClient client = cluster.client();
    String namespace = release.namespace();
    List<VerifiedCheck> checks = new ArrayList<>();
    for (Job job : client.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
      verify(checks, "job-complete", "Job/" + job.getMetadata().getName(), () -> awaitJobComplete(client, namespace, job.getMetadata().getName()));
    }
    for (Service service : client.services().inNamespace(namespace).list().getItems()) {
      if (service.getSpec().getSelector() == null || service.getSpec().getSelector().isEmpty()) {
        continue;
      }
      verify(checks, "ready-endpoints", "Service/" + service.getMetadata().getName(), () -> awaitReadyEndpoints(client, namespace, service));
      if ("LoadBalancer".equals(service.getSpec().getType())) {
        verify(checks, "load-balancer-address", "Service/" + service.getMetadata().getName(), () -> awaitLoadBalancerAddress(client, namespace, service.getMetadata().getName()));
      }
    }
    for (StatefulSet statefulSet : client.apps().statefulSets().inNamespace(namespace).list().getItems()) {
      verify(checks, "statefulset-pods", "StatefulSet/" + statefulSet.getMetadata().getName(), () -> awaitStatefulSetPods(client, namespace, statefulSet));
    }
    for (PersistentVolumeClaim claim : client.persistentVolumeClaims().inNamespace(namespace).list().getItems()) {
      verify(checks, "claim-bound", "PersistentVolumeClaim/" + claim.getMetadata().getName(), () -> awaitClaimBound(client, namespace, claim.getMetadata().getName()));
    }
    for (Ingress ingress : client.network().v1().ingresses().inNamespace(namespace).list().getItems()) {
      for (IngressRule rule : Optional.ofNullable(ingress.getSpec().getRules()).orElse(List.of())) {
        if (rule.getHttp() == null) {
          continue;
        }
        for (HTTPIngressPath path : rule.getHttp().getPaths()) {
          String host = rule.getHost() == null ? "localhost" : rule.getHost();
          verify(checks, "ingress-route", "Ingress/" + ingress.getMetadata().getName() + " " + host + path.getPath(),
              () -> verifyRoute(client, namespace, ingress, host, path.getPath()));
        }
      }
    }
    if (helmTests != null) {
      checks.addAll(runHelmTests(client, namespace));
    }
    if (notes != null) {
      checks.addAll(NotesWalkthrough.in(cluster).withTimeout(timeout).run(notes));
    }
    String diagnostics = checks.stream().allMatch(VerifiedCheck::passed) ? "" : Diagnostics.of(cluster).describe(release);
    return new VerificationReport(release, checks, diagnostics);
  }

  /** {@code helm test}, then one check per test pod Helm left: its phase, and its log (real pods) or what simulation proves. */
  private List<VerifiedCheck> runHelmTests(KubernetesClient client, String namespace) {
    List<VerifiedCheck> results = new ArrayList<>();
    String failure = null;
    try {
      helmTests.test();
    } catch (RuntimeException e) {
      failure = e.getMessage();
    }
    boolean real = cluster.capabilities().runsRealPods();
    for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
      String hook = pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get("helm.sh/hook");
      if (hook == null || !hook.contains("test")) {
        continue;
      }
      String phase = pod.getStatus() == null ? "Unknown" : pod.getStatus().getPhase();
      boolean passed = "Succeeded".equals(phase);
      String log = real ? podLog(client, namespace, pod.getMetadata().getName()) : "";
      String detail = phase + (real
          ? (log.isBlank() ? "" : "; its log: " + log.strip().replace("\n", " | "))
          : " as simulated (the pod was admitted under the namespace's Pod Security Standard and scheduled; its command did not run)");
      results.add(new VerifiedCheck("helm-test", "Pod/" + pod.getMetadata().getName(), passed, detail));
    }
    if (failure != null && results.stream().allMatch(VerifiedCheck::passed)) {
      results.add(new VerifiedCheck("helm-test", "release " + release.name(), false, failure));
    }
    return results;
  }

  private static String podLog(KubernetesClient client, String namespace, String pod) {
    try {
      String log = client.pods().inNamespace(namespace).withName(pod).tailingLines(20).getLog();
      return log == null ? "" : log;
    } catch (RuntimeException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void verify(List<VerifiedCheck> checks, String check, String object, Supplier<String> verification) {
    try {
      checks.add(new VerifiedCheck(check, object, true, verification.get()));
    } catch (Await.WaitFailedException | IllegalStateException e) {
      checks.add(new VerifiedCheck(check, object, false, e.getMessage()));
    }
  }

  /** The pods of the namespace that can never become ready, as a failure for any wait. */
  private static Optional<String> terminalPodProblem(KubernetesClient client, String namespace) {
    for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
      Optional<String> problem = Readiness.terminalProblem(pod);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private String awaitJobComplete(KubernetesClient client, String namespace, String name) {
    Await.until("awaitJobComplete Job/" + name, timeout, () -> {
      Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
      if (job == null) {
        return Await.failed("Job " + name + " no longer exists");
      }
      if (Readiness.isComplete(job)) {
        return Await.done();
      }
      Optional<String> failure = Readiness.failure(job).or(() -> terminalPodProblem(client, namespace));
      return failure.map(Await::failed).orElse(Await.pending("Job " + name + " has " + Optional.ofNullable(job.getStatus().getSucceeded()).orElse(0) + " succeeded pods"));
    });
    return "complete";
  }

  private String awaitReadyEndpoints(KubernetesClient client, String namespace, Service service) {
    String name = service.getMetadata().getName();
    List<String> seen = new ArrayList<>();
    Await.until("awaitReadyEndpoints Service/" + name, timeout, () -> {
      List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace(namespace)
          .withLabel("kubernetes.io/service-name", name).list().getItems();
      seen.clear();
      for (ServicePort port : service.getSpec().getPorts()) {
        List<String> addresses = slices.stream().filter(slice -> Readiness.servesPort(slice, port.getName()))
            .flatMap(slice -> Readiness.readyAddresses(slice).stream()).toList();
        if (addresses.isEmpty()) {
          return terminalPodProblem(client, namespace).map(Await::failed)
              .orElse(Await.pending("no ready endpoint for port " + (port.getName() == null ? port.getPort() : port.getName())));
        }
        seen.add((port.getName() == null ? String.valueOf(port.getPort()) : port.getName()) + "=" + addresses);
      }
      return Await.done();
    });
    return String.join(" ", seen);
  }

  private String awaitLoadBalancerAddress(KubernetesClient client, String namespace, String name) {
    String[] address = new String[1];
    Await.until("awaitLoadBalancerAddress Service/" + name, timeout, () -> {
      Service service = client.services().inNamespace(namespace).withName(name).get();
      var ingress = service.getStatus() == null || service.getStatus().getLoadBalancer() == null ? null : service.getStatus().getLoadBalancer().getIngress();
      if (ingress == null || ingress.isEmpty()) {
        return Await.pending("no load balancer address yet");
      }
      address[0] = ingress.get(0).getIp() != null ? ingress.get(0).getIp() : ingress.get(0).getHostname();
      return Await.done();
    });
    return "address " + address[0];
  }

  private String awaitStatefulSetPods(KubernetesClient client, String namespace, StatefulSet statefulSet) {
    String name = statefulSet.getMetadata().getName();
    int replicas = Optional.ofNullable(statefulSet.getSpec().getReplicas()).orElse(1);
    List<String> templates = Optional.ofNullable(statefulSet.getSpec().getVolumeClaimTemplates()).orElse(List.of()).stream()
        .map(claim -> claim.getMetadata().getName()).toList();
    Await.until("awaitStatefulSetPods StatefulSet/" + name, timeout, () -> {
      for (int ordinal = 0; ordinal < replicas; ordinal++) {
        String podName = name + "-" + ordinal;
        Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
        if (pod == null || !Readiness.isReady(pod)) {
          return terminalPodProblem(client, namespace).map(Await::failed).orElse(Await.pending(podName + " is not ready"));
        }
        for (String template : templates) {
          String claimName = template + "-" + podName;
          PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(namespace).withName(claimName).get();
          if (claim == null || claim.getStatus() == null || !"Bound".equals(claim.getStatus().getPhase())) {
            return Await.pending("claim " + claimName + " is not bound");
          }
        }
      }
      return Await.done();
    });
    List<String> pods = new ArrayList<>();
    for (int ordinal = 0; ordinal < replicas; ordinal++) {
      pods.add(name + "-" + ordinal);
    }
    return "pods " + pods + " ready" + (templates.isEmpty() ? "" : ", claims " + templates + " bound");
  }

  private String awaitClaimBound(KubernetesClient client, String namespace, String name) {
    String[] volume = new String[1];
    Await.until("awaitClaimBound PersistentVolumeClaim/" + name, timeout, () -> {
      PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
      if (claim == null) {
        return Await.failed("claim " + name + " no longer exists");
      }
      if (claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase())) {
        volume[0] = claim.getSpec().getVolumeName();
        return Await.done();
      }
      return Await.pending("claim " + name + " is " + (claim.getStatus() == null ? "new" : claim.getStatus().getPhase()));
    });
    return "bound to " + volume[0];
  }

  private String verifyRoute(KubernetesClient client, String namespace, Ingress ingress, String host, String path) {
    RouteResolution route = IngressRoutes.resolve(ingress, host, path)
        .orElseThrow(() -> new IllegalStateException("no rule of the Ingress matches " + host + path));
    Service service = client.services().inNamespace(namespace).withName(route.service()).get();
    if (service == null) {
      throw new IllegalStateException(route + ": Service " + route.service() + " does not exist");
    }
    ServicePort port = service.getSpec().getPorts().stream()
        .filter(candidate -> route.port().equals(String.valueOf(candidate.getPort())) || route.port().equals(candidate.getName()))
        .findFirst().orElseThrow(() -> new IllegalStateException(route + ": Service " + route.service() + " has no port " + route.port()));
    Service portOnly = new io.fabric8.kubernetes.api.model.ServiceBuilder(service).editSpec().withPorts(port).endSpec().build();
    String endpoints = awaitReadyEndpoints(client, namespace, portOnly);
    // A port named in the Ingress (port.name: http) is reported by its number, as the Service resolves it.
    RouteResolution resolved = new RouteResolution(route.host(), route.path(), route.matchedPath(), route.pathType(), route.service(),
        String.valueOf(port.getPort()));
    String result = resolved + (route.port().equals(port.getName()) ? " [port " + port.getName() + "]" : "") + " with ready endpoints " + endpoints;
    if (cluster.capabilities().servesIngressHttp()) {
      Optional<String> probePath = backendProbePath(client, namespace, service, port, path);
      result += "; " + requestThroughController(host, probePath.orElse(path), probePath.isPresent());
    }
    return result;
  }

  /**
   * A path under the route that the backend itself answers with success: the HTTP readiness (else
   * liveness) probe of a pod behind the Service, on the port the route targets. A request to it through
   * the controller proves the route reaches that backend; the route's own path may well be a 404 there.
   */
  static Optional<String> backendProbePath(KubernetesClient client, String namespace, Service service, ServicePort port, String routePath) {
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return Optional.empty();
    }
    for (Pod pod : client.pods().inNamespace(namespace).withLabels(selector).list().getItems()) {
      for (Container container : pod.getSpec().getContainers()) {
        Optional<String> path = probePath(container, port.getTargetPort(), routePath);
        if (path.isPresent()) {
          return path;
        }
      }
    }
    return Optional.empty();
  }

  /** The container's HTTP readiness (else liveness) probe path when it is under the route and on the Service's target port. */
  static Optional<String> probePath(Container container, IntOrString targetPort, String routePath) {
    String prefix = routePath.endsWith("/") ? routePath : routePath + "/";
    for (Probe probe : Arrays.asList(container.getReadinessProbe(), container.getLivenessProbe())) {
      if (probe == null || probe.getHttpGet() == null || probe.getHttpGet().getPath() == null) {
        continue;
      }
      String path = probe.getHttpGet().getPath();
      boolean underRoute = path.equals(routePath) || path.startsWith(prefix);
      if (underRoute && samePort(container, probe.getHttpGet().getPort(), targetPort)) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }

  /** Whether a probe's port and a Service's targetPort (numbers or container port names) are the same port. */
  private static boolean samePort(Container container, IntOrString probePort,
                                  IntOrString targetPort) {
    if (probePort == null || targetPort == null) {
      return false;
    }
    return resolvePort(container, probePort) != null && resolvePort(container, probePort).equals(resolvePort(container, targetPort));
  }

  private static Integer resolvePort(Container container, IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return Optional.ofNullable(container.getPorts()).orElse(List.of()).stream().filter(candidate -> port.getStrVal().equals(candidate.getName()))
        .map(ContainerPort::getContainerPort).findFirst().orElse(null);
  }

  /**
   * A real request through the ingress controller with the rule's Host header. A probe path must answer
   * with success; any other path with anything but the controller's own 404 and 5xx.
   */
  private String requestThroughController(String host, String path, boolean probePath) {
    IngressHttp http = IngressHttp.to(cluster.capabilities().ingressHttpBase(), host);
    int[] status = new int[1];
    Await.until("awaitHttpRoute " + host + path, timeout, () -> {
      try {
        status[0] = http.get(path).status();
      } catch (java.io.IOException e) {
        return Await.pending("no answer from the ingress controller: " + e.getMessage());
      }
      if (probePath) {
        return status[0] >= 200 && status[0] < 400 ? Await.done() : Await.pending("HTTP " + status[0]);
      }
      // 404 and 5xx come from the controller itself when the route or its backend is missing.
      return status[0] == 404 || status[0] >= 500 ? Await.pending("HTTP " + status[0]) : Await.done();
    });
    return "GET " + host + path + (probePath ? " (the backend's probe)" : "") + " -> HTTP " + status[0] + " through the ingress controller";
  }
}
