package dev.chartharness.cluster.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.base.Await;
import dev.chartharness.junit.EphemeralClusterExtension;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two real nodes at once, each in its own network namespace and cgroups: both become Ready; a pod on each node
 * reaches, through the cluster DNS (on the first node) and a Service, an HTTP server on the second; the host reaches
 * the second node's pod directly; logs come from both kubelets; and the host is as it was once the cluster stops.
 * Prints what the second node costs: start time and resident memory of its containerd, kubelet and kube-proxy.
 */
@DisplayName("real pods: a two-node cluster on one machine")
class TwoRealNodesIT {

  @RegisterExtension
  static final BeforeAllCallback FREE_THE_NODE = EphemeralClusterExtension.stoppingShared("real-pods");

  private static final String SECOND = LocalNode.NAME + "-2";

  @Test
  @DisplayName("pods on both nodes reach a Service on the second; the host is unchanged afterwards")
  void twoNodes() throws Exception {
    HostState before = HostState.capture();
    long oneNodeStart = timedStart(RealPodsCluster.preparing());
    long started = System.nanoTime();
    try (RealPodsCluster cluster = RealPodsCluster.preparing().withNodes(2).start()) {
      long twoNodeStart = (System.nanoTime() - started) / 1_000_000;
      KubernetesClient client = cluster.client();
      List<Node> nodes = client.nodes().list().getItems();
      assertThat(nodes).extracting(node -> node.getMetadata().getName()).containsExactlyInAnyOrder(LocalNode.NAME, SECOND);
      assertThat(nodes).allSatisfy(node -> assertThat(node.getStatus().getConditions())
          .anySatisfy(condition -> assertThat(condition.getType() + "=" + condition.getStatus()).isEqualTo("Ready=True")));

      String busybox = image(nodes, "busybox");
      client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("two-nodes").endMetadata().build()).create();
      apply(client, """
          apiVersion: v1
          kind: Pod
          metadata: {name: server, namespace: two-nodes, labels: {app: server}}
          spec:
            nodeSelector: {kubernetes.io/hostname: %s}
            securityContext: {runAsNonRoot: true, runAsUser: 65534, seccompProfile: {type: RuntimeDefault}}
            containers:
            - name: httpd
              image: %s
              imagePullPolicy: Never
              command: [sh, -c, "echo hello-from-$NODE > /www/index.html && exec busybox httpd -f -p 8080 -h /www"]
              env: [{name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}]
              ports: [{containerPort: 8080}]
              readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
              securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
              volumeMounts: [{name: www, mountPath: /www}]
            volumes: [{name: www, emptyDir: {}}]
          ---
          apiVersion: v1
          kind: Service
          metadata: {name: server, namespace: two-nodes}
          spec: {selector: {app: server}, ports: [{port: 80, targetPort: 8080}]}
          """.formatted(SECOND, busybox));
      for (String node : List.of(LocalNode.NAME, SECOND)) {
        apply(client, """
            apiVersion: v1
            kind: Pod
            metadata: {name: client-on-%1$s, namespace: two-nodes}
            spec:
              nodeSelector: {kubernetes.io/hostname: %1$s}
              restartPolicy: Never
              securityContext: {runAsNonRoot: true, runAsUser: 65534, seccompProfile: {type: RuntimeDefault}}
              initContainers:
              - name: wait
                image: %2$s
                imagePullPolicy: Never
                command: [sh, -c, "until busybox timeout 3 wget -q -O /dev/null http://server.two-nodes.svc.cluster.local/; do sleep 1; done"]
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
              containers:
              - name: wget
                image: %2$s
                imagePullPolicy: Never
                command: [wget, -q, -O, "-", "http://server.two-nodes.svc.cluster.local/"]
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            """.formatted(node, busybox));
      }
      for (String node : List.of(LocalNode.NAME, SECOND)) {
        String name = "client-on-" + node;
        try {
          Await.until(name + " Succeeded", Duration.ofSeconds(90), Duration.ofMillis(500), () -> {
            Pod pod = client.pods().inNamespace("two-nodes").withName(name).get();
            String phase = pod == null || pod.getStatus() == null ? "" : pod.getStatus().getPhase();
            return "Succeeded".equals(phase) ? Await.done() : "Failed".equals(phase) ? Await.failed(name + " failed") : Await.pending(phase);
          });
        } catch (Await.WaitFailedException e) {
          throw new AssertionError(e.getMessage() + "\n" + diagnosis(client, cluster), e);
        }
        assertThat(client.pods().inNamespace("two-nodes").withName(name).get().getSpec().getNodeName()).isEqualTo(node);
        assertThat(client.pods().inNamespace("two-nodes").withName(name).inContainer("wget").getLog()).as("what %s fetched", name)
            .contains("hello-from-" + SECOND);
      }
      Pod server = client.pods().inNamespace("two-nodes").withName("server").get();
      assertThat(server.getSpec().getNodeName()).isEqualTo(SECOND);
      assertThat(server.getStatus().getPodIP()).startsWith("10.88.1.");
      HttpResponse<String> direct = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + server.getStatus().getPodIP() + ":8080/"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(direct.body()).as("the second node's pod, from the host").contains("hello-from-" + SECOND);

      long memory = residentMemory(Path.of(cluster.nodeDirectories().get(1)));
      System.out.printf("two real nodes: start %.1f s (one node %.1f s); the second node's containerd, kubelet and kube-proxy hold %d MiB%n",
          twoNodeStart / 1000.0, oneNodeStart / 1000.0, memory / (1024 * 1024));
      assertThat(memory).as("resident memory of the second node's processes").isPositive();
    }
    assertThat(before.changesSince(HostState.capture())).as("what the two-node cluster changed on the host").isEmpty();
  }

  private static String diagnosis(KubernetesClient client, RealPodsCluster cluster) {
    StringBuilder out = new StringBuilder();
    for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
      out.append(pod.getMetadata().getNamespace()).append('/').append(pod.getMetadata().getName()).append(" on ").append(pod.getSpec().getNodeName())
          .append(' ').append(pod.getStatus().getPhase()).append(' ').append(pod.getStatus().getPodIP()).append(' ')
          .append(pod.getStatus().getInitContainerStatuses()).append(' ').append(pod.getStatus().getContainerStatuses()).append('\n');
    }
    for (String name : List.of("client-on-" + LocalNode.NAME, "client-on-" + SECOND)) {
      try {
        out.append(name).append(" init log: ").append(client.pods().inNamespace("two-nodes").withName(name).inContainer("wait").tailingLines(10).getLog()).append('\n');
      } catch (RuntimeException e) {
        out.append(name).append(" init log: ").append(e.getMessage()).append('\n');
      }
    }
    client.v1().events().inNamespace("two-nodes").list().getItems().forEach(event -> out.append("event ").append(event.getInvolvedObject().getName())
        .append(": ").append(event.getReason()).append(' ').append(event.getMessage()).append('\n'));
    out.append(cluster.nodeLogs());
    return out.toString();
  }

  /** Milliseconds from start() to ready for a cluster that is closed again at once. */
  private static long timedStart(RealPodsCluster cluster) {
    long started = System.nanoTime();
    try (RealPodsCluster running = cluster.start()) {
      return (System.nanoTime() - started) / 1_000_000;
    }
  }

  private static void apply(KubernetesClient client, String yaml) {
    client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items().forEach(object -> client.resource(object).create());
  }

  private static String image(List<Node> nodes, String name) {
    return nodes.get(0).getStatus().getImages().stream().flatMap(image -> image.getNames().stream())
        .filter(reference -> reference.contains("/" + name + ":")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " image on the node; the IT's harness.images must include it"));
  }

  /** The resident memory of the processes a node's PID file lists (containerd, kubelet, kube-proxy). */
  private static long residentMemory(Path nodeDirectory) throws IOException {
    long total = 0;
    for (String line : Files.readAllLines(nodeDirectory.resolve("node.pids"))) {
      String pid = line.strip().split(" ", 2)[0];
      Path status = Path.of("/proc", pid, "status");
      if (!pid.isEmpty() && Files.isRegularFile(status)) {
        for (String field : Files.readAllLines(status)) {
          if (field.startsWith("VmRSS:")) {
            total += Long.parseLong(field.replaceAll("\\D", "")) * 1024;
          }
        }
      }
    }
    return total;
  }
}
