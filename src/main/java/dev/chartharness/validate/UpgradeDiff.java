package dev.chartharness.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.chartharness.render.RenderedObject;
import dev.chartharness.render.RenderedRelease;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The review of an upgrade before it runs: a base render (what runs, or what was published) against the new
 * render of the same chart and values, object by object — added, removed, changed with each field's old and new
 * value (Secret values masked) — and the {@link UpgradeRules} findings, plus what only the whole release shows:
 * a removed claim or StatefulSet that takes data with it, a Secret renamed or a key gone (generated credentials
 * regenerate, the database keeps the old ones), a Service that stops selecting the pods it served.
 */
public final class UpgradeDiff {

  private static final String MASK = "(secret value)";

  private UpgradeDiff() {
  }

  /**
   * One object's change.
   *
   * @param object {@code Kind/name} (with its namespace when it names one)
   * @param change {@code added}, {@code removed} or {@code changed}
   * @param fields the fields that changed (for {@code changed})
   */
  public record ObjectChange(String object, String change, List<FieldChange> fields) {
  }

  /**
   * One field's change.
   *
   * @param path the field path
   * @param before the base's value ({@code null} when absent)
   * @param after the new value ({@code null} when absent)
   */
  public record FieldChange(String path, String before, String after) {
    @Override
    public String toString() {
      return path + ": " + before + " -> " + after;
    }
  }

  /**
   * The review.
   *
   * @param changes every object that is added, removed or changed
   * @param findings what Kubernetes forbids (errors) or what loses data (errors) or may (warnings)
   */
  public record Report(List<ObjectChange> changes, List<Finding> findings) {

    public boolean hasErrors() {
      return findings.stream().anyMatch(Finding::isError);
    }

    /** The review as a person reads it on a pull request. */
    public String describe() {
      StringBuilder out = new StringBuilder();
      for (ObjectChange change : changes) {
        out.append(switch (change.change()) {
          case "added" -> "+ ";
          case "removed" -> "- ";
          default -> "~ ";
        }).append(change.object()).append('\n');
        change.fields().forEach(field -> out.append("    ").append(field).append('\n'));
      }
      findings.forEach(finding -> out.append(finding).append('\n'));
      return out.toString();
    }
  }

  /** Compares {@code base} with {@code next}. */
  public static Report compare(RenderedRelease base, RenderedRelease next) {
    Map<String, RenderedObject> before = byId(base);
    Map<String, RenderedObject> after = byId(next);
    TreeSet<String> ids = new TreeSet<>(before.keySet());
    ids.addAll(after.keySet());
    List<ObjectChange> changes = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (String id : ids) {
      RenderedObject was = before.get(id);
      RenderedObject now = after.get(id);
      if (was == null) {
        changes.add(new ObjectChange(id, "added", List.of()));
        continue;
      }
      if (now == null) {
        changes.add(new ObjectChange(id, "removed", List.of()));
        removed(id, was, next, findings);
        continue;
      }
      JsonNode oldTree = tree(was);
      JsonNode newTree = tree(now);
      List<FieldChange> fields = new ArrayList<>();
      UpgradeRules.differences("", oldTree, newTree, UpgradeRules.Mode.RENDERED,
          (path, old, current) -> fields.add(new FieldChange(path.substring(1), old.toString(), current.toString())));
      if (!fields.isEmpty()) {
        changes.add(new ObjectChange(id, "changed", fields));
      }
      if (was.hook().isEmpty() && now.hook().isEmpty()) {
        findings.addAll(UpgradeRules.compare(id, now.kind(), oldTree, newTree, UpgradeRules.Mode.RENDERED));
        if (now.kind().equals("Secret")) {
          secretKeys(id, oldTree, newTree, findings);
        }
        if (now.kind().equals("Service")) {
          serviceSelector(id, oldTree, newTree, findings);
        }
      }
    }
    return new Report(changes, findings.stream().distinct().sorted(Finding.ORDER).toList());
  }

  /** A removed object that took data or credentials with it. */
  private static void removed(String id, RenderedObject was, RenderedRelease next, List<Finding> findings) {
    Map<String, String> annotations = Optional.ofNullable(was.resource().getMetadata().getAnnotations()).orElse(Map.of());
    boolean kept = "keep".equals(annotations.get("helm.sh/resource-policy"));
    switch (was.kind()) {
      case "PersistentVolumeClaim" -> {
        if (!kept) {
          findings.add(Finding.error(UpgradeRules.RULE, id, "metadata.name", "removed, and without helm.sh/resource-policy: keep Helm deletes it:"
              + " its data goes with it (annotate it keep before removing it, or keep rendering it)"));
        }
      }
      case "StatefulSet" -> {
        JsonNode policy = tree(was).path("spec").path("persistentVolumeClaimRetentionPolicy").path("whenDeleted");
        if (policy.asText("Retain").equals("Delete")) {
          findings.add(Finding.error(UpgradeRules.RULE, id, "spec.persistentVolumeClaimRetentionPolicy.whenDeleted",
              "removed with whenDeleted: Delete: Kubernetes deletes its claims and their data (set Retain first)"));
        } else {
          findings.add(Finding.warning(UpgradeRules.RULE, id, "metadata.name",
              "removed: its pods go; its claims stay (Retain) and a StatefulSet of the same name would find them again"));
        }
      }
      case "Secret" -> {
        String replacement = next.objects().stream().filter(object -> object.kind().equals("Secret"))
            .filter(object -> sameKeys(tree(was), tree(object))).map(RenderedObject::id).findFirst().orElse(null);
        findings.add(Finding.error(UpgradeRules.RULE, id, "metadata.name", replacement != null
            ? "renamed to " + replacement + ": generated values are generated again, and a database keeps the credentials it was"
                + " initialised with (keep the name, or move the values into an existingSecret)"
            : "removed: whatever reads it (a mounted password, a database's credentials) loses it"));
      }
      default -> {
        // Other removals are ordinary; they are listed in the changes.
      }
    }
  }

  private static void secretKeys(String id, JsonNode before, JsonNode after, List<Finding> findings) {
    for (String field : List.of("data", "stringData")) {
      before.path(field).fieldNames().forEachRemaining(key -> {
        if (!after.path(field).has(key) && !after.path(field.equals("data") ? "stringData" : "data").has(key)) {
          findings.add(Finding.error(UpgradeRules.RULE, id, field + "." + key, "key removed: a generated value under a new key is generated"
              + " again, and whatever was initialised with the old one (a database) keeps it"));
        }
      });
    }
  }

  private static void serviceSelector(String id, JsonNode before, JsonNode after, List<Finding> findings) {
    JsonNode was = before.path("spec").path("selector");
    JsonNode now = after.path("spec").path("selector");
    if (!was.isMissingNode() && !now.isMissingNode() && !was.equals(now)) {
      findings.add(Finding.warning(UpgradeRules.RULE, id, "spec.selector", was + " -> " + now + ": until the new pods are Ready the Service"
          + " selects none of the running ones (traffic stops), and pods only the old selector matched are orphaned"));
    }
  }

  private static boolean sameKeys(JsonNode a, JsonNode b) {
    TreeSet<String> left = new TreeSet<>();
    a.path("data").fieldNames().forEachRemaining(left::add);
    TreeSet<String> right = new TreeSet<>();
    b.path("data").fieldNames().forEachRemaining(right::add);
    return !left.isEmpty() && left.equals(right);
  }

  private static Map<String, RenderedObject> byId(RenderedRelease release) {
    Map<String, RenderedObject> objects = new LinkedHashMap<>();
    release.objects().forEach(object -> objects.put(object.id(), object));
    return objects;
  }

  /** The object as JSON, Secret values masked (they differ on every render and are never printed). */
  private static JsonNode tree(RenderedObject object) {
    JsonNode node = dev.chartharness.render.ObjectJson.tree(object.resource());
    if (object.kind().equals("Secret") && node instanceof ObjectNode secret) {
      for (String field : List.of("data", "stringData")) {
        if (secret.get(field) instanceof ObjectNode values) {
          List<String> keys = new ArrayList<>();
          values.fieldNames().forEachRemaining(keys::add);
          keys.forEach(key -> values.set(key, TextNode.valueOf(MASK)));
        }
      }
    }
    maskSecretChecksums(node);
    return node;
  }

  /** A checksum of a generated Secret differs on every offline render; it is masked like the values themselves. */
  private static void maskSecretChecksums(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.get("annotations") instanceof ObjectNode annotations) {
        List<String> keys = new ArrayList<>();
        annotations.fieldNames().forEachRemaining(key -> {
          if (key.startsWith("checksum/secret")) {
            keys.add(key);
          }
        });
        keys.forEach(key -> annotations.set(key, TextNode.valueOf(MASK)));
      }
      object.elements().forEachRemaining(UpgradeDiff::maskSecretChecksums);
    } else if (node.isArray()) {
      node.elements().forEachRemaining(UpgradeDiff::maskSecretChecksums);
    }
  }
}
