package dev.chartharness.validate;

import dev.chartharness.render.RenderedRelease;
import dev.chartharness.render.Workload;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * References between the objects of a release: selectors to pods, ports to container ports,
 * Ingress backends to Services, a StatefulSet to its headless Service, volumes and env to
 * ConfigMaps, Secrets, claims and their keys. A reference to an object outside the release is a
 * warning that names it (it must exist before install); a broken reference inside it is an error.
 */
public final class ReferenceCheck implements Check {

  @Override
  public String rule() {
    return "references";
  }

  @Override
  public List<Finding> check(RenderedRelease release, Policy policy) {
    List<Finding> findings = new ArrayList<>();
    for (Service service : release.all(Service.class)) {
      checkService(release, service, findings);
    }
    for (Ingress ingress : release.all(Ingress.class)) {
      checkIngress(release, ingress, findings);
    }
    for (PodDisruptionBudget budget : release.all(PodDisruptionBudget.class)) {
      Map<String, String> selector = budget.getSpec().getSelector() == null ? null : budget.getSpec().getSelector().getMatchLabels();
      if (selectedWorkloads(release, selector).isEmpty()) {
        findings.add(Finding.error(rule(), release.objectOf(budget).id(), "spec.selector.matchLabels", selector + " selects no pod template of the release"));
      }
    }
    for (Workload workload : release.workloads()) {
      checkPod(release, workload, findings);
      if (workload.object().resource() instanceof StatefulSet statefulSet) {
        checkGoverningService(release, workload, statefulSet, findings);
      }
    }
    return findings;
  }

  private void checkService(RenderedRelease release, Service service, List<Finding> findings) {
    String id = release.objectOf(service).id();
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector == null || selector.isEmpty() || "ExternalName".equals(service.getSpec().getType())) {
      return;
    }
    List<Workload> selected = selectedWorkloads(release, selector);
    if (selected.isEmpty()) {
      findings.add(Finding.error(rule(), id, "spec.selector", selector + " selects no pod template of the release; the Service would have no endpoints"));
      return;
    }
    for (ServicePort port : Optional.ofNullable(service.getSpec().getPorts()).orElse(List.of())) {
      IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
      for (Workload workload : selected) {
        if (workload.runsToCompletion()) {
          continue;
        }
        if (!declaresPort(workload.template().getSpec().getContainers(), target)) {
          findings.add(Finding.error(rule(), id, "spec.ports[" + (port.getName() != null ? port.getName() : port.getPort()) + "].targetPort",
              "targets " + show(target) + " but " + workload.object().id() + " has no container port " + show(target)
                  + "; its ports are " + containerPorts(workload.template().getSpec().getContainers())));
        }
      }
    }
  }

  private void checkIngress(RenderedRelease release, Ingress ingress, List<Finding> findings) {
    String id = release.objectOf(ingress).id();
    if (ingress.getSpec().getDefaultBackend() != null) {
      checkBackend(release, id, "spec.defaultBackend", ingress.getSpec().getDefaultBackend(), findings);
    }
    for (IngressRule rule : Optional.ofNullable(ingress.getSpec().getRules()).orElse(List.of())) {
      if (rule.getHttp() == null) {
        continue;
      }
      for (HTTPIngressPath path : rule.getHttp().getPaths()) {
        String field = "spec.rules[" + Optional.ofNullable(rule.getHost()).orElse("*") + "].http.paths[" + path.getPath() + "].backend";
        checkBackend(release, id, field, path.getBackend(), findings);
      }
    }
    for (IngressTLS tls : Optional.ofNullable(ingress.getSpec().getTls()).orElse(List.of())) {
      if (tls.getSecretName() != null && release.find(Secret.class, tls.getSecretName()).isEmpty()) {
        findings.add(Finding.warning(rule(), id, "spec.tls[" + tls.getSecretName() + "].secretName",
            "Secret " + tls.getSecretName() + " is not part of the release: it must exist, or be issued (cert-manager), for TLS to work"));
      }
    }
  }

  private void checkBackend(RenderedRelease release, String id, String field, IngressBackend backend, List<Finding> findings) {
    if (backend == null || backend.getService() == null) {
      return;
    }
    String name = backend.getService().getName();
    Optional<Service> service = release.find(Service.class, name);
    if (service.isEmpty()) {
      findings.add(Finding.error(rule(), id, field + ".service.name", "Service " + name + " is not part of the release; its Services are "
          + release.all(Service.class).stream().map(s -> s.getMetadata().getName()).toList()));
      return;
    }
    var port = backend.getService().getPort();
    List<ServicePort> ports = Optional.ofNullable(service.get().getSpec().getPorts()).orElse(List.of());
    boolean found = port != null && ports.stream().anyMatch(candidate -> (port.getNumber() != null && port.getNumber().equals(candidate.getPort()))
        || (port.getName() != null && port.getName().equals(candidate.getName())));
    if (!found) {
      findings.add(Finding.error(rule(), id, field + ".service.port", "Service " + name + " has no port "
          + (port == null ? "(none given)" : port.getNumber() != null ? port.getNumber() : port.getName())
          + "; it exposes " + ports.stream().map(p -> p.getName() == null ? String.valueOf(p.getPort()) : p.getName() + "=" + p.getPort()).toList()));
    }
  }

  private void checkGoverningService(RenderedRelease release, Workload workload, StatefulSet statefulSet, List<Finding> findings) {
    String name = statefulSet.getSpec().getServiceName();
    String id = workload.object().id();
    if (name == null || name.isEmpty()) {
      findings.add(Finding.error(rule(), id, "spec.serviceName", "is empty; a StatefulSet needs a headless Service for stable pod DNS names"));
      return;
    }
    Optional<Service> service = release.find(Service.class, name);
    if (service.isEmpty()) {
      findings.add(Finding.error(rule(), id, "spec.serviceName", "Service " + name + " is not part of the release"));
      return;
    }
    if (!"None".equals(service.get().getSpec().getClusterIP())) {
      findings.add(Finding.error(rule(), id, "spec.serviceName", "Service " + name
          + " is not headless (clusterIP: None), so <pod>." + name + " does not resolve to each pod"));
    }
    if (!Selectors.matches(service.get().getSpec().getSelector(), workload.template().getMetadata().getLabels())) {
      findings.add(Finding.error(rule(), id, "spec.serviceName", "Service " + name + " does not select this StatefulSet's pods"));
    }
  }

  private void checkPod(RenderedRelease release, Workload workload, List<Finding> findings) {
    String id = workload.object().id();
    PodSpec spec = workload.template().getSpec();
    String prefix = workload.podSpecPath();
    Set<String> volumes = new HashSet<>();
    for (Volume volume : Optional.ofNullable(spec.getVolumes()).orElse(List.of())) {
      volumes.add(volume.getName());
      String field = prefix + ".volumes[" + volume.getName() + "]";
      if (volume.getConfigMap() != null) {
        checkKeys(release, id, field + ".configMap", ConfigMap.class, volume.getConfigMap().getName(), volume.getConfigMap().getItems(), volume.getConfigMap().getOptional(), findings);
      }
      if (volume.getSecret() != null) {
        checkKeys(release, id, field + ".secret", Secret.class, volume.getSecret().getSecretName(), volume.getSecret().getItems(), volume.getSecret().getOptional(), findings);
      }
      if (volume.getProjected() != null) {
        for (VolumeProjection source : Optional.ofNullable(volume.getProjected().getSources()).orElse(List.of())) {
          if (source.getConfigMap() != null) {
            checkKeys(release, id, field + ".projected.configMap", ConfigMap.class, source.getConfigMap().getName(), source.getConfigMap().getItems(), source.getConfigMap().getOptional(), findings);
          }
          if (source.getSecret() != null) {
            checkKeys(release, id, field + ".projected.secret", Secret.class, source.getSecret().getName(), source.getSecret().getItems(), source.getSecret().getOptional(), findings);
          }
        }
      }
      if (volume.getPersistentVolumeClaim() != null && release.find(PersistentVolumeClaim.class, volume.getPersistentVolumeClaim().getClaimName()).isEmpty()) {
        findings.add(Finding.warning(rule(), id, field + ".persistentVolumeClaim.claimName", "PersistentVolumeClaim "
            + volume.getPersistentVolumeClaim().getClaimName() + " is not part of the release: it must exist before install"));
      }
    }
    if (workload.object().resource() instanceof StatefulSet statefulSet) {
      Optional.ofNullable(statefulSet.getSpec().getVolumeClaimTemplates()).orElse(List.of()).forEach(claim -> volumes.add(claim.getMetadata().getName()));
    }
    for (Workload.PodContainer podContainer : workload.containers()) {
      Container container = podContainer.container();
      String path = podContainer.path();
      for (VolumeMount mount : Optional.ofNullable(container.getVolumeMounts()).orElse(List.of())) {
        if (!volumes.contains(mount.getName())) {
          findings.add(Finding.error(rule(), id, path + ".volumeMounts[" + mount.getMountPath() + "].name",
              "volume " + mount.getName() + " is not defined in the pod; volumes are " + volumes));
        }
      }
      for (EnvVar env : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
        if (env.getValueFrom() == null) {
          continue;
        }
        String field = path + ".env[" + env.getName() + "].valueFrom";
        var configMapKey = env.getValueFrom().getConfigMapKeyRef();
        if (configMapKey != null) {
          checkKeys(release, id, field + ".configMapKeyRef", ConfigMap.class, configMapKey.getName(),
              List.of(new KeyToPath(configMapKey.getKey(), null, configMapKey.getKey(), null)), configMapKey.getOptional(),
              key -> field + ".configMapKeyRef.key", findings);
        }
        var secretKey = env.getValueFrom().getSecretKeyRef();
        if (secretKey != null) {
          checkKeys(release, id, field + ".secretKeyRef", Secret.class, secretKey.getName(),
              List.of(new KeyToPath(secretKey.getKey(), null, secretKey.getKey(), null)), secretKey.getOptional(),
              key -> field + ".secretKeyRef.key", findings);
        }
      }
      for (EnvFromSource source : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
        if (source.getConfigMapRef() != null) {
          checkKeys(release, id, path + ".envFrom.configMapRef", ConfigMap.class, source.getConfigMapRef().getName(), null, source.getConfigMapRef().getOptional(), findings);
        }
        if (source.getSecretRef() != null) {
          checkKeys(release, id, path + ".envFrom.secretRef", Secret.class, source.getSecretRef().getName(), null, source.getSecretRef().getOptional(), findings);
        }
      }
      checkProbe(id, path + ".startupProbe", container, container.getStartupProbe(), findings);
      checkProbe(id, path + ".readinessProbe", container, container.getReadinessProbe(), findings);
      checkProbe(id, path + ".livenessProbe", container, container.getLivenessProbe(), findings);
    }
  }

  private void checkProbe(String id, String field, Container container, Probe probe, List<Finding> findings) {
    if (probe == null) {
      return;
    }
    IntOrString port = probe.getHttpGet() != null ? probe.getHttpGet().getPort() : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort() : null;
    if (port != null && port.getStrVal() != null && !declaresPort(List.of(container), port)) {
      findings.add(Finding.error(rule(), id, field + (probe.getHttpGet() != null ? ".httpGet.port" : ".tcpSocket.port"),
          "port " + port.getStrVal() + " is not a port of container " + container.getName() + "; its ports are " + containerPorts(List.of(container))));
    }
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> void checkKeys(RenderedRelease release, String id, String field, Class<T> type,
      String name, List<KeyToPath> items, Boolean optional, List<Finding> findings) {
    checkKeys(release, id, field, type, name, items, optional, key -> field + ".items[" + key + "]", findings);
  }

  /** {@code keyField} is where a missing key is written: {@code items[key]} in a volume, {@code key} in a key reference. */
  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> void checkKeys(RenderedRelease release, String id, String field, Class<T> type,
      String name, List<KeyToPath> items, Boolean optional, java.util.function.UnaryOperator<String> keyField, List<Finding> findings) {
    Optional<T> target = release.find(type, name);
    if (target.isEmpty()) {
      if (!Boolean.TRUE.equals(optional)) {
        findings.add(Finding.warning(rule(), id, field, type.getSimpleName() + " " + name + " is not part of the release: it must exist before install"
            + (items == null || items.isEmpty() ? "" : " with keys " + items.stream().map(KeyToPath::getKey).toList())));
      }
      return;
    }
    Set<String> keys = new HashSet<>();
    if (target.get() instanceof ConfigMap configMap) {
      keys.addAll(Optional.ofNullable(configMap.getData()).orElse(Map.of()).keySet());
      keys.addAll(Optional.ofNullable(configMap.getBinaryData()).orElse(Map.of()).keySet());
    } else if (target.get() instanceof Secret secret) {
      keys.addAll(Optional.ofNullable(secret.getData()).orElse(Map.of()).keySet());
      keys.addAll(Optional.ofNullable(secret.getStringData()).orElse(Map.of()).keySet());
    }
    for (KeyToPath item : Optional.ofNullable(items).orElse(List.of())) {
      if (!keys.contains(item.getKey()) && !Boolean.TRUE.equals(optional)) {
        findings.add(Finding.error(rule(), id, keyField.apply(item.getKey()), type.getSimpleName() + " " + name
            + " has no key " + item.getKey() + "; its keys are " + new java.util.TreeSet<>(keys)));
      }
    }
  }

  private static List<Workload> selectedWorkloads(RenderedRelease release, Map<String, String> selector) {
    return release.workloads().stream().filter(workload -> Selectors.matches(selector, workload.template().getMetadata().getLabels())).toList();
  }

  private static boolean declaresPort(List<Container> containers, IntOrString port) {
    for (Container container : Optional.ofNullable(containers).orElse(List.of())) {
      for (ContainerPort candidate : Optional.ofNullable(container.getPorts()).orElse(List.of())) {
        if (port.getIntVal() != null ? port.getIntVal().equals(candidate.getContainerPort()) : port.getStrVal().equals(candidate.getName())) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<String> containerPorts(List<Container> containers) {
    List<String> ports = new ArrayList<>();
    for (Container container : Optional.ofNullable(containers).orElse(List.of())) {
      for (ContainerPort port : Optional.ofNullable(container.getPorts()).orElse(List.of())) {
        ports.add((port.getName() == null ? "" : port.getName() + "=") + port.getContainerPort());
      }
    }
    return ports;
  }

  private static String show(IntOrString port) {
    return port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
  }
}
