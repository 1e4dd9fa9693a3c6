package dev.chartharness.publish;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chartharness.render.ChartDependency;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One chart version in a repository's {@code index.yaml}: the chart's {@code Chart.yaml} metadata plus
 * where to download it and the archive's digest.
 *
 * @param name the chart's name
 * @param version the chart's version
 * @param appVersion the application version, empty when none
 * @param description the chart's description, empty when none
 * @param apiVersion the chart API version ({@code v2})
 * @param type {@code application} or {@code library}, empty when the chart does not say
 * @param dependencies the chart's dependencies
 * @param digest SHA-256 of the {@code .tgz} (hex, no {@code sha256:} prefix, as Helm writes it)
 * @param urls where to download the {@code .tgz}, relative to the index or absolute
 * @param created when this version entered the repository
 * @param otherFields every other {@code Chart.yaml} field (keywords, maintainers, home, annotations, ...), kept verbatim
 */
public record IndexEntry(String name, String version, String appVersion, String description, String apiVersion,
                         String type, List<ChartDependency> dependencies, String digest, List<String> urls,
                         Instant created, Map<String, Object> otherFields) {

  private static final Set<String> TYPED_FIELDS = Set.of("name", "version", "appVersion", "description", "apiVersion",
      "type", "dependencies", "digest", "urls", "created");
  private static final ObjectMapper JSON = new ObjectMapper();

  public IndexEntry {
    dependencies = List.copyOf(dependencies);
    urls = List.copyOf(urls);
    otherFields = Collections.unmodifiableMap(new TreeMap<>(otherFields));
  }

  /** The entry for a chart archive, from its {@code Chart.yaml} (parsed) and its digest. */
  static IndexEntry of(JsonNode chartYaml, String digest, String url, Instant created) {
    ObjectNodeFields fields = new ObjectNodeFields(chartYaml);
    return new IndexEntry(fields.text("name"), fields.text("version"), fields.text("appVersion"),
        fields.text("description"), fields.text("apiVersion"), fields.text("type"),
        dependencies(chartYaml.path("dependencies")), digest, List.of(url), created, fields.others());
  }

  /** Reads one entry of an {@code index.yaml}; fails naming the field when it is unusable. */
  static IndexEntry parse(JsonNode entry) {
    ObjectNodeFields fields = new ObjectNodeFields(entry);
    List<String> urls = new ArrayList<>();
    entry.path("urls").forEach(url -> urls.add(url.asText()));
    String name = fields.text("name");
    String version = fields.text("version");
    if (name.isEmpty() || version.isEmpty()) {
      throw new IllegalArgumentException("an entry without name or version: " + entry);
    }
    return new IndexEntry(name, version, fields.text("appVersion"), fields.text("description"),
        fields.text("apiVersion"), fields.text("type"), dependencies(entry.path("dependencies")),
        fields.text("digest"), urls, created(name, version, fields.text("created")), fields.others());
  }

  private static Instant created(String name, String version, String text) {
    if (text.isEmpty()) {
      return Instant.EPOCH;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " " + version + ": created is not an RFC 3339 time: " + text, e);
    }
  }

  private static List<ChartDependency> dependencies(JsonNode list) {
    List<ChartDependency> dependencies = new ArrayList<>();
    for (JsonNode dependency : list) {
      dependencies.add(new ChartDependency(dependency.path("name").asText(""), dependency.path("version").asText(""),
          dependency.path("repository").asText(""), dependency.path("condition").asText("")));
    }
    return dependencies;
  }

  /** The entry as {@code index.yaml} holds it: keys in alphabetical order and empty fields left out, as Helm writes them. */
  Map<String, Object> toYamlMap() {
    Map<String, Object> yaml = new TreeMap<>(otherFields);
    putUnlessEmpty(yaml, "apiVersion", apiVersion);
    putUnlessEmpty(yaml, "appVersion", appVersion);
    yaml.put("created", created.toString());
    if (!dependencies.isEmpty()) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (ChartDependency dependency : dependencies) {
        Map<String, Object> item = new TreeMap<>();
        putUnlessEmpty(item, "condition", dependency.condition());
        item.put("name", dependency.name());
        putUnlessEmpty(item, "repository", dependency.repository());
        putUnlessEmpty(item, "version", dependency.version());
        list.add(item);
      }
      yaml.put("dependencies", list);
    }
    putUnlessEmpty(yaml, "description", description);
    putUnlessEmpty(yaml, "digest", digest);
    yaml.put("name", name);
    putUnlessEmpty(yaml, "type", type);
    yaml.put("urls", urls);
    yaml.put("version", version);
    return yaml;
  }

  private static void putUnlessEmpty(Map<String, Object> map, String key, String value) {
    if (value != null && !value.isEmpty()) {
      map.put(key, value);
    }
  }

  /** A mapping's text fields, and the rest as plain Java values. */
  private record ObjectNodeFields(JsonNode node) {

    String text(String field) {
      JsonNode value = node.path(field);
      return value.isValueNode() ? value.asText("") : "";
    }

    Map<String, Object> others() {
      Map<String, Object> others = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (!TYPED_FIELDS.contains(field.getKey())) {
          others.put(field.getKey(), JSON.convertValue(field.getValue(), new TypeReference<Object>() { }));
        }
      }
      return others;
    }
  }
}
