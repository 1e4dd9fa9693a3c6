package dev.chartharness.charts;

import static dev.chartharness.assertj.ChartAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.render.Environment;
import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.RenderedRelease;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("journal: frontend + redis + fileserver + Ingress, as SPEC.md describes them")
class JournalChartTest {

  static Stream<Environment> environments() {
    return ChartMatrix.environments();
  }

  private static RenderedRelease journal(Environment environment) {
    return ChartMatrix.render("journal", environment);
  }

  @Nested
  @DisplayName("frontend")
  class Frontend {

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.JournalChartTest#environments")
    @DisplayName("reads JOURNAL_ENTRIES from a content-versioned ConfigMap and rolls out on config change")
    void readsEntriesFromVersionedConfig(Environment environment) {
      RenderedRelease release = journal(environment);
      assertThat(release).deployment("journal-frontend").hasPodAnnotation("checksum/config")
          .container("frontend").hasEnvFromConfigMapKey("JOURNAL_ENTRIES", "journal-frontend-config-", "JOURNAL_ENTRIES");
      assertThat(release).configMapNamedLike("journal-frontend-config-").hasEntry("JOURNAL_ENTRIES", "10");
    }

    @Test
    @DisplayName("a changed config value gets a new ConfigMap name and a new checksum, so the old one stays for rollback")
    void configChangeRenamesConfigMap() {
      RenderedRelease before = journal(Environment.DEFAULTS);
      RenderedRelease after = RenderCommand.chart(ChartMatrix.LAYOUT.chart("journal")).withReleaseName("journal").withNamespace("journal")
          .set("frontend.config.entriesPerPage", 25).call();
      String oldName = configName(before);
      String newName = configName(after);
      assertThat(newName).startsWith("journal-frontend-config-").isNotEqualTo(oldName);
      assertThat(after).configMap(newName).hasEntry("JOURNAL_ENTRIES", "25");
      assertThat(assertThat(after).deployment("journal-frontend").podAnnotation("checksum/config"))
          .isNotEqualTo(assertThat(before).deployment("journal-frontend").podAnnotation("checksum/config"));
    }

    private String configName(RenderedRelease release) {
      return release.all(ConfigMap.class).stream().map(c -> c.getMetadata().getName())
          .filter(name -> name.startsWith("journal-frontend-config-")).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.JournalChartTest#environments")
    @DisplayName("mounts the Redis password read-only as the file /etc/redis-passwd/passwd")
    void mountsRedisPasswordFile(Environment environment) {
      String secret = environment.layers().contains("prod") ? "journal-redis-auth" : "journal-redis";
      assertThat(journal(environment)).deployment("journal-frontend").container("frontend")
          .mountsSecretKeyAsFile("/etc/redis-passwd/passwd", secret, "redis-password")
          .hasEnv("REDIS_PASSWORD_FILE", "/etc/redis-passwd/passwd");
    }

    @Test
    @DisplayName("takes the password from a CSI secrets-store volume when asked")
    void mountsCsiSecretsStore() {
      RenderedRelease release = RenderCommand.chart(ChartMatrix.LAYOUT.chart("journal")).withReleaseName("journal").withNamespace("journal")
          .set("frontend.redis.passwordSource", "csi").set("frontend.redis.csi.secretProviderClass", "journal-redis").call();
      assertThat(release).deployment("journal-frontend").container("frontend").mountsCsiVolumeAt("/etc/redis-passwd", "secrets-store.csi.k8s.io");
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.JournalChartTest#environments")
    @DisplayName("serves the API on a ClusterIP Service port 8080 with an immutable image and probes")
    void servesOn8080(Environment environment) {
      RenderedRelease release = journal(environment);
      assertThat(release).service("journal-frontend").hasType("ClusterIP").hasPort(8080, "http");
      assertThat(release).deployment("journal-frontend").container("frontend")
          .hasPort("http", 8080).hasImmutableImage().hasHttpReadinessProbe().hasHttpLivenessProbe().hasRequestsAndLimits();
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.JournalChartTest#environments")
    @DisplayName("requests exactly its limits everywhere but dev, which asks for less")
    void requestsEqualLimitsOutsideDev(Environment environment) {
      var frontend = assertThat(journal(environment)).deployment("journal-frontend").container("frontend");
      if (environment.name().equals("dev")) {
        frontend.requests("cpu", "50m");
      } else {
        frontend.hasRequestsEqualToLimits();
      }
    }
  }

  @Nested
  @DisplayName("redis")
  class Redis {

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.JournalChartTest#environments")
    @DisplayName("is a StatefulSet governed by a headless Service, with a separate read Service")
    void headlessGoverningService(Environment environment) {
      RenderedRelease release = journal(environment);
      assertThat(release).statefulSet("journal-redis").isGovernedByHeadlessService("journal-redis-headless");
      assertThat(release).service("journal-redis").isNotHeadless().hasType("ClusterIP").hasPort(6379, "redis");
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.JournalChartTest#environments")
    @DisplayName("launches master on pod 0 and replicas of redis-0.<headless> from a ConfigMap script, both with the password")
    void launchScriptDecidesRole(Environment environment) {
      RenderedRelease release = journal(environment);
      assertThat(release).configMap("journal-redis-scripts")
          .hasEntryContaining("start.sh", "journal-redis-0.journal-redis-headless")
          .hasEntryContaining("start.sh", "--replicaof")
          .hasEntryContaining("start.sh", "--requirepass")
          .hasEntryContaining("start.sh", "--masterauth")
          .hasEntryContaining("start.sh", "/etc/redis-passwd/passwd");
      assertThat(release).statefulSet("journal-redis").container("redis").mountsAt("/scripts");
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.JournalChartTest#environments")
    @DisplayName("gives every pod its own ReadWriteOnce claim at /data")
    void claimPerPod(Environment environment) {
      RenderedRelease release = journal(environment);
      String size = environment.name().equals("dev") ? "1Gi" : "8Gi";
      assertThat(release).statefulSet("journal-redis").hasVolumeClaimTemplate("data", size, "ReadWriteOnce")
          .container("redis").mountsAt("/data");
    }

    @Test
    @DisplayName("generates its password into a Secret when none is given")
    void generatesPassword() {
      assertThat(journal(Environment.DEFAULTS)).secret("journal-redis").hasExactlyKeys("redis-password").hasNonEmptyValues();
    }

    @Test
    @DisplayName("uses an existing Secret instead of generating one")
    void usesExistingSecret() {
      RenderedRelease release = RenderCommand.chart(ChartMatrix.LAYOUT.chart("journal")).withReleaseName("journal").withNamespace("journal")
          .set("global.existingSecret", "my-redis").call();
      assertThat(release).doesNotHaveObject(Secret.class, "journal-redis");
      assertThat(release).statefulSet("journal-redis").container("redis").mountsSecretKeyAsFile("/etc/redis-passwd/passwd", "my-redis", "redis-password");
      assertThat(release).deployment("journal-frontend").container("frontend").mountsSecretKeyAsFile("/etc/redis-passwd/passwd", "my-redis", "redis-password");
    }
  }

  @Nested
  @DisplayName("fileserver")
  class Fileserver {

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.JournalChartTest#environments")
    @DisplayName("serves a real default page from chart content on Service port 80")
    void servesDefaultPage(Environment environment) {
      RenderedRelease release = journal(environment);
      assertThat(release).configMap("journal-fileserver-content").hasEntryContaining("index.html", "<html");
      assertThat(release).service("journal-fileserver").hasType("ClusterIP").hasPort(80, "http");
      assertThat(release).deployment("journal-fileserver").container("fileserver").mountsAt("/usr/share/nginx/html").hasHttpReadinessProbe();
    }
  }

  @Nested
  @DisplayName("Ingress")
  class Ingress {

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.JournalChartTest#environments")
    @DisplayName("routes /api to frontend:8080 and everything else to fileserver:80 on the environment's host")
    void routesApiAndStatic(Environment environment) {
      RenderedRelease release = journal(environment);
      String host = JournalEnvironment.of(environment).host();
      assertThat(release).ingress("journal").hasClassName(JournalEnvironment.of(environment).ingressClass());
      assertThat(release).ingress("journal").routes(host, "/api/entries").toService("journal-frontend", 8080);
      assertThat(release).ingress("journal").routes(host, "/api").toService("journal-frontend", 8080);
      assertThat(release).ingress("journal").routes(host, "/").toService("journal-fileserver", 80);
      assertThat(release).ingress("journal").routes(host, "/apidocs").toService("journal-fileserver", 80);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.JournalChartTest#environments")
    @DisplayName("terminates TLS through cert-manager where the environment asks, and not in dev")
    void tlsPerEnvironment(Environment environment) {
      RenderedRelease release = journal(environment);
      JournalEnvironment expected = JournalEnvironment.of(environment);
      if (expected.clusterIssuer() == null) {
        assertThat(release).ingress("journal").hasNoTls().doesNotHaveAnnotation("cert-manager.io/cluster-issuer");
      } else {
        assertThat(release).ingress("journal").hasTlsFor(expected.host(), expected.host() + "-tls")
            .hasAnnotation("cert-manager.io/cluster-issuer", expected.clusterIssuer());
      }
    }
  }

  @Nested
  @DisplayName("availability")
  class Availability {

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.JournalChartTest#environments")
    @DisplayName("runs the environment's replica counts, with a PodDisruptionBudget wherever there is more than one")
    void replicasAndBudgets(Environment environment) {
      RenderedRelease release = journal(environment);
      JournalEnvironment expected = JournalEnvironment.of(environment);
      assertThat(release).deployment("journal-frontend").hasReplicas(expected.frontendReplicas());
      assertThat(release).statefulSet("journal-redis").hasReplicas(expected.redisReplicas());
      assertThat(release).deployment("journal-fileserver").hasReplicas(expected.fileserverReplicas());
      for (String workload : new String[] {"journal-frontend", "journal-redis", "journal-fileserver"}) {
        int replicas = release.workloads().stream().filter(w -> w.object().name().equals(workload)).findFirst().orElseThrow().replicas();
        if (replicas > 1) {
          assertThat(release).hasPodDisruptionBudgetFor(workload);
        } else {
          assertThat(release).hasNoPodDisruptionBudgetFor(workload);
        }
      }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.JournalChartTest#environments")
    @DisplayName("sizes the frontend at 1 CPU / 1G with requests equal to limits in production")
    void productionSizing(Environment environment) {
      if (!environment.layers().contains("prod")) {
        return;
      }
      assertThat(journal(environment)).deployment("journal-frontend").container("frontend")
          .requests("cpu", "1").requests("memory", "1G").hasRequestsEqualToLimits();
    }

    @Test
    @DisplayName("puts redis data on gp2 in the eks overlay and on the default class elsewhere")
    void storageClassPerEnvironment() {
      assertThat(journal(ChartMatrix.environment("eks"))).statefulSet("journal-redis").volumeClaimTemplate("data").hasStorageClass("gp2");
      assertThat(journal(ChartMatrix.environment("prod"))).statefulSet("journal-redis").volumeClaimTemplate("data").hasStorageClass(null);
      assertThat(ChartMatrix.render("journal", Environment.DEFAULTS).all(StatefulSet.class)).hasSize(1);
    }
  }

  /** What each environment promises for journal (values/&lt;env&gt;/journal.yaml). */
  record JournalEnvironment(String host, String ingressClass, String clusterIssuer, int frontendReplicas, int redisReplicas, int fileserverReplicas) {
    static JournalEnvironment of(Environment environment) {
      return switch (environment.name()) {
        case "dev" -> new JournalEnvironment("journal.localtest.me", "traefik", null, 1, 1, 1);
        case "canary" -> new JournalEnvironment("journal-canary.example.com", "nginx", "letsencrypt-staging", 2, 3, 2);
        case "prod", "eks" -> new JournalEnvironment("journal.example.com", "nginx", "letsencrypt-prod", 3, 3, 2);
        default -> new JournalEnvironment("journal.local", null, null, 1, 1, 1);
      };
    }
  }
}
