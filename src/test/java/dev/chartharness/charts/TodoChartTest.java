package dev.chartharness.charts;

import static dev.chartharness.assertj.ChartAssertions.assertThat;

import dev.chartharness.render.Environment;
import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.RenderedRelease;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("todo: todobackend + migrations Job + mysql, as SPEC.md describes them")
class TodoChartTest {

  static Stream<Environment> environments() {
    return ChartMatrix.environments();
  }

  private static RenderedRelease todo(Environment environment) {
    return ChartMatrix.render("todo", environment);
  }

  private static String secretName(Environment environment) {
    return environment.layers().contains("prod") ? "todo-secrets-prod" : "todo-secrets";
  }

  @Nested
  @DisplayName("todobackend")
  class Todobackend {

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.TodoChartTest#environments")
    @DisplayName("runs uwsgi with the release settings and probes on 8000")
    void runsUwsgi(Environment environment) {
      assertThat(todo(environment)).deployment("todo-todobackend").container("todobackend")
          .runs("uwsgi", "--http=0.0.0.0:8000", "--module=todobackend.wsgi", "--master", "--die-on-term",
              "--processes=4", "--threads=2", "--check-static=/public", "--add-header=Connection: close")
          .hasEnv("DJANGO_SETTINGS_MODULE", "todobackend.settings_release")
          .hasPort("http", 8000).hasHttpReadinessProbe().hasHttpLivenessProbe().hasImmutableImage();
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.TodoChartTest#environments")
    @DisplayName("collects static files in an init container into an emptyDir at /public shared with the app, fsGroup 1000")
    void collectsStatic(Environment environment) {
      RenderedRelease release = todo(environment);
      assertThat(release).deployment("todo-todobackend").hasFsGroup(1000)
          .initContainer("collectstatic").runs("python3", "manage.py", "collectstatic", "--no-input").mountsEmptyDirAt("/public");
      assertThat(release).deployment("todo-todobackend").container("todobackend").mountsEmptyDirAt("/public");
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.TodoChartTest#environments")
    @DisplayName("mounts only MYSQL_PASSWORD and SECRET_KEY as files at /tmp/secrets and points at the database")
    void secretsAsFiles(Environment environment) {
      assertThat(todo(environment)).deployment("todo-todobackend").container("todobackend")
          .mountsSecretKeysAt("/tmp/secrets", secretName(environment), "MYSQL_PASSWORD", "SECRET_KEY")
          .hasEnv("SECRETS_ROOT", "/tmp/secrets").hasEnv("MYSQL_HOST", "todo-mysql").hasEnv("MYSQL_USER", "todo");
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.TodoChartTest#environments")
    @DisplayName("exposes port 80 -> 8000 as the environment's Service type, with quoted ELB annotations on eks")
    void servicePerEnvironment(Environment environment) {
      String type = switch (environment.name()) {
        case "dev", "eks" -> "LoadBalancer";
        default -> "ClusterIP";
      };
      var service = assertThat(todo(environment)).service("todo-todobackend").hasType(type).hasPort(80, "http");
      if (environment.name().equals("eks")) {
        service.hasAnnotation("service.beta.kubernetes.io/aws-load-balancer-backend-protocol", "http")
            .hasAnnotation("service.beta.kubernetes.io/aws-load-balancer-connection-draining-enabled", "true")
            .hasAnnotation("service.beta.kubernetes.io/aws-load-balancer-connection-draining-timeout", "60");
      } else {
        service.hasNoAnnotationsStartingWith("service.beta.kubernetes.io/aws-load-balancer");
      }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.TodoChartTest#environments")
    @DisplayName("is reachable through an Ingress with cert-manager TLS in canary and prod only")
    void ingressPerEnvironment(Environment environment) {
      RenderedRelease release = todo(environment);
      switch (environment.name()) {
        case "canary" -> assertThat(release).ingress("todo-todobackend").routes("todo-canary.example.com", "/todos")
            .toService("todo-todobackend", "http");
        case "prod" -> assertThat(release).ingress("todo-todobackend").hasTlsFor("todo.example.com", "todo.example.com-tls")
            .hasAnnotation("cert-manager.io/cluster-issuer", "letsencrypt-prod")
            .routes("todo.example.com", "/todos").toService("todo-todobackend", "http");
        default -> assertThat(release).hasNoObjectsOfKind(Ingress.class);
      }
    }
  }

  @Nested
  @DisplayName("migrations Job")
  class Migrations {

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.TodoChartTest#environments")
    @DisplayName("migrates once per install and upgrade as a Helm hook, cleaning old runs")
    void migratesAsHook(Environment environment) {
      assertThat(todo(environment)).job("todo-todobackend-migrate")
          .hasAnnotation("helm.sh/hook", "post-install,post-upgrade")
          .hasAnnotation("helm.sh/hook-delete-policy", "before-hook-creation")
          .hasRestartPolicy("Never").hasBackoffLimit()
          .container("migrate").runs("python3", "manage.py", "migrate", "--no-input")
          .hasEnv("DJANGO_SETTINGS_MODULE", "todobackend.settings_release")
          .mountsSecretKeysAt("/tmp/secrets", secretName(environment), "MYSQL_PASSWORD", "SECRET_KEY");
    }
  }

  @Nested
  @DisplayName("mysql")
  class Mysql {

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.TodoChartTest#environments")
    @DisplayName("answers on a headless Service port 3306 and probes itself with a local client")
    void headlessAndProbed(Environment environment) {
      RenderedRelease release = todo(environment);
      assertThat(release).service("todo-mysql").isHeadless().hasPort(3306, "mysql");
      assertThat(release).deployment("todo-mysql").container("mysql").hasExecLivenessProbeRunning("mysql");
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.TodoChartTest#environments")
    @DisplayName("reads only its two passwords from mounted files")
    void passwordFiles(Environment environment) {
      assertThat(todo(environment)).deployment("todo-mysql").container("mysql")
          .mountsSecretKeysAt("/tmp/secrets", secretName(environment), "MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD")
          .hasEnv("MYSQL_PASSWORD_FILE", "/tmp/secrets/MYSQL_PASSWORD")
          .hasEnv("MYSQL_ROOT_PASSWORD_FILE", "/tmp/secrets/MYSQL_ROOT_PASSWORD")
          .hasEnv("MYSQL_USER", "todo").hasEnv("MYSQL_DATABASE", "todobackend");
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("dev.chartharness.charts.TodoChartTest#environments")
    @DisplayName("keeps its data on a ReadWriteOnce claim at /var/lib/mysql that survives uninstall")
    void persistentData(Environment environment) {
      RenderedRelease release = todo(environment);
      assertThat(release).deployment("todo-mysql").container("mysql").mountsClaimAt("/var/lib/mysql", "todo-mysql-data");
      assertThat(release).persistentVolumeClaim("todo-mysql-data").hasAccessMode("ReadWriteOnce").isKeptOnUninstall();
    }

    @Test
    @DisplayName("requests 8Gi on the default storage class unless the environment names one")
    void defaultClaim() {
      assertThat(todo(Environment.DEFAULTS)).persistentVolumeClaim("todo-mysql-data").requestsStorage("8Gi").hasStorageClass(null);
      assertThat(todo(ChartMatrix.environment("prod"))).persistentVolumeClaim("todo-mysql-data").requestsStorage("8Gi");
    }

    @Test
    @DisplayName("puts the data on a retained gp2 EBS StorageClass in the eks overlay, and on the default class elsewhere")
    void storageClassPerEnvironment() {
      RenderedRelease eks = todo(ChartMatrix.environment("eks"));
      assertThat(eks).persistentVolumeClaim("todo-mysql-data").hasStorageClass("todo-gp2");
      StorageClass gp2 = eks.get(StorageClass.class, "todo-gp2");
      org.assertj.core.api.Assertions.assertThat(gp2.getProvisioner()).isIn("kubernetes.io/aws-ebs", "ebs.csi.aws.com");
      org.assertj.core.api.Assertions.assertThat(gp2.getParameters()).containsEntry("type", "gp2");
      org.assertj.core.api.Assertions.assertThat(gp2.getReclaimPolicy()).isEqualTo("Retain");
      for (String environment : new String[] {"dev", "canary", "prod"}) {
        assertThat(todo(ChartMatrix.environment(environment))).hasNoObjectsOfKind(StorageClass.class)
            .persistentVolumeClaim("todo-mysql-data").hasStorageClass(null);
      }
    }

    @Test
    @DisplayName("mounts an existing claim instead of creating one")
    void existingClaim() {
      RenderedRelease release = RenderCommand.chart(ChartMatrix.LAYOUT.chart("todo")).withReleaseName("todo").withNamespace("todo")
          .set("mysql.persistence.existingClaim", "precious-data").call();
      assertThat(release).doesNotHaveObject(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class, "todo-mysql-data");
      assertThat(release).deployment("todo-mysql").container("mysql").mountsClaimAt("/var/lib/mysql", "precious-data");
    }
  }

  @Nested
  @DisplayName("the application Secret")
  class Secrets {

    @Test
    @DisplayName("holds MYSQL_PASSWORD, MYSQL_ROOT_PASSWORD and SECRET_KEY, generated when not given")
    void generated() {
      assertThat(todo(Environment.DEFAULTS)).secret("todo-secrets")
          .hasExactlyKeys("MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD", "SECRET_KEY").hasNonEmptyValues();
    }

    @Test
    @DisplayName("is taken from an existing Secret in production, and none is rendered")
    void existingInProduction() {
      RenderedRelease release = todo(ChartMatrix.environment("prod"));
      assertThat(release).hasNoObjectsOfKind(Secret.class);
    }
  }
}
