package dev.chartharness.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ## @section} and {@code ## @param path description} comments of a chart's
 * {@code values.yaml}, each parameter with its default read from the file itself.
 */
public final class ValuesDocumentation {

  private static final Pattern SECTION = Pattern.compile("^\\s*##\\s*@section\\s+(.+?)\\s*$");
  private static final Pattern PARAM = Pattern.compile("^\\s*##\\s*@param\\s+(\\S+)\\s+(.+?)\\s*$");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path valuesFile;
  private final List<Section> sections;
  private final JsonNode values;

  private ValuesDocumentation(Path valuesFile, List<Section> sections, JsonNode values) {
    this.valuesFile = valuesFile;
    this.sections = sections;
    this.values = values;
  }

  /** Reads the comments and defaults of {@code values.yaml}; fails naming a parameter that has no value. */
  public static ValuesDocumentation read(Path valuesFile) {
    List<String> lines;
    JsonNode values;
    try {
      lines = Files.readAllLines(valuesFile);
      values = YAML.readTree(valuesFile.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + valuesFile + ": " + e.getMessage(), e);
    }
    if (values == null || values.isMissingNode()) {
      values = YAML.createObjectNode();
    }
    List<Section> sections = new ArrayList<>();
    Section current = null;
    for (int number = 1; number <= lines.size(); number++) {
      String line = lines.get(number - 1);
      Matcher section = SECTION.matcher(line);
      Matcher param = PARAM.matcher(line);
      if (section.matches()) {
        current = new Section(section.group(1), new ArrayList<>());
        sections.add(current);
      } else if (param.matches()) {
        if (current == null) {
          current = new Section("Parameters", new ArrayList<>());
          sections.add(current);
        }
        JsonNode value = at(values, param.group(1));
        if (value.isMissingNode()) {
          throw new IllegalArgumentException(valuesFile + ":" + number + ": @param " + param.group(1) + " documents a value that values.yaml does not define");
        }
        current.parameters().add(new Parameter(param.group(1), param.group(2), display(value)));
      }
    }
    return new ValuesDocumentation(valuesFile, sections, values);
  }

  public List<Section> sections() {
    return sections;
  }

  /** Values that no {@code @param} documents, neither themselves nor through an enclosing map. */
  public List<String> undocumentedValues() {
    List<String> documented = sections.stream().flatMap(section -> section.parameters().stream()).map(Parameter::path).toList();
    List<String> undocumented = new ArrayList<>();
    collectLeaves(values, "", documented, undocumented);
    return undocumented;
  }

  private static void collectLeaves(JsonNode node, String path, List<String> documented, List<String> undocumented) {
    if (!path.isEmpty() && documented.contains(path)) {
      return;
    }
    if (node.isObject() && node.size() > 0) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        collectLeaves(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), documented, undocumented);
      }
    } else if (!path.isEmpty()) {
      undocumented.add(path);
    }
  }

  public Path valuesFile() {
    return valuesFile;
  }

  private static JsonNode at(JsonNode root, String dottedPath) {
    JsonNode node = root;
    for (String part : dottedPath.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }

  private static String display(JsonNode value) {
    if (value.isTextual()) {
      return value.asText().isEmpty() ? "\"\"" : value.asText();
    }
    if (value.isNull()) {
      return "nil";
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A {@code ## @section} and the parameters under it.
   *
   * @param title the section's title
   * @param parameters its parameters in file order
   */
  public record Section(String title, List<Parameter> parameters) {
  }

  /**
   * One documented value.
   *
   * @param path the dotted path ({@code image.tag})
   * @param description the one-line description
   * @param defaultValue the default as shown in the table
   */
  public record Parameter(String path, String description, String defaultValue) {
  }
}
