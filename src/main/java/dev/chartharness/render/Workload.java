package dev.chartharness.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Optional;

/**
 * An object that runs pods from a template: Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob.
 *
 * @param object the owning object
 * @param template its pod template
 * @param replicas the desired replica count (1 when the kind has none or leaves it unset)
 */
public record Workload(RenderedObject object, PodTemplateSpec template, int replicas) {

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
    return Optional.empty();
  }

  private static int orOne(Integer value) {
    return value == null ? 1 : value;
  }

  /** True for Jobs and CronJobs, whose pods run to completion instead of serving. */
  public boolean runsToCompletion() {
    return object.resource() instanceof Job || object.resource() instanceof CronJob;
  }
}
