package dev.chartharness.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Kubernetes refuses to change in place, and what loses data or credentials, when one version of an
 * object replaces another: the rules behind {@code upgrade-check} (a base render against a new one) and the live
 * check before every upgrade (the live object against the new render). Pure: two JSON trees in, findings out.
 *
 * <p>Against a live object only the fields the new render sets are compared ({@link Mode#LIVE}), so defaults the
 * API server filled in never count; between two renders every field counts, removed ones too ({@link Mode#RENDERED}).
 */
public final class UpgradeRules {

  /** The rule name every finding carries. */
  public static final String RULE = "upgrade";
  public static final Set<String> STATEFULSET_UPDATABLE = Set.of("replicas", "ordinals", "template", "updateStrategy",
      "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "minReadySeconds");
  private static final Set<String> SELECTOR_KINDS = Set.of("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job");

  /** How the two sides compare. */
  public enum Mode {
    /** The base is a live object: only what the new render sets is compared. */
    LIVE,
    /** Both are renders: added, changed and removed fields all count. */
    RENDERED
  }

  private UpgradeRules() {
  }

  /** One field that differs: its path, the base's value and the new one ({@code null} JSON for absent). */
  @FunctionalInterface
  interface Difference {
    void found(String path, JsonNode before, JsonNode after);
  }

  /** The findings for replacing {@code before} with {@code after} (the same kind and name). */
  public static List<Finding> compare(String id, String kind, JsonNode before, JsonNode after, Mode mode) {
    List<Finding> findings = new java.util.ArrayList<>();
    JsonNode spec = after.path("spec");
    JsonNode old = before.path("spec");
    if (SELECTOR_KINDS.contains(kind)) {
      differences("spec.selector", old.path("selector"), spec.path("selector"), mode, (path, was, now) -> findings.add(Finding.error(RULE, id, path,
          "the selector is immutable: " + was + " -> " + now + "; Kubernetes refuses the upgrade, and pods the old selector matched would be"
              + " orphaned (delete the " + kind + " with --cascade=orphan and let the upgrade re-create it, or keep the selector)")));
    }
    if (kind.equals("StatefulSet")) {
      for (String field : fields(old, spec, mode)) {
        if (!STATEFULSET_UPDATABLE.contains(field) && !field.equals("selector")) {
          differences("spec." + field, old.path(field), spec.path(field), mode, (path, was, now) -> findings.add(Finding.error(RULE, id, path,
              was + " -> " + now + ": a StatefulSet may change only " + new TreeSet<>(STATEFULSET_UPDATABLE) + " in place; Kubernetes refuses"
                  + " the upgrade (delete it with --cascade=orphan so the pods and claims stay, then upgrade; existing claims keep their old spec)")));
        }
      }
    }
    if (kind.equals("Job")) {
      differences("spec.template", old.path("template"), spec.path("template"), mode, (path, was, now) -> findings.add(Finding.error(RULE, id, path,
          was + " -> " + now + ": a Job's pod template is immutable; make it a hook (re-created on every run) or delete the Job before upgrading")));
    }
    if (kind.equals("PersistentVolumeClaim")) {
      for (String field : fields(old, spec, mode)) {
        if (field.equals("resources")) {
          storage(id, old, spec, findings);
          continue;
        }
        differences("spec." + field, old.path(field), spec.path(field), mode, (path, was, now) -> findings.add(Finding.error(RULE, id, path,
            was + " -> " + now + ": a bound claim's spec is immutable except a larger storage request; a new claim needs a new name")));
      }
    }
    if (kind.equals("Service")) {
      for (String field : List.of("clusterIP", "ipFamilies")) {
        if (!spec.path(field).isMissingNode() && !spec.path(field).isNull()) {
          differences("spec." + field, old.path(field), spec.path(field), Mode.LIVE, (path, was, now) -> findings.add(Finding.error(RULE, id, path,
              was + " -> " + now + ": immutable on a live Service; Kubernetes refuses the upgrade (leave it unset, or re-create the Service)")));
        }
      }
    }
    if (kind.equals("StorageClass")) {
      for (String field : List.of("provisioner", "parameters", "reclaimPolicy", "volumeBindingMode")) {
        differences(field, before.path(field), after.path(field), mode, (path, was, now) -> findings.add(Finding.error(RULE, id, path,
            was + " -> " + now + ": a StorageClass's " + field + " is immutable; Kubernetes refuses the upgrade (a new class needs a new name,"
                + " and claims keep the class they were made with)")));
      }
    }
    if ((kind.equals("ConfigMap") || kind.equals("Secret")) && before.path("immutable").asBoolean(false)) {
      for (String field : List.of("data", "binaryData", "stringData")) {
        differences(field, before.path(field), after.path(field), mode, (path, was, now) -> findings.add(Finding.error(RULE, id, path,
            "changed in an immutable " + kind + "; Kubernetes refuses the upgrade (give the new content a new name, e.g. a content suffix)")));
      }
    }
    return findings;
  }

  /** A smaller storage request is refused; a larger one needs a class that allows expansion (the cluster decides). */
  private static void storage(String id, JsonNode old, JsonNode spec, List<Finding> findings) {
    JsonNode was = old.path("resources").path("requests").path("storage");
    JsonNode now = spec.path("resources").path("requests").path("storage");
    if (was.isMissingNode() || now.isMissingNode() || was.asText().equals(now.asText())) {
      return;
    }
    int order = Quantity.getAmountInBytes(new Quantity(now.asText())).compareTo(Quantity.getAmountInBytes(new Quantity(was.asText())));
    if (order < 0) {
      findings.add(Finding.error(RULE, id, "spec.resources.requests.storage", was + " -> " + now
          + ": a claim cannot shrink; Kubernetes refuses the upgrade (keep the size, or move the data to a new claim)"));
    } else if (order > 0) {
      findings.add(Finding.warning(RULE, id, "spec.resources.requests.storage", was + " -> " + now
          + ": grows only where the claim's StorageClass has allowVolumeExpansion: true; elsewhere Kubernetes refuses it"));
    }
  }

  /** The spec fields to look at: the new render's (LIVE), or both sides' (RENDERED). */
  private static Set<String> fields(JsonNode old, JsonNode spec, Mode mode) {
    Set<String> fields = new TreeSet<>();
    spec.fieldNames().forEachRemaining(fields::add);
    if (mode == Mode.RENDERED) {
      old.fieldNames().forEachRemaining(fields::add);
    }
    return fields;
  }

  /** Reports each leaf that differs; in LIVE mode only where {@code after} sets a value. */
  static void differences(String path, JsonNode before, JsonNode after, Mode mode, Difference report) {
    if (after.isMissingNode() || after.isNull()) {
      if (mode == Mode.RENDERED && !before.isMissingNode() && !before.isNull()) {
        report.found(path, before, NullNode.getInstance());
      }
      return;
    }
    if (after.isObject()) {
      Set<String> names = new TreeSet<>();
      after.fieldNames().forEachRemaining(names::add);
      if (mode == Mode.RENDERED && before.isObject()) {
        before.fieldNames().forEachRemaining(names::add);
      }
      for (String name : names) {
        differences(path + "." + name, before.path(name), after.path(name), mode, report);
      }
      return;
    }
    if (after.isArray()) {
      if (!before.isArray() || before.size() != after.size()) {
        report.found(path, before.isMissingNode() ? NullNode.getInstance() : before, after);
        return;
      }
      for (int i = 0; i < after.size(); i++) {
        JsonNode element = after.get(i);
        String key = element.path("metadata").has("name") ? element.path("metadata").path("name").asText()
            : element.has("name") ? element.path("name").asText() : String.valueOf(i);
        differences(path + "[" + key + "]", before.get(i), element, mode, report);
      }
      return;
    }
    if (!same(before, after)) {
      report.found(path, before.isMissingNode() ? NullNode.getInstance() : before, after);
    }
  }

  /** Equal as Kubernetes reads them: numbers by value, a number and its string alike ({@code 1} and {@code "1"}). */
  public static boolean same(JsonNode a, JsonNode b) {
    if (a.equals(b)) {
      return true;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.isValueNode() && b.isValueNode() && a.asText().equals(b.asText());
  }

}
