package dev.chartharness.assertj;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/** Assertions over a Service. */
public class ServiceAssert extends AbstractAssert<ServiceAssert, Service> {

  ServiceAssert(Service actual) {
    super(actual, ServiceAssert.class);
  }

  private String where() {
    return "Service " + actual.getMetadata().getName();
  }

  public ServiceAssert hasType(String type) {
    String actualType = Optional.ofNullable(actual.getSpec().getType()).orElse("ClusterIP");
    if (!type.equals(actualType)) {
      failWithMessage("Expecting %s to be of type %s but it is %s", where(), type, actualType);
    }
    return this;
  }

  public ServiceAssert isHeadless() {
    if (!"None".equals(actual.getSpec().getClusterIP())) {
      failWithMessage("Expecting %s to be headless (clusterIP: None) but clusterIP is %s", where(), actual.getSpec().getClusterIP());
    }
    return this;
  }

  public ServiceAssert isNotHeadless() {
    if ("None".equals(actual.getSpec().getClusterIP())) {
      failWithMessage("Expecting %s to have a cluster IP but it is headless", where());
    }
    return this;
  }

  /** A port {@code port} forwarding to {@code targetPort} (a number or a container port name). */
  public ServiceAssert hasPort(int port, String targetPort) {
    List<ServicePort> ports = Optional.ofNullable(actual.getSpec().getPorts()).orElse(List.of());
    boolean found = ports.stream().anyMatch(candidate -> candidate.getPort() == port && candidate.getTargetPort() != null
        && targetPort.equals(candidate.getTargetPort().getIntVal() != null ? String.valueOf(candidate.getTargetPort().getIntVal()) : candidate.getTargetPort().getStrVal()));
    if (!found) {
      failWithMessage("Expecting %s to forward port %d to %s but its ports are %s", where(), port, targetPort,
          ports.stream().map(p -> p.getPort() + "->" + p.getTargetPort()).toList());
    }
    return this;
  }

  public ServiceAssert hasAnnotation(String key, String value) {
    Map<String, String> annotations = Optional.ofNullable(actual.getMetadata().getAnnotations()).orElse(Map.of());
    if (!value.equals(annotations.get(key))) {
      failWithMessage("Expecting %s to carry annotation %s=%s but it has %s", where(), key, value, annotations);
    }
    return this;
  }

  public ServiceAssert hasNoAnnotationsStartingWith(String prefix) {
    Map<String, String> annotations = Optional.ofNullable(actual.getMetadata().getAnnotations()).orElse(Map.of());
    List<String> found = annotations.keySet().stream().filter(key -> key.startsWith(prefix)).toList();
    if (!found.isEmpty()) {
      failWithMessage("Expecting %s to carry no %s* annotations but it has %s", where(), prefix, found);
    }
    return this;
  }
}
