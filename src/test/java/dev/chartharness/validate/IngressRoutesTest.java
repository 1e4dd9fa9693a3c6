package dev.chartharness.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("IngressRoutes resolves requests as networking.k8s.io/v1 defines")
class IngressRoutesTest {

  private static final Ingress INGRESS = new IngressBuilder()
      .withNewMetadata().withName("site").endMetadata()
      .withNewSpec()
      .withNewDefaultBackend().withNewService().withName("fallback").withNewPort().withNumber(80).endPort().endService().endDefaultBackend()
      .addNewRule().withHost("app.example.com").withNewHttp()
      .addNewPath().withPath("/").withPathType("Prefix").withNewBackend().withNewService().withName("web").withNewPort().withNumber(80).endPort().endService().endBackend().endPath()
      .addNewPath().withPath("/api").withPathType("Prefix").withNewBackend().withNewService().withName("api").withNewPort().withNumber(8080).endPort().endService().endBackend().endPath()
      .addNewPath().withPath("/api/health").withPathType("Exact").withNewBackend().withNewService().withName("health").withNewPort().withName("http").endPort().endService().endBackend().endPath()
      .endHttp().endRule()
      .addNewRule().withHost("*.wild.example.com").withNewHttp()
      .addNewPath().withPath("/").withPathType("Prefix").withNewBackend().withNewService().withName("wild").withNewPort().withNumber(80).endPort().endService().endBackend().endPath()
      .endHttp().endRule()
      .endSpec().build();

  private static String serviceFor(String host, String path) {
    return IngressRoutes.resolve(INGRESS, host, path).map(r -> r.service() + ":" + r.port()).orElse("none");
  }

  @Nested
  @DisplayName("paths")
  class Paths {
    @Test
    @DisplayName("the longest matching prefix wins")
    void longestPrefixWins() {
      assertThat(serviceFor("app.example.com", "/api/entries")).isEqualTo("api:8080");
    }

    @Test
    @DisplayName("a prefix matches whole path elements only")
    void prefixMatchesElements() {
      assertThat(serviceFor("app.example.com", "/apidocs")).isEqualTo("web:80");
    }

    @Test
    @DisplayName("an exact path beats a prefix and matches nothing else")
    void exactPath() {
      assertThat(serviceFor("app.example.com", "/api/health")).isEqualTo("health:http");
      assertThat(serviceFor("app.example.com", "/api/health/deep")).isEqualTo("api:8080");
    }
  }

  @Nested
  @DisplayName("hosts")
  class Hosts {
    @Test
    @DisplayName("a wildcard matches exactly one label")
    void wildcardOneLabel() {
      assertThat(serviceFor("a.wild.example.com", "/")).isEqualTo("wild:80");
      assertThat(serviceFor("a.b.wild.example.com", "/")).isEqualTo("fallback:80");
    }

    @Test
    @DisplayName("an unknown host falls back to the default backend")
    void defaultBackend() {
      assertThat(IngressRoutes.resolve(INGRESS, "other.example.com", "/x")).get()
          .extracting(RouteResolution::service, RouteResolution::matchedPath).containsExactly("fallback", "");
    }
  }
}
