package dev.chartharness.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chartharness.render.RenderedObject;
import dev.chartharness.render.RenderedRelease;
import dev.chartharness.validate.Finding;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an upgrade would do to the live objects of a release, checked before Helm runs: changes Kubernetes
 * refuses in place (a StatefulSet's spec outside the updatable fields, a workload's selector, a Job's pod
 * template, a claim's spec other than growing its storage, a Service's clusterIP or ipFamilies), and, under
 * server-side apply, fields another field manager owns that the upgrade would change (Helm 4 stops with a
 * conflict there). Only fields the new render sets are compared, so defaults the API server filled in never
 * count as changes. Each finding names the object, the field, both values and the way out.
 */
public final class LiveUpgradeCheck {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Set<String> STATEFULSET_UPDATABLE = Set.of("replicas", "ordinals", "template", "updateStrategy",
      "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "minReadySeconds");
  private static final Set<String> SELECTOR_KINDS = Set.of("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job");
  /** Managers whose fields are the cluster's own bookkeeping, never the user's edits. */
  private static final Set<String> SYSTEM_MANAGERS = Set.of("kube-controller-manager", "kube-scheduler", "kubelet", "kube-apiserver");
  static final String RULE = "upgrade";

  private LiveUpgradeCheck() {
  }

  /**
   * The findings for upgrading {@code namespace}'s live objects to {@code next}; {@code serverSideApply} adds the
   * field-manager conflicts ({@code helmManager} is the manager name the backend applies as).
   */
  public static List<Finding> check(KubernetesClient client, String namespace, RenderedRelease next, boolean serverSideApply, String helmManager) {
    List<Finding> findings = new ArrayList<>();
    for (RenderedObject object : next.objects()) {
      if (object.hook().isPresent() || object.crd()) {
        continue;  // Hooks are re-created on every run; CRDs are not upgraded by Helm.
      }
      HasMetadata live = live(client, namespace, object.resource());
      if (live == null) {
        continue;
      }
      JsonNode rendered = tree(object.resource());
      JsonNode current = tree(live);
      String id = object.kind() + "/" + object.name();
      immutable(id, object.kind(), rendered, current, findings);
      if (serverSideApply) {
        conflicts(id, live, rendered, current, helmManager, findings);
      }
    }
    return findings;
  }

  private static void immutable(String id, String kind, JsonNode rendered, JsonNode current, List<Finding> findings) {
    JsonNode spec = rendered.path("spec");
    JsonNode liveSpec = current.path("spec");
    if (SELECTOR_KINDS.contains(kind) && spec.has("selector")) {
      differences("spec.selector", spec.get("selector"), liveSpec.path("selector"), (path, next, now) -> findings.add(Finding.error(RULE, id, path,
          "the selector is immutable: " + now + " -> " + next + "; Kubernetes refuses the upgrade (delete the " + kind
              + " with --cascade=orphan and let the upgrade re-create it, or keep the selector)")));
    }
    if (kind.equals("StatefulSet")) {
      Iterator<String> fields = spec.fieldNames();
      while (fields.hasNext()) {
        String field = fields.next();
        if (!STATEFULSET_UPDATABLE.contains(field) && !field.equals("selector")) {
          differences("spec." + field, spec.get(field), liveSpec.path(field), (path, next, now) -> findings.add(Finding.error(RULE, id, path,
              now + " -> " + next + ": a StatefulSet may change only " + STATEFULSET_UPDATABLE + " in place; Kubernetes refuses the upgrade"
                  + " (delete it with --cascade=orphan so the pods and claims stay, then upgrade; claims keep their old size)")));
        }
      }
    }
    if (kind.equals("Job") && spec.has("template")) {
      differences("spec.template", spec.get("template"), liveSpec.path("template"), (path, next, now) -> findings.add(Finding.error(RULE, id, path,
          now + " -> " + next + ": a Job's pod template is immutable; make it a hook (re-created each run) or delete the Job before upgrading")));
    }
    if (kind.equals("PersistentVolumeClaim")) {
      Iterator<String> fields = spec.fieldNames();
      while (fields.hasNext()) {
        String field = fields.next();
        if (field.equals("resources")) {
          continue;  // Growing storage is allowed where the class allows expansion.
        }
        differences("spec." + field, spec.get(field), liveSpec.path(field), (path, next, now) -> findings.add(Finding.error(RULE, id, path,
            now + " -> " + next + ": a bound claim's spec is immutable except its storage request; a new claim needs a new name")));
      }
    }
    if (kind.equals("Service")) {
      for (String field : List.of("clusterIP", "ipFamilies")) {
        if (spec.has(field) && !spec.get(field).isNull()) {
          differences("spec." + field, spec.get(field), liveSpec.path(field), (path, next, now) -> findings.add(Finding.error(RULE, id, path,
              now + " -> " + next + ": immutable on a live Service; Kubernetes refuses the upgrade (leave it unset, or re-create the Service)")));
        }
      }
    }
  }

  /** Fields another manager owns (server-side apply) that the upgrade would change: Helm 4 stops there with a conflict. */
  private static void conflicts(String id, HasMetadata live, JsonNode rendered, JsonNode current, String helmManager, List<Finding> findings) {
    List<ManagedFieldsEntry> managers = live.getMetadata().getManagedFields();
    if (managers == null) {
      return;
    }
    for (ManagedFieldsEntry entry : managers) {
      String manager = entry.getManager();
      if (manager == null || manager.equals(helmManager) || SYSTEM_MANAGERS.contains(manager) || entry.getFieldsV1() == null
          || "status".equals(entry.getSubresource())) {
        continue;
      }
      JsonNode owned = JSON.valueToTree(entry.getFieldsV1().getAdditionalProperties());
      List<String> paths = new ArrayList<>();
      ownedLeaves(owned, "", paths);
      for (String path : paths) {
        JsonNode next = at(rendered, path);
        JsonNode now = at(current, path);
        if (next != null && !next.isMissingNode() && now != null && !same(next, now) && !path.startsWith("metadata.")) {
          findings.add(Finding.error(RULE, id, path, now + " -> " + next + ": field manager \"" + manager + "\" owns this field (someone changed it"
              + " outside Helm); Helm's server-side apply stops with a conflict. Put the value in the chart's values, or let Helm take it over"
              + " (helm upgrade --force-conflicts)"));
        }
      }
    }
  }

  /** The dotted paths of the plain fields ({@code f:} keys) a managed-fields entry owns; list items ({@code k:}, {@code v:}) end a path. */
  private static void ownedLeaves(JsonNode node, String prefix, List<String> paths) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    boolean leaf = true;
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      if (key.startsWith("f:")) {
        leaf = false;
        ownedLeaves(field.getValue(), prefix.isEmpty() ? key.substring(2) : prefix + "." + key.substring(2), paths);
      } else if (key.startsWith("k:") || key.startsWith("v:") || key.startsWith("i:")) {
        leaf = false;
        if (!prefix.isEmpty()) {
          paths.add(prefix);
        }
        return;
      }
    }
    if (leaf && !prefix.isEmpty()) {
      paths.add(prefix);
    }
  }

  private static JsonNode at(JsonNode node, String path) {
    JsonNode current = node;
    for (String part : path.split("\\.")) {
      current = current.path(part);
    }
    return current;
  }

  @FunctionalInterface
  private interface Difference {
    void found(String path, JsonNode next, JsonNode now);
  }

  /** Reports each leaf the new value sets differently from the live one (fields the new value leaves out are the server's). */
  private static void differences(String path, JsonNode next, JsonNode now, Difference report) {
    if (next == null || next.isNull()) {
      return;
    }
    if (next.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = next.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        differences(path + "." + field.getKey(), field.getValue(), now.path(field.getKey()), report);
      }
      return;
    }
    if (next.isArray()) {
      if (!now.isArray() || now.size() != next.size()) {
        report.found(path, next, now.isMissingNode() ? JSON.nullNode() : now);
        return;
      }
      for (int i = 0; i < next.size(); i++) {
        JsonNode element = next.get(i);
        String key = element.has("metadata") && element.path("metadata").has("name") ? element.path("metadata").path("name").asText()
            : element.has("name") ? element.path("name").asText() : String.valueOf(i);
        differences(path + "[" + key + "]", element, now.get(i), report);
      }
      return;
    }
    if (!same(next, now)) {
      report.found(path, next, now.isMissingNode() ? JSON.nullNode() : now);
    }
  }

  /** Equal as Kubernetes reads them: numbers by value, a number and its string as quantities ({@code 1} and {@code "1"}). */
  private static boolean same(JsonNode next, JsonNode now) {
    if (next.equals(now)) {
      return true;
    }
    if (next.isNumber() && now.isNumber()) {
      return next.decimalValue().compareTo(now.decimalValue()) == 0;
    }
    return next.isValueNode() && now.isValueNode() && next.asText().equals(now.asText());
  }

  private static HasMetadata live(KubernetesClient client, String namespace, HasMetadata object) {
    try {
      HasMetadata copy = SERIALIZATION.clone(object);
      if (copy.getMetadata().getNamespace() == null) {
        copy.getMetadata().setNamespace(namespace);
      }
      return copy instanceof GenericKubernetesResource ? null : client.resource(copy).get();
    } catch (RuntimeException e) {
      return null;  // Not there, or a kind this cluster does not serve: nothing live to compare with.
    }
  }

  private static JsonNode tree(HasMetadata object) {
    try {
      return JSON.readTree(SERIALIZATION.asJson(object));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
