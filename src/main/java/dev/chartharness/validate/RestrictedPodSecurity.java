package dev.chartharness.validate;

import dev.chartharness.render.Workload;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The "restricted" Pod Security Standard (baseline included) as a pure check over a pod spec,
 * the same rules the API server's Pod Security Admission enforces in a labelled namespace.
 */
public final class RestrictedPodSecurity {

  private static final Set<String> RESTRICTED_VOLUME_SOURCES = Set.of(
      "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret", "image");
  private static final Set<String> SECCOMP_ALLOWED = Set.of("RuntimeDefault", "Localhost");

  private RestrictedPodSecurity() {
  }

  /**
   * Every violation of the restricted standard in the workload's pod spec, each as a field path in the
   * object and what the field must be.
   */
  public static List<Violation> violations(Workload workload) {
    List<Violation> violations = new ArrayList<>();
    PodSpec spec = workload.template().getSpec();
    String prefix = workload.podSpecPath();
    PodSecurityContext pod = spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      violations.add(new Violation(prefix + ".hostNetwork", "must be unset or false"));
    }
    if (Boolean.TRUE.equals(spec.getHostPID())) {
      violations.add(new Violation(prefix + ".hostPID", "must be unset or false"));
    }
    if (Boolean.TRUE.equals(spec.getHostIPC())) {
      violations.add(new Violation(prefix + ".hostIPC", "must be unset or false"));
    }
    for (Volume volume : nullSafe(spec.getVolumes())) {
      String source = volumeSource(volume);
      if (!RESTRICTED_VOLUME_SOURCES.contains(source)) {
        violations.add(new Violation(prefix + ".volumes[" + volume.getName() + "]." + source,
            "volume type " + source + " is not allowed; use one of " + RESTRICTED_VOLUME_SOURCES));
      }
    }
    if (pod.getRunAsUser() != null && pod.getRunAsUser() == 0) {
      violations.add(new Violation(prefix + ".securityContext.runAsUser", "must not be 0 (root)"));
    }
    for (Workload.PodContainer podContainer : workload.containers()) {
      checkContainer(podContainer.container(), podContainer.path(), pod, violations);
    }
    return violations;
  }

  private static void checkContainer(Container container, String path, PodSecurityContext pod, List<Violation> violations) {
    {
      SecurityContext context = container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
      String securityPath = path + ".securityContext";
      if (Boolean.TRUE.equals(context.getPrivileged())) {
        violations.add(new Violation(securityPath + ".privileged", "must be unset or false"));
      }
      if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
        violations.add(new Violation(securityPath + ".allowPrivilegeEscalation", "must be false"));
      }
      if (!Boolean.TRUE.equals(effective(context, pod, SecurityContext::getRunAsNonRoot, PodSecurityContext::getRunAsNonRoot))) {
        violations.add(new Violation(securityPath + ".runAsNonRoot", "must be true (here or in the pod's securityContext)"));
      }
      if (context.getRunAsUser() != null && context.getRunAsUser() == 0) {
        violations.add(new Violation(securityPath + ".runAsUser", "must not be 0 (root)"));
      }
      SeccompProfile seccomp = effective(context, pod, SecurityContext::getSeccompProfile, PodSecurityContext::getSeccompProfile);
      if (seccomp == null || !SECCOMP_ALLOWED.contains(seccomp.getType())) {
        violations.add(new Violation(securityPath + ".seccompProfile.type",
            "must be RuntimeDefault or Localhost (here or in the pod's securityContext)"));
      }
      Capabilities capabilities = context.getCapabilities();
      if (capabilities == null || nullSafe(capabilities.getDrop()).stream().noneMatch("ALL"::equals)) {
        violations.add(new Violation(securityPath + ".capabilities.drop", "must contain ALL"));
      }
      if (capabilities != null) {
        for (String added : nullSafe(capabilities.getAdd())) {
          if (!"NET_BIND_SERVICE".equals(added)) {
            violations.add(new Violation(securityPath + ".capabilities.add", "may only add NET_BIND_SERVICE, not " + added));
          }
        }
      }
      for (ContainerPort port : nullSafe(container.getPorts())) {
        if (port.getHostPort() != null && port.getHostPort() != 0) {
          violations.add(new Violation(path + ".ports[" + port.getContainerPort() + "].hostPort", "must be unset or 0"));
        }
      }
    }
  }

  private static <T> T effective(SecurityContext container, PodSecurityContext pod,
                                 Function<SecurityContext, T> fromContainer, Function<PodSecurityContext, T> fromPod) {
    T value = fromContainer.apply(container);
    return value != null ? value : fromPod.apply(pod);
  }

  private static String volumeSource(Volume volume) {
    if (volume.getConfigMap() != null) return "configMap";
    if (volume.getCsi() != null) return "csi";
    if (volume.getDownwardAPI() != null) return "downwardAPI";
    if (volume.getEmptyDir() != null) return "emptyDir";
    if (volume.getEphemeral() != null) return "ephemeral";
    if (volume.getPersistentVolumeClaim() != null) return "persistentVolumeClaim";
    if (volume.getProjected() != null) return "projected";
    if (volume.getSecret() != null) return "secret";
    if (volume.getImage() != null) return "image";
    if (volume.getHostPath() != null) return "hostPath";
    if (volume.getNfs() != null) return "nfs";
    return volume.getAdditionalProperties().keySet().stream().findFirst().orElse("unknown");
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }

  /**
   * One way a pod breaks the standard.
   *
   * @param field the offending field's path
   * @param requirement what the field must be
   */
  public record Violation(String field, String requirement) {
    @Override
    public String toString() {
      return field + " " + requirement;
    }
  }
}
