package dev.chartharness.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits Helm's multi-document output into typed objects, remembering each one's template. */
public final class ManifestParser {

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: (.+)$");
  private static final KubernetesSerialization SERIALIZATION = lenientSerialization();

  private ManifestParser() {
  }

  /** Parses every non-empty document; a document that is not a Kubernetes object fails naming its template. */
  public static List<RenderedObject> parse(String manifest) {
    List<RenderedObject> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(manifest)) {
      Matcher source = SOURCE.matcher(document);
      String template = source.find() ? source.group(1).strip() : "(unknown template)";
      if (isBlank(document)) {
        continue;
      }
      Object parsed;
      try {
        parsed = SERIALIZATION.unmarshal(document);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(template + ": not a Kubernetes object: " + e.getMessage(), e);
      }
      if (parsed instanceof KubernetesList list) {
        list.getItems().forEach(item -> objects.add(new RenderedObject(template, item)));
      } else if (parsed instanceof HasMetadata resource) {
        objects.add(new RenderedObject(template, resource));
      } else {
        throw new IllegalArgumentException(template + ": not a Kubernetes object (no apiVersion/kind/metadata)");
      }
    }
    return objects;
  }

  /**
   * A mistyped field ({@code replicas: two}) is kept in the object's {@code additionalProperties}
   * under its own name instead of failing the whole parse, so validation can report it with its path.
   */
  private static KubernetesSerialization lenientSerialization() {
    KubernetesSerialization serialization = new KubernetesSerialization();
    serialization.getUnmatchedFieldTypeModule().setRestrictToTemplates(false);
    serialization.getUnmatchedFieldTypeModule().setLogWarnings(false);
    return serialization;
  }

  private static boolean isBlank(String document) {
    return document.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"));
  }
}
