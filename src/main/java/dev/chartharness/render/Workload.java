package dev.chartharness.render;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An object that runs pods from a template: Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob;
 * and a bare Pod (a {@code helm test} hook, say), whose own metadata and spec stand for the template.
 *
 * @param object the owning object
 * @param template its pod template
 * @param replicas the desired replica count (1 when the kind has none or leaves it unset)
 */
public record Workload(RenderedObject object, PodTemplateSpec template, int replicas) {

  /** A workload's template never lacks metadata here (a Job's template often does): checks read its labels without null tests. */
  public Workload {
    if (template.getMetadata() == null) {
      template = new PodTemplateSpec(new io.fabric8.kubernetes.api.model.ObjectMeta(), template.getSpec());
    }
  }

  /** The pod template of {@code object}, when it is a workload kind. */
  public static Optional<Workload> of(RenderedObject object) {
    HasMetadata resource = object.resource();
    if (resource instanceof Deployment deployment && deployment.getSpec() != null) {
      return Optional.of(new Workload(object, deployment.getSpec().getTemplate(), orOne(deployment.getSpec().getReplicas())));
    }
    if (resource instanceof StatefulSet statefulSet && statefulSet.getSpec() != null) {
      return Optional.of(new Workload(object, statefulSet.getSpec().getTemplate(), orOne(statefulSet.getSpec().getReplicas())));
    }
    if (resource instanceof ReplicaSet replicaSet && replicaSet.getSpec() != null) {
      return Optional.of(new Workload(object, replicaSet.getSpec().getTemplate(), orOne(replicaSet.getSpec().getReplicas())));
    }
    if (resource instanceof DaemonSet daemonSet && daemonSet.getSpec() != null) {
      return Optional.of(new Workload(object, daemonSet.getSpec().getTemplate(), 1));
    }
    if (resource instanceof Job job && job.getSpec() != null) {
      return Optional.of(new Workload(object, job.getSpec().getTemplate(), orOne(job.getSpec().getParallelism())));
    }
    if (resource instanceof CronJob cronJob && cronJob.getSpec() != null && cronJob.getSpec().getJobTemplate() != null
        && cronJob.getSpec().getJobTemplate().getSpec() != null) {
      return Optional.of(new Workload(object, cronJob.getSpec().getJobTemplate().getSpec().getTemplate(), 1));
    }
    if (resource instanceof Pod pod && pod.getSpec() != null) {
      return Optional.of(new Workload(object, new PodTemplateSpec(pod.getMetadata(), pod.getSpec()), 1));
    }
    return Optional.empty();
  }

  /** Where the pod spec sits in the object: {@code spec.template.spec}, {@code spec} for a Pod. */
  public String podSpecPath() {
    if (object.resource() instanceof Pod) {
      return "spec";
    }
    return object.resource() instanceof CronJob ? "spec.jobTemplate.spec.template.spec" : "spec.template.spec";
  }

  /** Where the pod template's labels sit: {@code spec.template.metadata.labels}, {@code metadata.labels} for a Pod. */
  public String podLabelsPath() {
    return object.resource() instanceof Pod ? "metadata.labels" : podSpecPath().replaceFirst("spec$", "metadata.labels");
  }

  /**
   * One container of the pod with its field path: by name ({@code spec.template.spec.containers[web]}),
   * or by index where a name is missing or repeats, so that no two containers share a path.
   *
   * @param container the container
   * @param init true for an init container
   * @param path its field path in the object
   */
  public record PodContainer(Container container, boolean init, String path) {
  }

  /** Init containers first, then containers, each with a path of its own. */
  public List<PodContainer> containers() {
    List<PodContainer> all = new ArrayList<>();
    addContainers(template.getSpec().getInitContainers(), true, all);
    addContainers(template.getSpec().getContainers(), false, all);
    return all;
  }

  private void addContainers(List<Container> containers, boolean init, List<PodContainer> all) {
    if (containers == null) {
      return;
    }
    Map<String, Integer> names = new HashMap<>();
    containers.forEach(container -> names.merge(String.valueOf(container.getName()), 1, Integer::sum));
    String list = podSpecPath() + (init ? ".initContainers" : ".containers");
    for (int i = 0; i < containers.size(); i++) {
      Container container = containers.get(i);
      boolean unique = container.getName() != null && !container.getName().isEmpty() && names.get(container.getName()) == 1;
      all.add(new PodContainer(container, init, list + "[" + (unique ? container.getName() : String.valueOf(i)) + "]"));
    }
  }

  private static int orOne(Integer value) {
    return value == null ? 1 : value;
  }

  /** True for Jobs, CronJobs and Pods that do not restart, whose pods run to completion instead of serving. */
  public boolean runsToCompletion() {
    if (object.resource() instanceof Pod pod) {
      return pod.getSpec().getRestartPolicy() != null && !pod.getSpec().getRestartPolicy().equals("Always");
    }
    return object.resource() instanceof Job || object.resource() instanceof CronJob;
  }
}
