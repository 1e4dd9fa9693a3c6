package dev.chartharness.cluster.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.cluster.IngressHttp;
import dev.chartharness.junit.EphemeralClusterExtension;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real node changes nothing on the host it did not create: a listing of links, routes, iptables rules, cgroups,
 * mounts, processes and kernel settings taken before a real-pods cluster starts is identical after it stopped; while
 * it runs nothing it started listens on the host beyond loopback and its own veth range, nothing in its namespace
 * beyond its own addresses, the API server refuses anonymous requests, and the pods' cgroups are the node's own.
 */
@DisplayName("real node: its own network namespace and cgroups; the host is as it was")
class RealNodeIsolationIT {

  @RegisterExtension
  static final BeforeAllCallback FREE_THE_NODE = EphemeralClusterExtension.stoppingShared("real-pods");

  @Test
  @DisplayName("before/after listing identical; listeners on loopback and the veth range only; anonymous requests refused")
  void isolated() throws Exception {
    HostState before = HostState.capture();
    Set<HostState.Listener> listenersBefore = HostState.listening();
    try (RealPodsCluster cluster = RealPodsCluster.preparing().start()) {
      Set<HostState.Listener> added = HostState.listening().stream().filter(listener -> !listenersBefore.contains(listener)).collect(Collectors.toSet());
      assertThat(added).as("sockets the cluster listens on in the host's namespace").allSatisfy(listener ->
          assertThat(listener.address().isLoopbackAddress() || inVethRange(listener.address())).as(listener.toString()).isTrue());

      Path directory = Path.of(cluster.nodeDirectory());
      NodeNetwork network = NodeNetwork.of(directory, 0);
      List<String> enter = network.enter(List.of());
      Set<String> own = Set.of(network.nodeAddress(), network.bridgeAddress());
      assertThat(HostState.listening(enter)).as("sockets in the node's namespace").isNotEmpty().allSatisfy(listener ->
          assertThat(listener.address().isLoopbackAddress() || listener.address().isAnyLocalAddress()
              || own.contains(listener.address().getHostAddress())).as(listener.toString()).isTrue());

      String server = cluster.client().getConfiguration().getMasterUrl();
      assertThat(server).startsWith("https://" + network.nodeAddress() + ":");
      for (String path : List.of("/version", "/healthz", "/api")) {
        assertThat(anonymousStatus(server, path)).as("anonymous GET " + path).isEqualTo(401);
      }
      assertThat(cluster.client().getKubernetesVersion().getGitVersion()).as("with the harness's credentials").startsWith("v");

      String cgroupRoot = directory.getFileName().toString();
      List<Pod> pods = cluster.client().pods().inNamespace("kube-system").list().getItems();
      assertThat(pods).isNotEmpty();
      for (long pid : containerProcesses(directory)) {
        assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"))).as("cgroups of container process " + pid)
            .contains(":/" + cgroupRoot + "/kubepods/");
      }
      IngressHttp.Response answer = IngressHttp.to(cluster.capabilities().ingressHttpBase(), "nothing.localtest.me").get("/");
      assertThat(answer.status()).as("Traefik answers on the node's address").isEqualTo(404);
    }
    HostState after = HostState.capture();
    assertThat(before.changesSince(after)).as("what the run left changed on the host").isEmpty();
  }

  private static boolean inVethRange(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == 4 && (bytes[0] & 0xff) == 10 && (bytes[1] & 0xff) == 89;
  }

  /** The processes of the node's containers: runc's state under the node's directory names each one's init. */
  private static List<Long> containerProcesses(Path directory) throws IOException {
    Path root = directory.resolve("containerd/runc/k8s.io");
    try (var containers = Files.list(root)) {
      List<Long> pids = containers.map(container -> container.resolve("state.json")).filter(Files::isRegularFile).map(state -> {
        try {
          java.util.regex.Matcher pid = java.util.regex.Pattern.compile("\"init_process_pid\":(\\d+)").matcher(Files.readString(state));
          return pid.find() ? Long.parseLong(pid.group(1)) : -1L;
        } catch (IOException e) {
          return -1L;
        }
      }).filter(pid -> pid > 0).toList();
      assertThat(pids).as("container processes under " + root).isNotEmpty();
      return pids;
    }
  }

  private static int anonymousStatus(String server, String path) throws Exception {
    SSLContext trustingAll = SSLContext.getInstance("TLS");
    trustingAll.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trustingAll).build();
    return client.send(HttpRequest.newBuilder(URI.create(server.replaceAll("/$", "") + path)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
