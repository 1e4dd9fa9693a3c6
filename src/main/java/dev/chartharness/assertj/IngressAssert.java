package dev.chartharness.assertj;

import dev.chartharness.render.RenderedRelease;
import dev.chartharness.validate.IngressRoutes;
import dev.chartharness.validate.RouteResolution;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/** Assertions over an Ingress; {@link #routes} resolves a request the way a controller would. */
public class IngressAssert extends AbstractAssert<IngressAssert, Ingress> {

  private final RenderedRelease release;

  IngressAssert(Ingress actual, RenderedRelease release) {
    super(actual, IngressAssert.class);
    this.release = release;
  }

  private String where() {
    return "Ingress " + actual.getMetadata().getName();
  }

  /** {@code null} expects no class, so the cluster's default IngressClass applies. */
  public IngressAssert hasClassName(String className) {
    if (!java.util.Objects.equals(className, actual.getSpec().getIngressClassName())) {
      failWithMessage("Expecting %s to have ingressClassName %s but it has %s", where(), className, actual.getSpec().getIngressClassName());
    }
    return this;
  }

  /** Where a request to {@code host} and {@code path} goes. */
  public RouteAssert routes(String host, String path) {
    Optional<RouteResolution> resolution = IngressRoutes.resolve(actual, host, path);
    if (resolution.isEmpty()) {
      failWithMessage("Expecting %s to route %s%s somewhere but no rule or default backend matches", where(), host, path);
    }
    return new RouteAssert(resolution.get(), where(), release);
  }

  public IngressAssert hasTlsFor(String host, String secretName) {
    List<IngressTLS> tls = Optional.ofNullable(actual.getSpec().getTls()).orElse(List.of());
    boolean found = tls.stream().anyMatch(entry -> secretName.equals(entry.getSecretName())
        && Optional.ofNullable(entry.getHosts()).orElse(List.of()).contains(host));
    if (!found) {
      failWithMessage("Expecting %s to terminate TLS for %s with Secret %s but its tls is %s", where(), host, secretName, tls);
    }
    return this;
  }

  public IngressAssert hasNoTls() {
    if (actual.getSpec().getTls() != null && !actual.getSpec().getTls().isEmpty()) {
      failWithMessage("Expecting %s to have no tls but it has %s", where(), actual.getSpec().getTls());
    }
    return this;
  }

  public IngressAssert hasAnnotation(String key, String value) {
    Map<String, String> annotations = annotations();
    if (!value.equals(annotations.get(key))) {
      failWithMessage("Expecting %s to carry annotation %s=%s but it has %s", where(), key, value, annotations);
    }
    return this;
  }

  public IngressAssert doesNotHaveAnnotation(String key) {
    if (annotations().containsKey(key)) {
      failWithMessage("Expecting %s not to carry annotation %s but it has %s", where(), key, annotations());
    }
    return this;
  }

  private Map<String, String> annotations() {
    return Optional.ofNullable(actual.getMetadata().getAnnotations()).orElse(Map.of());
  }

  /** Assertions over where one request goes. */
  public static class RouteAssert extends AbstractAssert<RouteAssert, RouteResolution> {

    private final String ingress;
    private final RenderedRelease release;

    RouteAssert(RouteResolution actual, String ingress, RenderedRelease release) {
      super(actual, RouteAssert.class);
      this.ingress = ingress;
      this.release = release;
    }

    public RouteAssert toService(String service, int port) {
      return toService(service, String.valueOf(port));
    }

    /**
     * The backend is {@code service} at {@code port}: a number, or the Service port's name. A port the Ingress
     * names matches its number, and a number the name of the Service port that has it (the Service resolves them).
     */
    public RouteAssert toService(String service, String port) {
      if (!service.equals(actual.service()) || !samePort(service, port, actual.port())) {
        failWithMessage("Expecting %s to send %s%s to %s:%s but it goes to %s", ingress, actual.host(), actual.path(), service, port, actual);
      }
      return this;
    }

    private boolean samePort(String service, String expected, String routed) {
      if (expected.equals(routed)) {
        return true;
      }
      return release.find(Service.class, service).map(found -> Optional.ofNullable(found.getSpec().getPorts()).orElse(List.of()).stream()
          .anyMatch(port -> (expected.equals(port.getName()) || expected.equals(String.valueOf(port.getPort())))
              && (routed.equals(port.getName()) || routed.equals(String.valueOf(port.getPort()))))).orElse(false);
    }
  }
}
