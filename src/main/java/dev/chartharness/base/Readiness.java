package dev.chartharness.base;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Pure checks over one snapshot of an object; the waits in {@link Await} poll them. */
public final class Readiness {

  /** Waiting reasons after which a container will not start without a change. */
  private static final Set<String> TERMINAL_WAITING = Set.of(
      "ImagePullBackOff", "ErrImagePull", "ErrImageNeverPull", "InvalidImageName", "CrashLoopBackOff", "CreateContainerConfigError",
      "CreateContainerError", "RunContainerError");
  /**
   * Waiting reasons that mean the image will never arrive: the kubelet has already retried the pull, the
   * image is not on the node and may not be pulled, or the name is invalid. A subset: a crash loop may
   * still end while other parts of a release start, an image that is not there will not appear.
   */
  private static final Set<String> IMAGE_NEVER_ARRIVES = Set.of("ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName");

  private Readiness() {
  }

  /** Addresses of the slice's endpoints whose Ready condition is true (unset counts as ready, per the API). */
  public static List<String> readyAddresses(EndpointSlice slice) {
    List<String> addresses = new ArrayList<>();
    for (Endpoint endpoint : Optional.ofNullable(slice.getEndpoints()).orElse(List.of())) {
      boolean ready = endpoint.getConditions() == null || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
      if (ready) {
        addresses.addAll(Optional.ofNullable(endpoint.getAddresses()).orElse(List.of()));
      }
    }
    return addresses;
  }

  /** True when the slice carries the named port (or the only, unnamed port when {@code portName} is empty). */
  public static boolean servesPort(EndpointSlice slice, String portName) {
    for (EndpointPort port : Optional.ofNullable(slice.getPorts()).orElse(List.of())) {
      String name = port.getName() == null ? "" : port.getName();
      if (name.equals(portName == null ? "" : portName)) {
        return true;
      }
    }
    return false;
  }

  public static boolean isComplete(Job job) {
    return hasCondition(job, "Complete") || hasCondition(job, "SuccessCriteriaMet");
  }

  /** Why the Job failed, when it has. */
  public static Optional<String> failure(Job job) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(condition -> ("Failed".equals(condition.getType()) || "FailureTarget".equals(condition.getType())) && "True".equals(condition.getStatus()))
        .findFirst().map(condition -> "Job " + job.getMetadata().getName() + " failed: " + condition.getReason() + " " + Optional.ofNullable(condition.getMessage()).orElse(""));
  }

  private static boolean hasCondition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return false;
    }
    for (JobCondition condition : job.getStatus().getConditions()) {
      if (type.equals(condition.getType()) && "True".equals(condition.getStatus())) {
        return true;
      }
    }
    return false;
  }

  public static boolean isReady(Pod pod) {
    return pod.getStatus() != null && Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of()).stream()
        .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
  }

  /**
   * A state from which the pod will not become ready by itself: a container in ImagePullBackOff,
   * CrashLoopBackOff and the like, or a pod the scheduler cannot place.
   */
  public static Optional<String> terminalProblem(Pod pod) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    String name = "Pod " + pod.getMetadata().getName();
    List<ContainerStatus> statuses = new ArrayList<>(Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of()));
    statuses.addAll(Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()));
    for (ContainerStatus status : statuses) {
      if (status.getState() != null && status.getState().getWaiting() != null && TERMINAL_WAITING.contains(status.getState().getWaiting().getReason())) {
        return Optional.of(name + " container " + status.getName() + " is " + status.getState().getWaiting().getReason()
            + ": " + Optional.ofNullable(status.getState().getWaiting().getMessage()).orElse(""));
      }
    }
    for (PodCondition condition : Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of())) {
      if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus()) && "Unschedulable".equals(condition.getReason())) {
        return Optional.of(name + " is unschedulable: " + condition.getMessage());
      }
    }
    if ("Failed".equals(pod.getStatus().getPhase()) && !isOwnedByJob(pod)) {
      return Optional.of(name + " failed: " + pod.getStatus().getReason() + " " + Optional.ofNullable(pod.getStatus().getMessage()).orElse(""));
    }
    return Optional.empty();
  }

  /** A container of the pod whose image will never arrive, described; empty when there is none. */
  public static Optional<String> imageNeverArrives(Pod pod) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    List<ContainerStatus> statuses = new ArrayList<>(Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of()));
    statuses.addAll(Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()));
    return statuses.stream()
        .filter(status -> status.getState() != null && status.getState().getWaiting() != null
            && IMAGE_NEVER_ARRIVES.contains(status.getState().getWaiting().getReason()))
        .findFirst()
        .map(status -> "Pod " + pod.getMetadata().getName() + " container " + status.getName() + " (" + status.getImage() + ") is "
            + status.getState().getWaiting().getReason() + ": " + Optional.ofNullable(status.getState().getWaiting().getMessage()).orElse(""));
  }

  /**
   * A controller that cannot create its pods because the namespace's Pod Security Standard refuses them
   * ({@code FailedCreate ... violates PodSecurity}), described with the violated controls; empty otherwise.
   * Such a workload never becomes ready: waiting for it is pointless.
   */
  public static Optional<String> podsRefused(io.fabric8.kubernetes.api.model.Event event) {
    String message = Optional.ofNullable(event.getMessage()).orElse("");
    if (!"FailedCreate".equals(event.getReason()) || !message.contains("violates PodSecurity")) {
      return Optional.empty();
    }
    return Optional.of(event.getInvolvedObject().getKind() + "/" + event.getInvolvedObject().getName()
        + " cannot create its pods: " + message.substring(message.indexOf("violates PodSecurity")).strip());
  }

  private static boolean isOwnedByJob(Pod pod) {
    return Optional.ofNullable(pod.getMetadata().getOwnerReferences()).orElse(List.of()).stream().anyMatch(owner -> "Job".equals(owner.getKind()));
  }
}
