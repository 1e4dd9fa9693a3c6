package dev.chartharness.assertj;

import dev.chartharness.render.RenderedObject;
import dev.chartharness.render.RenderedRelease;
import dev.chartharness.render.Workload;
import dev.chartharness.validate.RestrictedPodSecurity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/** Assertions over a Deployment, StatefulSet or Job and its pod template. */
public class WorkloadAssert extends AbstractAssert<WorkloadAssert, RenderedObject> {

  private final Workload workload;
  private final RenderedRelease release;

  WorkloadAssert(RenderedObject actual, RenderedRelease release) {
    super(actual, WorkloadAssert.class);
    this.workload = Workload.of(actual).orElseThrow(() -> new AssertionError(actual.id() + " runs no pods"));
    this.release = release;
  }

  private PodSpec pod() {
    return workload.template().getSpec();
  }

  public WorkloadAssert hasReplicas(int expected) {
    if (workload.replicas() != expected) {
      failWithMessage("Expecting %s to run %d replicas but it runs %d", actual.id(), expected, workload.replicas());
    }
    return this;
  }

  public ContainerAssert container(String name) {
    return new ContainerAssert(find(pod().getContainers(), name, "container"), pod(), actual.id());
  }

  public ContainerAssert initContainer(String name) {
    return new ContainerAssert(find(pod().getInitContainers(), name, "init container"), pod(), actual.id());
  }

  public WorkloadAssert hasPodAnnotation(String key) {
    if (!podAnnotations().containsKey(key)) {
      failWithMessage("Expecting the pod template of %s to carry annotation %s but it has %s", actual.id(), key, podAnnotations().keySet());
    }
    return this;
  }

  public String podAnnotation(String key) {
    hasPodAnnotation(key);
    return podAnnotations().get(key);
  }

  public WorkloadAssert hasAnnotation(String key, String value) {
    Map<String, String> annotations = Optional.ofNullable(actual.resource().getMetadata().getAnnotations()).orElse(Map.of());
    if (!value.equals(annotations.get(key))) {
      failWithMessage("Expecting %s to carry annotation %s=%s but it has %s", actual.id(), key, value, annotations);
    }
    return this;
  }

  public WorkloadAssert hasFsGroup(long fsGroup) {
    Long actualGroup = pod().getSecurityContext() == null ? null : pod().getSecurityContext().getFsGroup();
    if (actualGroup == null || actualGroup != fsGroup) {
      failWithMessage("Expecting %s to set pod securityContext.fsGroup %d but it is %s", actual.id(), fsGroup, actualGroup);
    }
    return this;
  }

  public WorkloadAssert meetsRestrictedPodSecurity() {
    List<RestrictedPodSecurity.Violation> violations = RestrictedPodSecurity.violations(workload);
    if (!violations.isEmpty()) {
      failWithMessage("Expecting %s to meet the restricted Pod Security Standard but:%n  %s", actual.id(), violations);
    }
    return this;
  }

  public WorkloadAssert hasRestartPolicy(String policy) {
    if (!policy.equals(pod().getRestartPolicy())) {
      failWithMessage("Expecting %s to have restartPolicy %s but it has %s", actual.id(), policy, pod().getRestartPolicy());
    }
    return this;
  }

  public WorkloadAssert hasBackoffLimit() {
    if (!(actual.resource() instanceof Job job) || job.getSpec().getBackoffLimit() == null) {
      failWithMessage("Expecting %s to be a Job with a backoffLimit", actual.id());
    }
    return this;
  }

  /** The StatefulSet is governed by {@code serviceName}, which must be a headless Service of the release. */
  public WorkloadAssert isGovernedByHeadlessService(String serviceName) {
    StatefulSet statefulSet = statefulSet();
    if (!serviceName.equals(statefulSet.getSpec().getServiceName())) {
      failWithMessage("Expecting %s to have serviceName %s but it has %s", actual.id(), serviceName, statefulSet.getSpec().getServiceName());
    }
    new ServiceAssert(release.get(io.fabric8.kubernetes.api.model.Service.class, serviceName)).isHeadless();
    return this;
  }

  /** A volumeClaimTemplate with this name, size and access mode, mounted at {@code mountPath} by {@code container}. */
  public WorkloadAssert hasVolumeClaimTemplate(String name, String size, String accessMode) {
    PersistentVolumeClaim claim = statefulSet().getSpec().getVolumeClaimTemplates().stream()
        .filter(template -> name.equals(template.getMetadata().getName())).findFirst()
        .orElseThrow(() -> new AssertionError("Expecting " + actual.id() + " to have volumeClaimTemplate " + name));
    Quantity requested = claim.getSpec().getResources().getRequests().get("storage");
    if (requested == null || !Quantity.parse(size).equals(requested)) {
      failWithMessage("Expecting claim template %s of %s to request %s but it requests %s", name, actual.id(), size, requested);
    }
    if (!claim.getSpec().getAccessModes().contains(accessMode)) {
      failWithMessage("Expecting claim template %s of %s to have access mode %s but it has %s", name, actual.id(), accessMode, claim.getSpec().getAccessModes());
    }
    return this;
  }

  /** The StatefulSet's claim template, for checks this class does not name. */
  public PersistentVolumeClaimAssert volumeClaimTemplate(String name) {
    return new PersistentVolumeClaimAssert(statefulSet().getSpec().getVolumeClaimTemplates().stream()
        .filter(template -> name.equals(template.getMetadata().getName())).findFirst()
        .orElseThrow(() -> new AssertionError("Expecting " + actual.id() + " to have volumeClaimTemplate " + name)));
  }

  public WorkloadAssert doesNotMountServiceAccountToken() {
    if (!Boolean.FALSE.equals(pod().getAutomountServiceAccountToken())) {
      failWithMessage("Expecting %s to set automountServiceAccountToken: false but it is %s", actual.id(), pod().getAutomountServiceAccountToken());
    }
    return this;
  }

  private StatefulSet statefulSet() {
    if (!(actual.resource() instanceof StatefulSet statefulSet)) {
      throw new AssertionError("Expecting " + actual.id() + " to be a StatefulSet");
    }
    return statefulSet;
  }

  private Map<String, String> podAnnotations() {
    return Optional.ofNullable(workload.template().getMetadata().getAnnotations()).orElse(Map.of());
  }

  private Container find(List<Container> containers, String name, String what) {
    return Optional.ofNullable(containers).orElse(List.of()).stream().filter(c -> name.equals(c.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("Expecting " + actual.id() + " to have " + what + " " + name + " but it has "
            + Optional.ofNullable(containers).orElse(List.of()).stream().map(Container::getName).toList()));
  }
}
