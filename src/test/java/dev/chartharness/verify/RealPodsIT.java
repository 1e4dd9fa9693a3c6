package dev.chartharness.verify;

import dev.chartharness.base.Await;
import dev.chartharness.base.Readiness;
import dev.chartharness.install.HelmOperationException;
import dev.chartharness.install.InstalledRelease;
import dev.chartharness.install.ReleaseInstall;
import dev.chartharness.verify.ReleaseNotes;
import static dev.chartharness.assertj.ChartAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.charts.ChartMatrix;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.cluster.IngressHttp;
import dev.chartharness.junit.EachCluster;
import dev.chartharness.junit.TestNamespace;
import dev.chartharness.junit.WithEphemeralCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The charts' promises proven by running them: real containers from the images ci/images builds, dev values
 * plus ci/images/values (the images, two Redis pods, todo's API behind Traefik), namespaces enforcing the
 * restricted Pod Security Standard, HTTP through Traefik with each Ingress host. Run on the real node (Kubernetes
 * 1.36) and on k3s in Docker (1.31).
 */
@EachCluster({"real-pods", "k3s"})
@WithEphemeralCluster(namespacePrefix = "real", realPods = true)
@DisplayName("real pods: journal and todo behave as their charts promise")
class RealPodsIT {

  private static final Duration APPLICATION_TIMEOUT = Duration.ofMinutes(2);
  private static final String JOURNAL_HOST = "journal.localtest.me";

  // The three side by side, each in its namespace; journal and the missing image never overlap (IngressHosts): both
  // install a journal whose Ingress host is journal.localtest.me, which the cluster's ingress controller would route to either.
  @Test
  @Execution(ExecutionMode.CONCURRENT)
  @DisplayName("journal: entries round-trip through Traefik, the API and Redis; / is the fileserver page; a replica reads the master's write")
  void journal(EphemeralCluster cluster, @TestNamespace String namespace) throws Exception {
    IngressHosts.exclusively(List.of(JOURNAL_HOST), cluster, namespace, () -> {
      journalBehaves(cluster, namespace);
      return null;
    });
  }

  private static void journalBehaves(EphemeralCluster cluster, String namespace) throws IOException {
    assertThat(cluster.capabilities().runsRealPods()).as("backend %s runs real pods", cluster.capabilities()).isTrue();
    assertThat(cluster.capabilities().hasLocalImages()).as("backend %s holds the images ci/images builds", cluster.capabilities()).isTrue();
    InstalledRelease release = install(cluster, namespace, "journal");
    VerificationReport report = VerifyCommand.release(release, cluster).withHelmTests(installer(cluster, namespace, "journal"))
        .withNotes(ReleaseNotes.of(release)).call();
    assertThat(report).isVerified()
        .passed("helm-test", "Pod/journal-test-api")
        .passed("helm-test", "Pod/journal-test-fileserver")
        .passed("helm-test", "Pod/journal-test-redis")
        .passed("statefulset-pods", "StatefulSet/journal-redis")
        .routes("journal", "journal.localtest.me/api", "journal-frontend", 8080)
        .routes("journal", "journal.localtest.me/", "journal-fileserver", 80)
        .ranNotesCommand("rollout status deployment/journal-frontend")
        .ranNotesCommand("port-forward service/journal-frontend")
        .ranNotesCommand("curl http://127.0.0.1:8080/api/health")
        .ranNotesCommand("curl http://127.0.0.1:8080/healthz")
        .ranNotesCommand("exec -it journal-redis-0")
        .ranNotesCommand("http://journal.localtest.me/api/entries");
    assertThat(report.checks()).filteredOn(check -> check.check().equals("ingress-route"))
        .allSatisfy(check -> assertThat(check.detail()).contains("the backend's probe", "HTTP 200 through the ingress controller"));
    // The test pods ran for real: the API's health answer is in the api test's log.
    assertThat(report.checks()).filteredOn(check -> check.object().equals("Pod/journal-test-api")).singleElement()
        .satisfies(check -> assertThat(check.detail()).startsWith("Succeeded").doesNotContain("simulated"));

    IngressHttp journal = IngressHttp.to(cluster.capabilities().ingressHttpBase(), JOURNAL_HOST);
    String text = "written through Traefik " + UUID.randomUUID();
    IngressHttp.Response created = journal.post("/api/entries", "application/json", "{\"text\": \"" + text + "\"}");
    assertThat(created.status()).as("POST /api/entries: %s", created.body()).isEqualTo(201);
    assertThat(created.body()).contains(text);
    IngressHttp.Response entries = journal.get("/api/entries");
    assertThat(entries.status()).isEqualTo(200);
    assertThat(entries.body()).startsWith("[").contains(text);
    assertThat(entries.header("X-Total-Count")).isEqualTo("1");
    assertThat(journal.post("/api/entries", "application/json", "{\"text\": \"\"}").status()).as("an empty entry").isEqualTo(400);

    ConfigMap content = cluster.client().configMaps().inNamespace(namespace).withName("journal-fileserver-content").get();
    IngressHttp.Response page = journal.get("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).as("/ serves the chart's index.html from the fileserver").isEqualTo(content.getData().get("index.html"));

    KubernetesClient client = cluster.client();
    String redisCli = "redis-cli -a \"$(cat /etc/redis-passwd/passwd)\" --no-auth-warning ";
    assertThat(PodExec.sh(client, namespace, "journal-redis-0", "redis", redisCli + "INFO replication")).contains("role:master", "connected_slaves:1");
    Await.until("the entry on the replica journal-redis-1", Duration.ofSeconds(30), () -> {
      String replica = PodExec.sh(client, namespace, "journal-redis-1", "redis", redisCli + "INFO replication; " + redisCli + "LRANGE journal:entries 0 -1");
      return replica.contains("role:slave") && replica.contains("master_link_status:up") && replica.contains(text)
          ? Await.done() : Await.pending("replica answered: " + replica.strip());
    });
    String readOnly = PodExec.sh(client, namespace, "journal-redis-1", "redis", redisCli + "LPUSH journal:entries refused || true");
    assertThat(readOnly).as("a replica refuses writes").contains("READONLY");
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  @DisplayName("todo: the migrations Job migrated MariaDB, the API lists, creates and deletes, data survives a pod restart and uninstall/reinstall")
  void todo(EphemeralCluster cluster, @TestNamespace String namespace) throws IOException {
    InstalledRelease release = install(cluster, namespace, "todo");
    VerificationReport report = VerifyCommand.release(release, cluster).withHelmTests(installer(cluster, namespace, "todo"))
        .withNotes(ReleaseNotes.of(release)).call();
    assertThat(report).isVerified()
        .passed("helm-test", "Pod/todo-test-api")
        .passed("helm-test", "Pod/todo-test-mysql")
        .passed("job-complete", "Job/todo-todobackend-migrate")
        .passed("ready-endpoints", "Service/todo-mysql")
        .passed("claim-bound", "PersistentVolumeClaim/todo-mysql-data")
        .ranNotesCommand("rollout status deployment/todo-todobackend")
        .ranNotesCommand("logs job/todo-todobackend-migrate")
        .ranNotesCommand("exec -it deploy/todo-mysql");
    if (cluster.capabilities().reachesServiceAddresses()) {
      // The real node is this host: the LoadBalancer URL the NOTES print answers from here.
      assertThat(report).ranNotesCommand("loadBalancer.ingress[0].ip");
    }
    KubernetesClient client = cluster.client();
    String migrations = PodExec.sh(client, namespace, mysqlPod(client, namespace), "mysql",
        "mysql -uroot -p\"$(cat /tmp/secrets/MYSQL_ROOT_PASSWORD)\" -N -e \"SELECT CONCAT(app, '.', name) FROM django_migrations\" \"$MYSQL_DATABASE\"");
    assertThat(migrations).as("migrations recorded in the database by the Job").contains("todo.0001_initial", "auth.0001_initial");

    IngressHttp todo = IngressHttp.to(cluster.capabilities().ingressHttpBase(), "todo.localtest.me");
    assertThat(todo.get("/todos").body()).isEqualTo("[]");
    IngressHttp.Response created = todo.post("/todos", "application/json", "{\"title\": \"pay the gas bill\"}");
    assertThat(created.status()).as("POST /todos: %s", created.body()).isEqualTo(201);
    String item = "/todos/" + id(created.body());
    assertThat(todo.get("/todos").body()).contains("pay the gas bill");
    assertThat(todo.get(item).status()).isEqualTo(200);
    assertThat(todo.delete(item).status()).isEqualTo(204);
    assertThat(todo.get(item).status()).isEqualTo(404);
    assertThat(todo.get("/todos").body()).isEqualTo("[]");

    String kept = "survives restarts " + UUID.randomUUID();
    assertThat(todo.post("/todos", "application/json", "{\"title\": \"" + kept + "\"}").status()).isEqualTo(201);

    String before = mysqlPod(client, namespace);
    client.pods().inNamespace(namespace).withName(before).delete();
    Await.until("a new mysql pod serving the item", APPLICATION_TIMEOUT, () -> listed(client, namespace, todo, before, kept));

    ReleaseInstall.chart(ChartMatrix.LAYOUT.chart("todo")).into(cluster, namespace).withReleaseName("todo").uninstall();
    assertThat(client.persistentVolumeClaims().inNamespace(namespace).withName("todo-mysql-data").get()).as("the data claim after uninstall").isNotNull();
    install(cluster, namespace, "todo");
    Await.until("the reinstalled release serving the item", APPLICATION_TIMEOUT, () -> listed(client, namespace, todo, null, kept));
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  @DisplayName("an install whose image is not on the node fails within seconds naming pod, image and reason, not after Helm's timeout")
  void missingImageFailsFast(EphemeralCluster cluster, @TestNamespace String namespace) throws Exception {
    ReleaseInstall install = ReleaseInstall.chart(ChartMatrix.LAYOUT.chart("journal")).into(cluster, namespace).withReleaseName("journal")
        .withValuesFiles(localValues("journal")).set("frontend.image.tag", "0.0.0-not-built").withTimeout(ApplicationEnvironments.INSTALL_TIMEOUT);
    IngressHosts.exclusively(List.of(JOURNAL_HOST), cluster, namespace, () -> {
      long start = System.nanoTime();
      assertThatThrownBy(install::install).isInstanceOf(HelmOperationException.class)
          .hasMessageContaining("gave up waiting").hasMessageContaining("localhost/chart-harness/journal-api:0.0.0-not-built")
          .hasMessageContaining("ErrImageNeverPull").hasMessageContaining("---- diagnostics for namespace " + namespace);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("well before Helm's %s timeout", ApplicationEnvironments.INSTALL_TIMEOUT)
          .isLessThan(ApplicationEnvironments.INSTALL_TIMEOUT.dividedBy(2));
      return null;
    });
  }

  private static List<Path> localValues(String chart) {
    List<Path> values = new ArrayList<>(ChartMatrix.valuesFiles(chart, ChartMatrix.LAYOUT.environments().get("dev")));
    values.add(ChartMatrix.LAYOUT.localImageValues(chart));
    return values;
  }

  private static InstalledRelease install(EphemeralCluster cluster, String namespace, String chart) {
    return installer(cluster, namespace, chart).install();
  }

  private static ReleaseInstall installer(EphemeralCluster cluster, String namespace, String chart) {
    return ReleaseInstall.chart(ChartMatrix.LAYOUT.chart(chart)).into(cluster, namespace).withReleaseName(chart)
        .withValuesFiles(localValues(chart)).withTimeout(ApplicationEnvironments.INSTALL_TIMEOUT);
  }

  private static String mysqlPod(KubernetesClient client, String namespace) {
    return client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/component", "mysql").list().getItems().stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null).map(pod -> pod.getMetadata().getName()).findFirst()
        .orElseThrow(() -> new IllegalStateException("no mysql pod in " + namespace));
  }

  /** Done once a mysql pod other than {@code replaced} is ready and the API lists {@code title}. */
  private static Await.Outcome listed(KubernetesClient client, String namespace, IngressHttp todo, String replaced, String title) {
    List<Pod> ready = client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/component", "mysql").list().getItems().stream()
        .filter(pod -> !pod.getMetadata().getName().equals(replaced)).filter(Readiness::isReady).toList();
    if (ready.isEmpty()) {
      return Await.pending("no new mysql pod is ready");
    }
    try {
      IngressHttp.Response list = todo.get("/todos");
      return list.status() == 200 && list.body().contains(title) ? Await.done() : Await.pending("GET /todos: HTTP " + list.status() + " " + list.body());
    } catch (IOException e) {
      return Await.pending("GET /todos: " + e.getMessage());
    }
  }

  private static String id(String json) {
    Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(json);
    assertThat(id.find()).as("an id in %s", json).isTrue();
    return id.group(1);
  }
}
