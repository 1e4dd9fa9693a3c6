package dev.chartharness.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.render.RenderedObject;
import dev.chartharness.render.RenderedRelease;
import dev.chartharness.render.Workload;
import dev.chartharness.validate.RestrictedPodSecurity;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("journal and todo ship helm test pods that check what users rely on, under the restricted standard")
class HelmTestHooksTest {

  static List<RenderedObject> tests(RenderedRelease release) {
    return release.objects().stream().filter(object -> object.hook().filter("test"::equals).isPresent()).toList();
  }

  @Test
  @DisplayName("journal: API health through its Service, the fileserver's page, Redis PONG with the mounted password file")
  void journal() {
    RenderedRelease release = ChartMatrix.render("journal", ChartMatrix.environment("dev"));
    assertThat(tests(release)).extracting(RenderedObject::name).containsExactly("journal-test-api", "journal-test-fileserver", "journal-test-redis");
    Pod api = release.get(Pod.class, "journal-test-api");
    assertThat(api.getSpec().getContainers().get(0).getCommand()).containsExactly("wget", "-q", "-O", "-", "http://journal-frontend:8080/api/health");
    Pod redis = release.get(Pod.class, "journal-test-redis");
    assertThat(String.join(" ", redis.getSpec().getContainers().get(0).getCommand())).contains("redis-cli -h journal-redis -p 6379")
        .contains("$(cat /etc/redis-passwd/passwd)").contains("grep -qx PONG");
    assertThat(redis.getSpec().getVolumes().get(0).getSecret().getSecretName()).isEqualTo("journal-redis");
    assertThat(redis.getSpec().getVolumes().get(0).getSecret().getItems()).singleElement()
        .satisfies(item -> assertThat(item.getKey()).isEqualTo("redis-password"));
    assertRestricted(release);
  }

  @Test
  @DisplayName("prod: the Redis test reads the existing Secret production names")
  void journalProd() {
    RenderedRelease release = ChartMatrix.render("journal", ChartMatrix.environment("prod"));
    assertThat(release.get(Pod.class, "journal-test-redis").getSpec().getVolumes().get(0).getSecret().getSecretName()).isEqualTo("journal-redis-auth");
  }

  @Test
  @DisplayName("todo: the API lists items through its Service; MySQL opens the app's database with its user and only its password key")
  void todo() {
    RenderedRelease release = ChartMatrix.render("todo", ChartMatrix.environment("dev"));
    assertThat(tests(release)).extracting(RenderedObject::name).containsExactly("todo-test-api", "todo-test-mysql");
    assertThat(release.get(Pod.class, "todo-test-api").getSpec().getContainers().get(0).getCommand())
        .containsExactly("wget", "-q", "-O", "-", "http://todo-todobackend:80/todos");
    Pod mysql = release.get(Pod.class, "todo-test-mysql");
    assertThat(String.join(" ", mysql.getSpec().getContainers().get(0).getCommand()))
        .contains("mysqlshow -h todo-mysql -P 3306 -u todo").contains("$(cat /tmp/secrets/MYSQL_PASSWORD)").endsWith("todobackend");
    assertThat(mysql.getSpec().getVolumes().get(0).getSecret().getItems()).singleElement()
        .satisfies(item -> assertThat(item.getKey()).isEqualTo("MYSQL_PASSWORD"));
    assertRestricted(release);
  }

  @Test
  @DisplayName("tests.enabled=false ships none")
  void disabled() {
    RenderedRelease release = dev.chartharness.render.RenderCommand.chart(ChartMatrix.LAYOUT.chart("journal")).set("tests.enabled", false).call();
    assertThat(tests(release)).isEmpty();
  }

  private static void assertRestricted(RenderedRelease release) {
    for (RenderedObject test : tests(release)) {
      assertThat(RestrictedPodSecurity.violations(Workload.of(test).orElseThrow())).as("%s under the restricted standard", test.id()).isEmpty();
      Pod pod = (Pod) test.resource();
      assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
      assertThat(pod.getMetadata().getAnnotations()).containsEntry("helm.sh/hook-delete-policy", "before-hook-creation");
    }
  }
}
