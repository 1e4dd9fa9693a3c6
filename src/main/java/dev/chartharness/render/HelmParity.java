package dev.chartharness.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chartharness.base.FileTrees;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares the harness's render of a chart with {@code helm template --include-crds} of the Helm CLI,
 * object by object and field by field. Values Helm generates at random ({@code randAlphaNum} Secrets,
 * checksums of them) are masked; every other difference is reported with its object and field path.
 */
public final class HelmParity {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String MASKED = "(random)";

  private HelmParity() {
  }

  /**
   * A copy of {@code chart} as {@code helm dependency build} leaves it for its {@code file://} dependencies,
   * made with the Helm CLI alone ({@code helm package} of each, leaf first): the input for the CLI side.
   */
  public static Path helmInput(HelmCli helm, Path chart, Path scratch) {
    try {
      Path copy = Files.createTempDirectory(scratch, "helm-input-").resolve(chart.getFileName().toString());
      FileTrees.copy(chart, copy);
      for (ChartDependency dependency : Chart.load(chart).dependencies()) {
        java.util.Optional<Path> local = dependency.localDirectory(chart);
        if (local.isPresent()) {
          Path built = helmInput(helm, local.get(), scratch);
          Path charts = copy.resolve("charts");
          Files.createDirectories(charts);
          try (Stream<Path> stale = Files.list(charts)) {
            for (Path entry : stale.filter(path -> path.getFileName().toString().startsWith(dependency.name() + "-")
                && path.getFileName().toString().endsWith(".tgz")).toList()) {
              Files.delete(entry);
            }
          }
          helm.call(scratch, "package", built.toString(), "-d", charts.toString());
        }
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + chart + " for the Helm CLI: " + e.getMessage(), e);
    }
  }

  /** The objects of multi-document YAML, by {@code kind/namespace/name}, with random values masked. */
  public static Map<String, JsonNode> objects(String manifest) {
    Map<String, JsonNode> objects = new TreeMap<>();
    for (ManifestParser.Document document : ManifestParser.documents(manifest)) {
      JsonNode node;
      try {
        node = YAML.readTree(document.text());
      } catch (IOException e) {
        throw new IllegalArgumentException(document.source() + ": not YAML: " + e.getMessage(), e);
      }
      if (node == null || !node.isObject()) {
        continue;
      }
      JsonNode metadata = node.path("metadata");
      String id = node.path("kind").asText() + "/" + metadata.path("namespace").asText("") + "/" + metadata.path("name").asText();
      objects.put(id, masked((ObjectNode) node));
    }
    return objects;
  }

  /** The harness's typed objects, serialized as the API server would receive them, by {@code kind/namespace/name}, random values masked. */
  public static Map<String, JsonNode> objects(List<RenderedObject> rendered) {
    Map<String, JsonNode> objects = new TreeMap<>();
    for (RenderedObject object : rendered) {
      JsonNode node = ObjectJson.tree(object.resource());
      String namespace = object.resource().getMetadata().getNamespace();
      objects.put(object.kind() + "/" + (namespace == null ? "" : namespace) + "/" + object.name(), masked((ObjectNode) node));
    }
    return objects;
  }

  /** Every difference between Helm's objects and the harness's, one line each; empty when they agree. */
  public static List<String> differences(Map<String, JsonNode> helm, Map<String, JsonNode> harness) {
    List<String> differences = new ArrayList<>();
    Set<String> ids = new TreeSet<>(helm.keySet());
    ids.addAll(harness.keySet());
    for (String id : ids) {
      JsonNode expected = helm.get(id);
      JsonNode actual = harness.get(id);
      if (expected == null) {
        differences.add(id + ": rendered by the harness only");
      } else if (actual == null) {
        differences.add(id + ": rendered by Helm only");
      } else {
        compare(id, "", expected, actual, differences);
      }
    }
    return differences;
  }

  private static void compare(String id, String path, JsonNode expected, JsonNode actual, List<String> differences) {
    if (expected.isObject() && actual.isObject()) {
      Set<String> fields = new TreeSet<>();
      expected.fieldNames().forEachRemaining(fields::add);
      actual.fieldNames().forEachRemaining(fields::add);
      for (String field : fields) {
        String child = path.isEmpty() ? field : path + "." + field;
        if (!expected.has(field)) {
          differences.add(id + " " + child + ": only the harness has it (" + actual.get(field) + ")");
        } else if (!actual.has(field)) {
          differences.add(id + " " + child + ": only Helm has it (" + expected.get(field) + ")");
        } else {
          compare(id, child, expected.get(field), actual.get(field), differences);
        }
      }
    } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
      for (int i = 0; i < expected.size(); i++) {
        compare(id, path + "[" + i + "]", expected.get(i), actual.get(i), differences);
      }
    } else if (expected.isNumber() && actual.isNumber() && expected.decimalValue().compareTo(actual.decimalValue()) == 0) {
      // The same JSON number: the typed model holds CRD bounds as doubles (10 is 10.0), which the API server reads alike.
      return;
    } else if (!expected.equals(actual)) {
      differences.add(id + " " + path + ": Helm " + expected + ", harness " + actual);
    }
  }

  /** Secret values and checksums of Secrets are random per render: both sides show the same mask. */
  private static JsonNode masked(ObjectNode object) {
    if (object.path("kind").asText().equals("Secret")) {
      for (String field : List.of("data", "stringData")) {
        if (object.get(field) instanceof ObjectNode values) {
          Iterator<Map.Entry<String, JsonNode>> entries = values.fields();
          List<String> keys = new ArrayList<>();
          entries.forEachRemaining(entry -> keys.add(entry.getKey()));
          keys.forEach(key -> values.set(key, TextNode.valueOf(MASKED)));
        }
      }
    }
    maskChecksums(object);
    return object;
  }

  private static void maskChecksums(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.get("annotations") instanceof ObjectNode annotations && annotations.has("checksum/secret")) {
        annotations.set("checksum/secret", TextNode.valueOf(MASKED));
      }
      object.elements().forEachRemaining(HelmParity::maskChecksums);
    } else if (node.isArray()) {
      node.elements().forEachRemaining(HelmParity::maskChecksums);
    }
  }
}
