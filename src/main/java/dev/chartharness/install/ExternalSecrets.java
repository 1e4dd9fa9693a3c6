package dev.chartharness.install;

import dev.chartharness.render.RenderedRelease;
import dev.chartharness.render.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Secrets a release mounts or reads but does not contain (production values name Secrets made
 * outside Helm), with the keys its pods use. On a throwaway cluster they can be stubbed with random
 * values so that the release installs as it would where they exist.
 */
public final class ExternalSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private ExternalSecrets() {
  }

  /** Secret name -> the keys the release's pods use from it, for every Secret the release references but does not render. */
  public static Map<String, Set<String>> of(RenderedRelease release) {
    Map<String, Set<String>> referenced = new LinkedHashMap<>();
    for (Workload workload : release.workloads()) {
      var spec = workload.template().getSpec();
      for (Volume volume : Optional.ofNullable(spec.getVolumes()).orElse(List.of())) {
        if (volume.getSecret() != null) {
          add(referenced, volume.getSecret().getSecretName(), volume.getSecret().getItems());
        }
        if (volume.getProjected() != null) {
          for (VolumeProjection source : Optional.ofNullable(volume.getProjected().getSources()).orElse(List.of())) {
            if (source.getSecret() != null) {
              add(referenced, source.getSecret().getName(), source.getSecret().getItems());
            }
          }
        }
      }
      List<Container> containers = new ArrayList<>(Optional.ofNullable(spec.getInitContainers()).orElse(List.of()));
      containers.addAll(spec.getContainers());
      for (Container container : containers) {
        for (EnvVar env : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
          if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
            referenced.computeIfAbsent(env.getValueFrom().getSecretKeyRef().getName(), key -> new TreeSet<>())
                .add(env.getValueFrom().getSecretKeyRef().getKey());
          }
        }
        for (EnvFromSource source : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
          if (source.getSecretRef() != null) {
            referenced.computeIfAbsent(source.getSecretRef().getName(), key -> new TreeSet<>());
          }
        }
      }
    }
    referenced.keySet().removeIf(name -> release.find(Secret.class, name).isPresent());
    return referenced;
  }

  private static void add(Map<String, Set<String>> referenced, String name, List<KeyToPath> items) {
    Set<String> keys = referenced.computeIfAbsent(name, key -> new TreeSet<>());
    Optional.ofNullable(items).orElse(List.of()).forEach(item -> keys.add(item.getKey()));
  }

  /** Creates each missing Secret with a random value per key; returns the names created. */
  public static List<String> stub(RenderedRelease release, KubernetesClient client, String namespace) {
    List<String> created = new ArrayList<>();
    of(release).forEach((name, keys) -> {
      if (client.secrets().inNamespace(namespace).withName(name).get() != null) {
        return;
      }
      Map<String, String> data = new LinkedHashMap<>();
      keys.forEach(key -> data.put(key, randomValue()));
      client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name)
          .addToLabels("chart-harness.dev/stub", "true").endMetadata().withStringData(data).build()).create();
      created.add(name + " " + keys);
    });
    return created;
  }

  private static String randomValue() {
    StringBuilder value = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      value.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return value.toString();
  }
}
