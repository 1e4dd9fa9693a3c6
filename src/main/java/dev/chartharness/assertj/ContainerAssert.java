package dev.chartharness.assertj;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/** Assertions over one container of a pod template, with its pod's volumes in view. */
public class ContainerAssert extends AbstractAssert<ContainerAssert, Container> {

  private final PodSpec pod;
  private final String owner;

  ContainerAssert(Container actual, PodSpec pod, String owner) {
    super(actual, ContainerAssert.class);
    this.pod = pod;
    this.owner = owner;
  }

  private String where() {
    return "container " + actual.getName() + " of " + owner;
  }

  /** The command and arguments together, as the container will run them. */
  public List<String> commandLine() {
    List<String> line = new ArrayList<>(Optional.ofNullable(actual.getCommand()).orElse(List.of()));
    line.addAll(Optional.ofNullable(actual.getArgs()).orElse(List.of()));
    return line;
  }

  public ContainerAssert runs(String... commandLine) {
    if (!commandLine().equals(List.of(commandLine))) {
      failWithMessage("Expecting %s to run %s but it runs %s", where(), List.of(commandLine), commandLine());
    }
    return this;
  }

  public ContainerAssert hasImage(String reference) {
    if (!reference.equals(actual.getImage())) {
      failWithMessage("Expecting %s to use image %s but it uses %s", where(), reference, actual.getImage());
    }
    return this;
  }

  /** The image is pinned: a tag other than {@code latest}, or a digest. */
  public ContainerAssert hasImmutableImage() {
    String image = actual.getImage();
    String lastPart = image.substring(image.lastIndexOf('/') + 1);
    boolean digest = image.contains("@sha256:");
    boolean tagged = lastPart.contains(":") && !lastPart.endsWith(":latest");
    if (!digest && !tagged) {
      failWithMessage("Expecting %s to use an immutable image (a version tag or a digest) but it uses %s", where(), image);
    }
    return this;
  }

  public ContainerAssert hasEnv(String name, String value) {
    EnvVar env = env(name);
    if (!value.equals(env.getValue())) {
      failWithMessage("Expecting %s to set %s=%s but it is %s", where(), name, value, env.getValue() != null ? env.getValue() : env.getValueFrom());
    }
    return this;
  }

  public ContainerAssert hasEnvFromConfigMapKey(String name, String configMapPrefix, String key) {
    EnvVar env = env(name);
    var ref = env.getValueFrom() == null ? null : env.getValueFrom().getConfigMapKeyRef();
    if (ref == null || !ref.getName().startsWith(configMapPrefix) || !key.equals(ref.getKey())) {
      failWithMessage("Expecting %s to read %s from key %s of ConfigMap %s* but it reads %s", where(), name, key, configMapPrefix, env.getValueFrom());
    }
    return this;
  }

  public ContainerAssert doesNotHaveEnv(String name) {
    if (envs().stream().anyMatch(env -> name.equals(env.getName()))) {
      failWithMessage("Expecting %s not to set %s but it does", where(), name);
    }
    return this;
  }

  public ContainerAssert hasPort(String name, int number) {
    boolean found = Optional.ofNullable(actual.getPorts()).orElse(List.of()).stream()
        .anyMatch(port -> name.equals(port.getName()) && port.getContainerPort() == number);
    if (!found) {
      failWithMessage("Expecting %s to expose port %s=%d but it exposes %s", where(), name, number, actual.getPorts());
    }
    return this;
  }

  /** The Secret is mounted read-only at {@code mountPath}, projecting exactly {@code keys}. */
  public ContainerAssert mountsSecretKeysAt(String mountPath, String secretName, String... keys) {
    Volume volume = mountedVolume(mountPath, true);
    if (volume.getSecret() == null || !secretName.equals(volume.getSecret().getSecretName())) {
      failWithMessage("Expecting %s to mount Secret %s at %s but volume %s is %s", where(), secretName, mountPath, volume.getName(), volume);
    }
    List<String> projected = Optional.ofNullable(volume.getSecret().getItems()).orElse(List.of()).stream().map(KeyToPath::getKey).toList();
    if (!projected.equals(List.of(keys))) {
      failWithMessage("Expecting %s to project only keys %s of Secret %s but it projects %s", where(), List.of(keys), secretName,
          projected.isEmpty() ? "every key" : projected);
    }
    return this;
  }

  /** The file {@code filePath} is key {@code key} of Secret {@code secretName}, mounted read-only. */
  public ContainerAssert mountsSecretKeyAsFile(String filePath, String secretName, String key) {
    String directory = filePath.substring(0, filePath.lastIndexOf('/'));
    String file = filePath.substring(filePath.lastIndexOf('/') + 1);
    Volume volume = mountedVolume(directory, true);
    boolean projects = volume.getSecret() != null && secretName.equals(volume.getSecret().getSecretName())
        && Optional.ofNullable(volume.getSecret().getItems()).orElse(List.of()).stream()
        .anyMatch(item -> key.equals(item.getKey()) && file.equals(item.getPath()));
    if (!projects) {
      failWithMessage("Expecting %s to see key %s of Secret %s as the file %s but volume %s is %s", where(), key, secretName, filePath, volume.getName(), volume);
    }
    return this;
  }

  /** A CSI volume of {@code driver} is mounted read-only at {@code mountPath}. */
  public ContainerAssert mountsCsiVolumeAt(String mountPath, String driver) {
    Volume volume = mountedVolume(mountPath, true);
    if (volume.getCsi() == null || !driver.equals(volume.getCsi().getDriver())) {
      failWithMessage("Expecting %s to mount a CSI volume of driver %s at %s but volume %s is %s", where(), driver, mountPath, volume.getName(), volume);
    }
    return this;
  }

  public ContainerAssert mountsEmptyDirAt(String mountPath) {
    Volume volume = mountedVolume(mountPath, false);
    if (volume.getEmptyDir() == null) {
      failWithMessage("Expecting %s to mount an emptyDir at %s but volume %s is %s", where(), mountPath, volume.getName(), volume);
    }
    return this;
  }

  public ContainerAssert mountsClaimAt(String mountPath, String claimName) {
    Volume volume = mountedVolume(mountPath, false);
    if (volume.getPersistentVolumeClaim() == null || !claimName.equals(volume.getPersistentVolumeClaim().getClaimName())) {
      failWithMessage("Expecting %s to mount PersistentVolumeClaim %s at %s but volume %s is %s", where(), claimName, mountPath, volume.getName(), volume);
    }
    return this;
  }

  /** Something (a volume or a claim template) is mounted at {@code mountPath}. */
  public ContainerAssert mountsAt(String mountPath) {
    mount(mountPath);
    return this;
  }

  public ContainerAssert hasRequestsEqualToLimits() {
    Map<String, Quantity> requests = resources(true);
    Map<String, Quantity> limits = resources(false);
    for (String resource : List.of("cpu", "memory")) {
      if (requests.get(resource) == null || !requests.get(resource).equals(limits.get(resource))) {
        failWithMessage("Expecting %s to request exactly its limits but %s request is %s and limit is %s", where(), resource, requests.get(resource), limits.get(resource));
      }
    }
    return this;
  }

  public ContainerAssert hasRequestsAndLimits() {
    for (String resource : List.of("cpu", "memory")) {
      if (resources(true).get(resource) == null || resources(false).get(resource) == null) {
        failWithMessage("Expecting %s to set a %s request and limit but resources are %s", where(), resource, actual.getResources());
      }
    }
    return this;
  }

  public ContainerAssert requests(String resource, String quantity) {
    Quantity actualQuantity = resources(true).get(resource);
    if (actualQuantity == null || !Quantity.getAmountInBytes(Quantity.parse(quantity)).equals(Quantity.getAmountInBytes(actualQuantity))) {
      failWithMessage("Expecting %s to request %s %s but it requests %s", where(), quantity, resource, actualQuantity);
    }
    return this;
  }

  public ContainerAssert hasHttpReadinessProbe() {
    return hasHttpProbe("readiness", actual.getReadinessProbe());
  }

  public ContainerAssert hasHttpLivenessProbe() {
    return hasHttpProbe("liveness", actual.getLivenessProbe());
  }

  /** The liveness probe runs a command containing {@code fragment} (e.g. {@code mysqladmin}). */
  public ContainerAssert hasExecLivenessProbeRunning(String fragment) {
    return hasExecProbe("liveness", actual.getLivenessProbe(), fragment);
  }

  public ContainerAssert hasExecReadinessProbeRunning(String fragment) {
    return hasExecProbe("readiness", actual.getReadinessProbe(), fragment);
  }

  private ContainerAssert hasExecProbe(String kind, Probe probe, String fragment) {
    if (probe == null || probe.getExec() == null || String.join(" ", probe.getExec().getCommand()).indexOf(fragment) < 0) {
      failWithMessage("Expecting %s to have an exec %s probe running %s but it has %s", where(), kind, fragment, probe);
    }
    return this;
  }

  private ContainerAssert hasHttpProbe(String kind, Probe probe) {
    if (probe == null || probe.getHttpGet() == null) {
      failWithMessage("Expecting %s to have an HTTP %s probe but it has %s", where(), kind, probe);
    }
    return this;
  }

  private Map<String, Quantity> resources(boolean requests) {
    if (actual.getResources() == null) {
      return Map.of();
    }
    Map<String, Quantity> map = requests ? actual.getResources().getRequests() : actual.getResources().getLimits();
    return map == null ? Map.of() : map;
  }

  private EnvVar env(String name) {
    return envs().stream().filter(env -> name.equals(env.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("Expecting " + where() + " to set " + name + " but it sets "
            + envs().stream().map(EnvVar::getName).toList()));
  }

  private List<EnvVar> envs() {
    return Optional.ofNullable(actual.getEnv()).orElse(List.of());
  }

  private VolumeMount mount(String mountPath) {
    return Optional.ofNullable(actual.getVolumeMounts()).orElse(List.of()).stream()
        .filter(mount -> mountPath.equals(mount.getMountPath())).findFirst()
        .orElseThrow(() -> new AssertionError("Expecting " + where() + " to mount something at " + mountPath + " but it mounts "
            + Optional.ofNullable(actual.getVolumeMounts()).orElse(List.of()).stream().map(VolumeMount::getMountPath).toList()));
  }

  private Volume mountedVolume(String mountPath, boolean readOnly) {
    VolumeMount mount = mount(mountPath);
    if (readOnly && !Boolean.TRUE.equals(mount.getReadOnly())) {
      failWithMessage("Expecting %s to mount %s read-only but readOnly is %s", where(), mountPath, mount.getReadOnly());
    }
    return Optional.ofNullable(pod.getVolumes()).orElse(List.of()).stream()
        .filter(volume -> volume.getName().equals(mount.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("Expecting the pod of " + owner + " to define volume " + mount.getName() + " mounted at " + mountPath));
  }
}
