package dev.chartharness.cluster;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.chartharness.base.PollingLoop;
import java.io.IOException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A dynamic provisioner for StorageClasses with provisioner {@value #NAME}, like k3s's local-path: a
 * claim the scheduler has placed on the node gets a {@code local} PersistentVolume backed by a fresh
 * directory under the node's volumes directory; a released volume with reclaim policy Delete loses its
 * directory and is deleted. Runs as a {@link PollingLoop}, twice a second. Where the
 * directories live is the backend's: on this machine for the real node ({@link Directories#onHost}), inside
 * the container for k3s.
 */
public final class LocalPathProvisioner implements AutoCloseable {

  /** Makes and removes the node's volume directories. */
  public interface Directories {
    /** Creates {@code path} (absolute, on the node) writable by any user: pods run as users the provisioner cannot know. */
    void create(String path) throws IOException;

    /** Removes {@code path} and everything in it. */
    void delete(String path) throws IOException;

    /** Directories on this machine: the node is this machine. */
    static Directories onHost() {
      return new Directories() {
        @Override
        public void create(String path) throws IOException {
          Path directory = Path.of(path);
          Files.createDirectories(directory);
          Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        }

        @Override
        public void delete(String path) throws IOException {
          Path directory = Path.of(path);
          if (Files.isDirectory(directory)) {
            try (Stream<Path> tree = Files.walk(directory)) {
              for (Path file : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
              }
            }
          }
        }
      };
    }
  }

  static final String NAME = "chart-harness.dev/local-path";
  private static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
  private static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
  private static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";

  private final KubernetesClient client;
  private final Path volumes;
  private final String node;
  private final Directories directories;
  private PollingLoop loop;

  /** Volumes for claims placed on {@code node}, in directories under {@code volumes} (a path on the node). */
  public LocalPathProvisioner(KubernetesClient client, Path volumes, String node, Directories directories) {
    this.client = client;
    this.volumes = volumes;
    this.node = node;
    this.directories = directories;
  }

  /** Serves claims (twice a second) until {@link #close()}. */
  public LocalPathProvisioner start() {
    loop = PollingLoop.start("local-path provisioner", Duration.ofMillis(500), this::reconcile);
    return this;
  }

  /** One pass: provision pending claims, delete released volumes. */
  void reconcile() throws IOException {
    for (PersistentVolumeClaim claim : client.persistentVolumeClaims().inAnyNamespace().list().getItems()) {
      Map<String, String> annotations = Optional.ofNullable(claim.getMetadata().getAnnotations()).orElse(Map.of());
      boolean ours = NAME.equals(annotations.get(STORAGE_PROVISIONER));
      boolean pending = claim.getSpec().getVolumeName() == null || claim.getSpec().getVolumeName().isEmpty();
      if (ours && pending && claim.getMetadata().getDeletionTimestamp() == null && node.equals(annotations.getOrDefault(SELECTED_NODE, node))) {
        provision(claim);
      }
    }
    for (PersistentVolume volume : client.persistentVolumes().list().getItems()) {
      Map<String, String> annotations = Optional.ofNullable(volume.getMetadata().getAnnotations()).orElse(Map.of());
      if (NAME.equals(annotations.get(PROVISIONED_BY)) && "Delete".equals(volume.getSpec().getPersistentVolumeReclaimPolicy())
          && volume.getStatus() != null && "Released".equals(volume.getStatus().getPhase())) {
        delete(volume);
      }
    }
  }

  private void provision(PersistentVolumeClaim claim) throws IOException {
    String name = "pvc-" + claim.getMetadata().getUid();
    if (client.persistentVolumes().withName(name).get() != null) {
      return;
    }
    StorageClass storageClass = client.storage().v1().storageClasses().withName(claim.getSpec().getStorageClassName()).get();
    String reclaimPolicy = storageClass == null || storageClass.getReclaimPolicy() == null ? "Delete" : storageClass.getReclaimPolicy();
    Path directory = volumes.resolve(claim.getMetadata().getNamespace() + "_" + claim.getMetadata().getName() + "_" + name);
    // Any user may write: pods run as non-root users the provisioner cannot know (fsGroup is applied on top).
    directories.create(directory.toString());
    Quantity size = claim.getSpec().getResources().getRequests().get("storage");
    PersistentVolume volume = new PersistentVolumeBuilder()
        .withNewMetadata().withName(name).addToAnnotations(PROVISIONED_BY, NAME).endMetadata()
        .withNewSpec()
          .withCapacity(Map.of("storage", size))
          .withAccessModes(claim.getSpec().getAccessModes())
          .withPersistentVolumeReclaimPolicy(reclaimPolicy)
          .withStorageClassName(claim.getSpec().getStorageClassName())
          .withVolumeMode(Optional.ofNullable(claim.getSpec().getVolumeMode()).orElse("Filesystem"))
          .withClaimRef(new ObjectReferenceBuilder().withApiVersion("v1").withKind("PersistentVolumeClaim")
              .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
              .withUid(claim.getMetadata().getUid()).build())
          .withNewLocal().withPath(directory.toString()).endLocal()
          .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
              .withKey("kubernetes.io/hostname").withOperator("In").withValues(node).endMatchExpression()
          .endNodeSelectorTerm().endRequired().endNodeAffinity()
        .endSpec().build();
    client.persistentVolumes().resource(volume).create();
  }

  private void delete(PersistentVolume volume) throws IOException {
    Path directory = Path.of(volume.getSpec().getLocal().getPath());
    if (directory.startsWith(volumes) && !directory.equals(volumes)) {
      directories.delete(directory.toString());
    }
    client.persistentVolumes().withName(volume.getMetadata().getName()).delete();
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.close();
    }
  }
}
