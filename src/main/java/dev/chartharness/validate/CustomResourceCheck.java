package dev.chartharness.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chartharness.render.ManifestParser;
import dev.chartharness.render.RenderedObject;
import dev.chartharness.render.RenderedRelease;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Custom resources checked strictly against their CustomResourceDefinition's {@code openAPIV3Schema},
 * like built-in kinds: unknown fields (where the schema does not preserve them), wrong types, missing
 * required fields, enums, bounds and patterns. The CRDs are the release's own (its charts' {@code crds/}
 * and templates) and files passed with {@link ValidateCommand#withCrds}. A custom resource whose CRD is
 * neither is a warning: it needs the CRD installed in the cluster.
 */
final class CustomResourceCheck implements Check {

  private static final java.util.Set<String> OBJECT_HEADER = java.util.Set.of("apiVersion", "kind", "metadata");

  private final List<JsonNode> extraDefinitions;

  CustomResourceCheck(List<Path> crdFiles) {
    this.extraDefinitions = crdFiles.stream().flatMap(file -> read(file).stream()).toList();
  }

  @Override
  public String rule() {
    return "schema";
  }

  @Override
  public List<Finding> check(RenderedRelease release, Policy policy) {
    List<JsonNode> definitions = new ArrayList<>(extraDefinitions);
    for (RenderedObject object : release.objects()) {
      if (object.kind().equals("CustomResourceDefinition")) {
        definitions.add(tree(object));
      }
    }
    List<Finding> findings = new ArrayList<>();
    for (RenderedObject object : release.objects()) {
      if (!(object.resource() instanceof GenericKubernetesResource)) {
        continue;
      }
      String apiVersion = object.resource().getApiVersion();
      String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
      String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
      JsonNode definition = definitions.stream().filter(crd -> crd.path("spec").path("group").asText().equals(group)
          && crd.path("spec").path("names").path("kind").asText().equals(object.kind())).findFirst().orElse(null);
      if (definition == null) {
        findings.add(Finding.warning(rule(), object.id(), "apiVersion", "kind " + object.kind() + " of " + apiVersion
            + " is not a built-in type and no CustomResourceDefinition in the release or given with --crd defines it;"
            + " it needs its CRD installed in the cluster (check apiVersion and kind spelling)"));
        continue;
      }
      JsonNode served = null;
      List<String> versions = new ArrayList<>();
      for (JsonNode candidate : definition.path("spec").path("versions")) {
        versions.add(candidate.path("name").asText());
        if (candidate.path("name").asText().equals(version) && candidate.path("served").asBoolean(true)) {
          served = candidate;
        }
      }
      String crdName = definition.path("metadata").path("name").asText();
      if (served == null) {
        findings.add(Finding.error(rule(), object.id(), "apiVersion", "CustomResourceDefinition " + crdName + " serves no version " + version
            + "; it has " + versions));
        continue;
      }
      JsonNode schema = served.path("schema").path("openAPIV3Schema");
      if (schema.isMissingNode()) {
        continue;
      }
      JsonNode resource = tree(object);
      Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (OBJECT_HEADER.contains(field.getKey())) {
          continue;
        }
        JsonNode property = schema.path("properties").path(field.getKey());
        if (property.isMissingNode() && !preservesUnknown(schema)) {
          findings.add(unknown(object, field.getKey(), field.getKey(), schema, crdName));
        } else if (!property.isMissingNode()) {
          validate(object, field.getKey(), field.getValue(), property, crdName, findings);
        }
      }
      for (JsonNode required : schema.path("required")) {
        if (!OBJECT_HEADER.contains(required.asText()) && !resource.has(required.asText())) {
          findings.add(Finding.error(rule(), object.id(), required.asText(), "is required by " + crdName));
        }
      }
    }
    return findings;
  }

  private void validate(RenderedObject object, String path, JsonNode value, JsonNode schema, String crd, List<Finding> findings) {
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        findings.add(Finding.error(rule(), object.id(), path, "null is not allowed by " + crd));
      }
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!value.isIntegralNumber() && !value.isTextual()) {
        findings.add(wrongType(object, path, value, "integer or string", crd));
      }
      return;
    }
    String type = schema.path("type").asText("");
    boolean typed = switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber() || value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
    if (!typed) {
      findings.add(wrongType(object, path, value, type, crd));
      return;
    }
    if (schema.has("enum")) {
      boolean listed = false;
      for (JsonNode option : schema.path("enum")) {
        listed |= option.equals(value);
      }
      if (!listed) {
        findings.add(Finding.error(rule(), object.id(), path, value + " is not one of " + schema.path("enum") + " (" + crd + ")"));
      }
    }
    if (value.isNumber()) {
      bound(object, path, value, schema, "minimum", -1, crd, findings);
      bound(object, path, value, schema, "maximum", 1, crd, findings);
    }
    if (value.isTextual()) {
      int length = value.asText().codePointCount(0, value.asText().length());
      if (schema.has("minLength") && length < schema.path("minLength").asInt()) {
        findings.add(Finding.error(rule(), object.id(), path, "is shorter than minLength " + schema.path("minLength").asInt() + " (" + crd + ")"));
      }
      if (schema.has("maxLength") && length > schema.path("maxLength").asInt()) {
        findings.add(Finding.error(rule(), object.id(), path, "is longer than maxLength " + schema.path("maxLength").asInt() + " (" + crd + ")"));
      }
      if (schema.has("pattern") && !Pattern.compile(schema.path("pattern").asText()).matcher(value.asText()).find()) {
        findings.add(Finding.error(rule(), object.id(), path, "\"" + value.asText() + "\" does not match the pattern " + schema.path("pattern").asText() + " (" + crd + ")"));
      }
    }
    if (value.isArray()) {
      if (schema.has("minItems") && value.size() < schema.path("minItems").asInt()) {
        findings.add(Finding.error(rule(), object.id(), path, "has fewer than minItems " + schema.path("minItems").asInt() + " (" + crd + ")"));
      }
      if (schema.has("maxItems") && value.size() > schema.path("maxItems").asInt()) {
        findings.add(Finding.error(rule(), object.id(), path, "has more than maxItems " + schema.path("maxItems").asInt() + " (" + crd + ")"));
      }
      JsonNode items = schema.path("items");
      for (int i = 0; i < value.size() && items.isObject(); i++) {
        validate(object, path + "[" + i + "]", value.get(i), items, crd, findings);
      }
    }
    if (value.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      JsonNode additional = schema.path("additionalProperties");
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String child = path + "." + field.getKey();
        JsonNode property = schema.path("properties").path(field.getKey());
        if (!property.isMissingNode()) {
          validate(object, child, field.getValue(), property, crd, findings);
        } else if (additional.isObject()) {
          validate(object, child, field.getValue(), additional, crd, findings);
        } else if (!additional.asBoolean(false) && !preservesUnknown(schema)) {
          findings.add(unknown(object, child, field.getKey(), schema, crd));
        }
      }
      for (JsonNode required : schema.path("required")) {
        if (!value.has(required.asText())) {
          findings.add(Finding.error(rule(), object.id(), path + "." + required.asText(), "is required by " + crd));
        }
      }
    }
  }

  private void bound(RenderedObject object, String path, JsonNode value, JsonNode schema, String name, int sign, String crd, List<Finding> findings) {
    if (!schema.has(name)) {
      return;
    }
    int compared = value.decimalValue().compareTo(schema.path(name).decimalValue());
    boolean exclusive = schema.path("exclusive" + Character.toUpperCase(name.charAt(0)) + name.substring(1)).asBoolean(false);
    if (compared * sign > 0 || exclusive && compared == 0) {
      findings.add(Finding.error(rule(), object.id(), path, value + " is " + (sign < 0 ? "below the minimum " : "above the maximum ")
          + schema.path(name).asText() + (exclusive ? " (exclusive)" : "") + " (" + crd + ")"));
    }
  }

  private Finding unknown(RenderedObject object, String path, String name, JsonNode schema, String crd) {
    TreeSet<String> known = new TreeSet<>();
    schema.path("properties").fieldNames().forEachRemaining(known::add);
    return Finding.error(rule(), object.id(), path, "unknown field " + name + StrictSchemaCheck.suggestion(name, known)
        + "; " + crd + " does not define it (the API server drops or rejects it)");
  }

  private Finding wrongType(RenderedObject object, String path, JsonNode value, String type, String crd) {
    return Finding.error(rule(), object.id(), path, "wrong type: " + value + " is not a valid " + type + " (" + crd + ")");
  }

  private static boolean preservesUnknown(JsonNode schema) {
    return schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
  }

  private static JsonNode tree(RenderedObject object) {
    return dev.chartharness.render.ObjectJson.tree(object.resource());
  }

  /** The CRDs in a file given with {@code --crd} (one or more YAML documents); fails naming the file. */
  private static List<JsonNode> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("CRD file " + file + " does not exist");
    }
    List<JsonNode> definitions = new ArrayList<>();
    try {
      ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
      for (ManifestParser.Document document : ManifestParser.documents(Files.readString(file))) {
        JsonNode node;
        try {
          node = yaml.readTree(document.text());
        } catch (IOException e) {
          throw new IllegalArgumentException("CRD file " + file + " is not valid YAML: " + e.getMessage(), e);
        }
        if (node != null && node.path("kind").asText().equals("CustomResourceDefinition")) {
          definitions.add(node);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CRD file " + file + ": " + e.getMessage(), e);
    }
    if (definitions.isEmpty()) {
      throw new IllegalArgumentException("CRD file " + file + " holds no CustomResourceDefinition");
    }
    return definitions;
  }
}
