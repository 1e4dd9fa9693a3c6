package dev.chartharness.docs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ## @section}, {@code ## @param path description} and {@code ## @schema path {...}} comments of a
 * chart's {@code values.yaml}, each parameter with its default read from the file itself.
 */
public final class ValuesDocumentation {

  private static final Pattern SECTION = Pattern.compile("^\\s*##\\s*@section\\s+(.+?)\\s*$");
  private static final Pattern PARAM = Pattern.compile("^\\s*##\\s*@param\\s+(\\S+)\\s+(.+?)\\s*$");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path valuesFile;
  private final List<Section> sections;
  private final List<SchemaAnnotation> annotations;
  private final JsonNode values;
  private final Map<String, Integer> keyLines;

  private ValuesDocumentation(Path valuesFile, List<Section> sections, List<SchemaAnnotation> annotations, JsonNode values,
                              Map<String, Integer> keyLines) {
    this.valuesFile = valuesFile;
    this.sections = sections;
    this.annotations = annotations;
    this.values = values;
    this.keyLines = keyLines;
  }

  /**
   * Reads the comments and defaults of {@code values.yaml}; fails naming file, line and path for a parameter that
   * has no value and for a malformed {@code @schema} annotation.
   */
  public static ValuesDocumentation read(Path valuesFile) {
    List<String> lines;
    JsonNode values;
    Map<String, Integer> keyLines;
    try {
      String text = Files.readString(valuesFile);
      lines = text.lines().toList();
      values = YAML.readTree(text);
      keyLines = keyLines(text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + valuesFile + ": " + e.getMessage(), e);
    }
    if (values == null || values.isMissingNode()) {
      values = YAML.createObjectNode();
    }
    List<Section> sections = new ArrayList<>();
    List<SchemaAnnotation> annotations = new ArrayList<>();
    Section current = null;
    for (int number = 1; number <= lines.size(); number++) {
      String line = lines.get(number - 1);
      Matcher section = SECTION.matcher(line);
      Matcher param = PARAM.matcher(line);
      if (SchemaAnnotation.starts(line)) {
        SchemaAnnotation.Parsed parsed = SchemaAnnotation.parse(valuesFile, lines, number - 1);
        annotations.add(parsed.annotation());
        number = parsed.lastIndex() + 1;
      } else if (section.matches()) {
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
    return new ValuesDocumentation(valuesFile, sections, annotations, values, keyLines);
  }

  public List<Section> sections() {
    return sections;
  }

  /** The {@code @schema} annotations in file order. */
  public List<SchemaAnnotation> annotations() {
    return annotations;
  }

  /** The values as read from the file (an empty mapping for an empty file). */
  public JsonNode values() {
    return values;
  }

  /** The value at a dotted path; a missing node when the file defines none. */
  public JsonNode value(String dottedPath) {
    return at(values, dottedPath);
  }

  /** The {@code @param} of a dotted path, if it has one. */
  public Optional<Parameter> parameter(String dottedPath) {
    return sections.stream().flatMap(section -> section.parameters().stream())
        .filter(parameter -> parameter.path().equals(dottedPath)).findFirst();
  }

  /** The line of the key at a dotted path (outside lists), 0 when the file has no such key. */
  public int line(String dottedPath) {
    return keyLines.getOrDefault(dottedPath, 0);
  }

  /** The line of every mapping key that is not inside a list, by its dotted path. */
  private static Map<String, Integer> keyLines(String text) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = YAML.getFactory().createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME) {
          List<String> names = new ArrayList<>();
          for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot(); context = context.getParent()) {
            if (context.inArray()) {
              names = null;
              break;
            }
            names.add(0, context.getCurrentName());
          }
          if (names != null) {
            lines.putIfAbsent(String.join(".", names), parser.currentTokenLocation().getLineNr());
          }
        }
      }
    }
    return lines;
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
