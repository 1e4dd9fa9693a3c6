package dev.chartharness.cluster.realnode;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
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
 * directory under the node's directory; a released volume with reclaim policy Delete loses its
 * directory and is deleted. Runs as a daemon thread polling the API server twice a second.
 */
final class LocalPathProvisioner implements AutoCloseable {

  static final String NAME = "chart-harness.dev/local-path";
  private static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
  private static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
  private static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";

  private final KubernetesClient client;
  private final Path volumes;
  private final String node;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile String lastProblem;

  LocalPathProvisioner(KubernetesClient client, Path volumes, String node) {
    this.client = client;
    this.volumes = volumes;
    this.node = node;
    this.thread = new Thread(this::loop, "local-path-provisioner");
    this.thread.setDaemon(true);
  }

  LocalPathProvisioner start() {
    thread.start();
    return this;
  }

  private void loop() {
    while (running) {
      try {
        reconcile();
        lastProblem = null;
      } catch (KubernetesClientException | IOException | IllegalStateException e) {
        if (running && !String.valueOf(e.getMessage()).equals(lastProblem)) {
          lastProblem = String.valueOf(e.getMessage());
          System.err.println("local-path provisioner: " + lastProblem);
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
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
    Files.createDirectories(directory);
    // Any user may write: pods run as non-root users the provisioner cannot know (fsGroup is applied on top).
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
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
    if (directory.startsWith(volumes) && Files.isDirectory(directory)) {
      try (Stream<Path> tree = Files.walk(directory)) {
        for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
    client.persistentVolumes().withName(volume.getMetadata().getName()).delete();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
