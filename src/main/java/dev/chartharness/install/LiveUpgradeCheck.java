package dev.chartharness.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chartharness.render.RenderedObject;
import dev.chartharness.render.RenderedRelease;
import dev.chartharness.validate.Finding;
import dev.chartharness.validate.UpgradeRules;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an upgrade would do to the live objects of a release, checked before Helm runs: changes Kubernetes
 * refuses in place ({@link UpgradeRules}: a StatefulSet's spec outside the updatable fields, a workload's selector,
 * a Job's pod template, a claim's spec other than growing its storage, a Service's clusterIP or ipFamilies, a
 * StorageClass's parameters, an immutable ConfigMap or Secret), and, under
 * server-side apply, fields another field manager owns that the upgrade would change (Helm 4 stops with a
 * conflict there). Only fields the new render sets are compared, so defaults the API server filled in never
 * count as changes. Each finding names the object, the field, both values and the way out.
 */
public final class LiveUpgradeCheck {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  /** Managers whose fields are the cluster's own bookkeeping, never the user's edits. */
  private static final Set<String> SYSTEM_MANAGERS = Set.of("kube-controller-manager", "kube-scheduler", "kubelet", "kube-apiserver");
  static final String RULE = UpgradeRules.RULE;

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
      findings.addAll(UpgradeRules.compare(id, object.kind(), current, rendered, UpgradeRules.Mode.LIVE));
      if (serverSideApply) {
        conflicts(id, live, rendered, current, helmManager, findings);
      }
    }
    return findings;
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
        if (next != null && !next.isMissingNode() && now != null && !UpgradeRules.same(next, now) && !path.startsWith("metadata.")) {
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
    return dev.chartharness.render.ObjectJson.tree(object);
  }
}
