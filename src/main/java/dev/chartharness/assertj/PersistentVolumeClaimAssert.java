package dev.chartharness.assertj;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/** Assertions over a PersistentVolumeClaim (or a StatefulSet's claim template). */
public class PersistentVolumeClaimAssert extends AbstractAssert<PersistentVolumeClaimAssert, PersistentVolumeClaim> {

  PersistentVolumeClaimAssert(PersistentVolumeClaim actual) {
    super(actual, PersistentVolumeClaimAssert.class);
  }

  private String where() {
    return "PersistentVolumeClaim " + actual.getMetadata().getName();
  }

  public PersistentVolumeClaimAssert requestsStorage(String size) {
    Quantity requested = actual.getSpec().getResources().getRequests().get("storage");
    if (requested == null || !Quantity.getAmountInBytes(Quantity.parse(size)).equals(Quantity.getAmountInBytes(requested))) {
      failWithMessage("Expecting %s to request %s but it requests %s", where(), size, requested);
    }
    return this;
  }

  public PersistentVolumeClaimAssert hasAccessMode(String mode) {
    if (!actual.getSpec().getAccessModes().contains(mode)) {
      failWithMessage("Expecting %s to have access mode %s but it has %s", where(), mode, actual.getSpec().getAccessModes());
    }
    return this;
  }

  /** {@code null} expects the field to be absent, so the cluster's default class applies. */
  public PersistentVolumeClaimAssert hasStorageClass(String storageClass) {
    if (!Objects.equals(storageClass, actual.getSpec().getStorageClassName())) {
      failWithMessage("Expecting %s to have storageClassName %s but it has %s", where(), storageClass, actual.getSpec().getStorageClassName());
    }
    return this;
  }

  /** Helm leaves the claim in place on uninstall ({@code helm.sh/resource-policy: keep}). */
  public PersistentVolumeClaimAssert isKeptOnUninstall() {
    Map<String, String> annotations = Optional.ofNullable(actual.getMetadata().getAnnotations()).orElse(Map.of());
    if (!"keep".equals(annotations.get("helm.sh/resource-policy"))) {
      failWithMessage("Expecting %s to carry helm.sh/resource-policy: keep but it has %s", where(), annotations);
    }
    return this;
  }
}
