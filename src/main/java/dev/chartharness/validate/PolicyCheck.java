package dev.chartharness.validate;

import dev.chartharness.render.RenderedRelease;
import dev.chartharness.render.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Security and availability policy: restricted pods, sized and probed containers, pinned images, disruption budgets. */
public final class PolicyCheck implements Check {

  @Override
  public String rule() {
    return "policy";
  }

  @Override
  public List<Finding> check(RenderedRelease release, Policy policy) {
    List<Finding> findings = new ArrayList<>();
    for (Workload workload : release.workloads()) {
      String id = workload.object().id();
      policy.severity(Policy.POD_SECURITY).ifPresent(severity -> RestrictedPodSecurity.violations(workload)
          .forEach(violation -> findings.add(new Finding(severity, Policy.POD_SECURITY, id, violation.field(),
              violation.requirement() + " (restricted Pod Security Standard)"))));
      boolean selected = selectedByService(release, workload);
      boolean podDeclaresPorts = workload.containers().stream().anyMatch(container -> !container.init() && declaresPorts(container.container()));
      for (Workload.PodContainer podContainer : workload.containers()) {
        Container container = podContainer.container();
        String path = podContainer.path();
        policy.severity(Policy.RESOURCES).ifPresent(severity -> checkResources(container, path, id, severity, findings));
        policy.severity(Policy.IMAGE_TAG).ifPresent(severity -> checkImage(container, path, id, severity, findings));
        // Serving: it declares ports, or a Service selects the pod and no container says which one serves.
        boolean serves = declaresPorts(container) || selected && !podDeclaresPorts;
        if (!podContainer.init() && !workload.runsToCompletion() && serves && container.getReadinessProbe() == null) {
          policy.severity(Policy.READINESS_PROBE).ifPresent(severity -> findings.add(new Finding(severity, Policy.READINESS_PROBE, id,
              path + ".readinessProbe", "serving container has no readiness probe; without one it receives traffic before it can answer")));
        }
      }
      if (!workload.runsToCompletion() && workload.replicas() > 1 && !coveredByBudget(release, workload)) {
        policy.severity(Policy.POD_DISRUPTION_BUDGET).ifPresent(severity -> findings.add(new Finding(severity, Policy.POD_DISRUPTION_BUDGET,
            id, "spec.replicas", workload.replicas() + " replicas but no PodDisruptionBudget selects these pods; a node drain may take them all")));
      }
    }
    return findings;
  }

  private static boolean declaresPorts(Container container) {
    return container.getPorts() != null && !container.getPorts().isEmpty();
  }

  private static boolean selectedByService(RenderedRelease release, Workload workload) {
    Map<String, String> labels = Optional.ofNullable(workload.template().getMetadata().getLabels()).orElse(Map.of());
    return release.all(io.fabric8.kubernetes.api.model.Service.class).stream()
        .map(service -> service.getSpec() == null ? null : service.getSpec().getSelector())
        .anyMatch(selector -> selector != null && !selector.isEmpty() && Selectors.matches(selector, labels));
  }

  private static void checkResources(Container container, String path, String id, Severity severity, List<Finding> findings) {
    Map<String, Quantity> requests = container.getResources() == null ? null : container.getResources().getRequests();
    Map<String, Quantity> limits = container.getResources() == null ? null : container.getResources().getLimits();
    for (String resource : List.of("cpu", "memory")) {
      if (requests == null || !requests.containsKey(resource)) {
        findings.add(new Finding(severity, Policy.RESOURCES, id, path + ".resources.requests." + resource, "not set; the scheduler cannot place the pod by its needs"));
      }
      if (limits == null || !limits.containsKey(resource)) {
        findings.add(new Finding(severity, Policy.RESOURCES, id, path + ".resources.limits." + resource, "not set; one pod can starve its node"));
      }
    }
  }

  private static void checkImage(Container container, String path, String id, Severity severity, List<Finding> findings) {
    String image = Optional.ofNullable(container.getImage()).orElse("");
    String name = image.substring(image.lastIndexOf('/') + 1);
    // A missing image is the api check's "is required", not a missing tag.
    if (image.isBlank() || image.contains("@sha256:")) {
      return;
    }
    if (!name.contains(":")) {
      findings.add(new Finding(severity, Policy.IMAGE_TAG, id, path + ".image", "image " + image + " has no tag; pin a version or a digest"));
    } else if (name.endsWith(":latest")) {
      findings.add(new Finding(severity, Policy.IMAGE_TAG, id, path + ".image", "image " + image + " uses the mutable tag latest; pin a version or a digest"));
    }
  }

  private static boolean coveredByBudget(RenderedRelease release, Workload workload) {
    Map<String, String> labels = Optional.ofNullable(workload.template().getMetadata().getLabels()).orElse(Map.of());
    return release.all(PodDisruptionBudget.class).stream().anyMatch(pdb -> pdb.getSpec() != null && pdb.getSpec().getSelector() != null
        && Selectors.matches(pdb.getSpec().getSelector().getMatchLabels(), labels));
  }
}
