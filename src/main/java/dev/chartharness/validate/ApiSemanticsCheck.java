package dev.chartharness.validate;

import dev.chartharness.render.RenderedObject;
import dev.chartharness.render.RenderedRelease;
import dev.chartharness.render.Workload;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** What the API server would reject although the field types are right: names, ports, selectors, restart policies, duplicates. */
public final class ApiSemanticsCheck implements Check {

  private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern IANA_SVC_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  @Override
  public String rule() {
    return "api";
  }

  @Override
  public List<Finding> check(RenderedRelease release, Policy policy) {
    List<Finding> findings = new ArrayList<>();
    for (RenderedObject object : release.objects()) {
      checkName(object, findings);
      checkLabels(object, "metadata.labels", object.resource().getMetadata().getLabels(), findings);
      if (object.resource() instanceof Service service) {
        checkService(object, service, findings);
      }
      if (object.resource() instanceof ConfigMap configMap) {
        checkKeys(object, "data", Optional.ofNullable(configMap.getData()).orElse(Map.of()).keySet(), findings);
      }
      if (object.resource() instanceof Secret secret) {
        checkKeys(object, "data", Optional.ofNullable(secret.getData()).orElse(Map.of()).keySet(), findings);
      }
    }
    for (Workload workload : release.workloads()) {
      checkSelector(workload, findings);
      checkRestartPolicy(workload, findings);
      checkPodSpec(workload, findings);
      checkLabels(workload.object(), workload.podLabelsPath(), workload.template().getMetadata().getLabels(), findings);
    }
    return findings;
  }

  private void checkName(RenderedObject object, List<Finding> findings) {
    String name = object.name();
    if (name == null || name.isEmpty()) {
      findings.add(Finding.error(rule(), object.id(), "metadata.name", "is required"));
      return;
    }
    boolean service = object.resource() instanceof Service;
    Pattern pattern = service ? DNS_1035_LABEL : DNS_1123_SUBDOMAIN;
    int max = service ? 63 : 253;
    if (name.length() > max || !pattern.matcher(name).matches()) {
      findings.add(Finding.error(rule(), object.id(), "metadata.name", "\"" + name + "\" is not a valid "
          + (service ? "DNS-1035 label (lowercase letters, digits and '-', starting with a letter, at most 63)" : "DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253)")));
    }
    if (object.resource() instanceof StatefulSet && name.length() > 52) {
      findings.add(Finding.error(rule(), object.id(), "metadata.name", "StatefulSet names longer than 52 characters leave no room for the controller-revision-hash label"));
    }
  }

  private void checkLabels(RenderedObject object, String path, Map<String, String> labels, List<Finding> findings) {
    Optional.ofNullable(labels).orElse(Map.of()).forEach((key, value) -> {
      if (value != null && (value.length() > 63 || !LABEL_VALUE.matcher(value).matches())) {
        findings.add(Finding.error(rule(), object.id(), path + "." + key, "label value \"" + value + "\" must be at most 63 characters of letters, digits, '-', '_', '.', starting and ending alphanumeric"));
      }
    });
  }

  private void checkKeys(RenderedObject object, String path, Set<String> keys, List<Finding> findings) {
    for (String key : keys) {
      if (!CONFIG_KEY.matcher(key).matches()) {
        findings.add(Finding.error(rule(), object.id(), path + "." + key, "key must consist of letters, digits, '-', '_' or '.'"));
      }
    }
  }

  private void checkService(RenderedObject object, Service service, List<Finding> findings) {
    List<ServicePort> ports = Optional.ofNullable(service.getSpec().getPorts()).orElse(List.of());
    Set<String> names = new HashSet<>();
    Set<String> numbers = new HashSet<>();
    for (ServicePort port : ports) {
      String path = "spec.ports[" + (port.getName() == null ? String.valueOf(port.getPort()) : port.getName()) + "]";
      if (port.getPort() == null || port.getPort() < 1 || port.getPort() > 65535) {
        findings.add(Finding.error(rule(), object.id(), path + ".port", port.getPort() + " is not a port number (1-65535)"));
      }
      if (ports.size() > 1 && (port.getName() == null || port.getName().isEmpty())) {
        findings.add(Finding.error(rule(), object.id(), path + ".name", "is required when a Service has more than one port"));
      }
      if (port.getName() != null && !port.getName().isEmpty()
          && (port.getName().length() > 63 || !DNS_1123_LABEL.matcher(port.getName()).matches())) {
        findings.add(Finding.error(rule(), object.id(), path + ".name", "\"" + port.getName()
            + "\" is not a valid Service port name (DNS-1123 label: lowercase letters, digits and '-', at most 63)"));
      }
      if (port.getName() != null && !names.add(port.getName())) {
        findings.add(Finding.error(rule(), object.id(), path + ".name", "duplicate port name " + port.getName()));
      }
      if (port.getPort() != null && !numbers.add(port.getPort() + "/" + Optional.ofNullable(port.getProtocol()).orElse("TCP"))) {
        findings.add(Finding.error(rule(), object.id(), path + ".port", "duplicate port " + port.getPort()));
      }
      checkTargetPort(object, path + ".targetPort", port.getTargetPort(), findings);
      if (port.getNodePort() != null && (port.getNodePort() < 30000 || port.getNodePort() > 32767)) {
        findings.add(Finding.error(rule(), object.id(), path + ".nodePort", port.getNodePort() + " is outside the default node port range 30000-32767"));
      }
    }
  }

  private void checkTargetPort(RenderedObject object, String path, IntOrString target, List<Finding> findings) {
    if (target == null) {
      return;
    }
    if (target.getIntVal() != null && (target.getIntVal() < 1 || target.getIntVal() > 65535)) {
      findings.add(Finding.error(rule(), object.id(), path, target.getIntVal() + " is not a port number (1-65535)"));
    }
    if (target.getStrVal() != null) {
      checkPortName(object, path, target.getStrVal(), findings);
    }
  }

  private void checkPortName(RenderedObject object, String path, String name, List<Finding> findings) {
    if (name.length() > 15 || !IANA_SVC_NAME.matcher(name).matches() || name.contains("--") || !name.matches(".*[a-z].*")) {
      findings.add(Finding.error(rule(), object.id(), path, "\"" + name + "\" is not a valid port name (IANA_SVC_NAME: at most 15 lowercase letters, digits and single '-', with at least one letter)"));
    }
  }

  private void checkSelector(Workload workload, List<Finding> findings) {
    LabelSelector selector = null;
    Object resource = workload.object().resource();
    if (resource instanceof Deployment deployment) selector = deployment.getSpec().getSelector();
    else if (resource instanceof StatefulSet statefulSet) selector = statefulSet.getSpec().getSelector();
    else if (resource instanceof DaemonSet daemonSet) selector = daemonSet.getSpec().getSelector();
    else if (resource instanceof ReplicaSet replicaSet) selector = replicaSet.getSpec().getSelector();
    else return;
    Map<String, String> labels = workload.template().getMetadata() == null ? null : workload.template().getMetadata().getLabels();
    if (selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()) {
      if (selector == null || selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()) {
        findings.add(Finding.error(rule(), workload.object().id(), "spec.selector", "is required and must select the pod template's labels"));
      }
      return;
    }
    if (!Selectors.matches(selector.getMatchLabels(), labels)) {
      findings.add(Finding.error(rule(), workload.object().id(), "spec.selector.matchLabels",
          selector.getMatchLabels() + " does not match the pod template labels " + labels + "; the API server rejects this"));
    }
  }

  private void checkRestartPolicy(Workload workload, List<Finding> findings) {
    String policy = workload.template().getSpec().getRestartPolicy();
    if (workload.runsToCompletion()) {
      if (policy == null || policy.equals("Always")) {
        findings.add(Finding.error(rule(), workload.object().id(), workload.podSpecPath() + ".restartPolicy",
            (policy == null ? "unset (Always)" : "Always") + " is not allowed for Job pods; use Never or OnFailure"));
      }
    } else if (policy != null && !policy.equals("Always") && !(workload.object().resource() instanceof io.fabric8.kubernetes.api.model.Pod)) {
      findings.add(Finding.error(rule(), workload.object().id(), workload.podSpecPath() + ".restartPolicy", policy + " is not allowed here; only Always"));
    }
  }

  private void checkPodSpec(Workload workload, List<Finding> findings) {
    RenderedObject object = workload.object();
    PodSpec spec = workload.template().getSpec();
    String prefix = workload.podSpecPath();
    Set<String> containerNames = new HashSet<>();
    if (spec.getContainers() == null || spec.getContainers().isEmpty()) {
      findings.add(Finding.error(rule(), object.id(), prefix + ".containers", "at least one container is required"));
    }
    for (Workload.PodContainer podContainer : workload.containers()) {
      Container container = podContainer.container();
      String path = podContainer.path();
      if (container.getName() == null || !DNS_1123_LABEL.matcher(container.getName()).matches() || container.getName().length() > 63) {
        findings.add(Finding.error(rule(), object.id(), path + ".name", "\"" + container.getName() + "\" is not a valid DNS-1123 label"));
      }
      if (!containerNames.add(container.getName())) {
        findings.add(Finding.error(rule(), object.id(), path + ".name", "duplicate container name " + container.getName()));
      }
      if (container.getImage() == null || container.getImage().isBlank()) {
        findings.add(Finding.error(rule(), object.id(), path + ".image", "is required"));
      }
      Set<String> portNames = new HashSet<>();
      Set<String> portNumbers = new HashSet<>();
      for (ContainerPort port : Optional.ofNullable(container.getPorts()).orElse(List.of())) {
        String portPath = path + ".ports[" + (port.getName() != null ? port.getName() : port.getContainerPort()) + "]";
        if (port.getContainerPort() == null || port.getContainerPort() < 1 || port.getContainerPort() > 65535) {
          findings.add(Finding.error(rule(), object.id(), portPath + ".containerPort", port.getContainerPort() + " is not a port number (1-65535)"));
        }
        if (port.getName() != null) {
          checkPortName(object, portPath + ".name", port.getName(), findings);
          if (!portNames.add(port.getName())) {
            findings.add(Finding.error(rule(), object.id(), portPath + ".name", "duplicate port name " + port.getName()));
          }
        }
        if (!portNumbers.add(port.getContainerPort() + "/" + Optional.ofNullable(port.getProtocol()).orElse("TCP"))) {
          findings.add(Finding.error(rule(), object.id(), portPath + ".containerPort", "duplicate port " + port.getContainerPort()));
        }
      }
    }
    Set<String> volumeNames = new HashSet<>();
    for (Volume volume : Optional.ofNullable(spec.getVolumes()).orElse(List.of())) {
      if (!volumeNames.add(volume.getName())) {
        findings.add(Finding.error(rule(), object.id(), prefix + ".volumes[" + volume.getName() + "].name", "duplicate volume name " + volume.getName()));
      }
      if (volume.getName() == null || !DNS_1123_LABEL.matcher(volume.getName()).matches()) {
        findings.add(Finding.error(rule(), object.id(), prefix + ".volumes[" + volume.getName() + "].name", "\"" + volume.getName() + "\" is not a valid DNS-1123 label"));
      }
    }
  }
}
