package dev.chartharness.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.StreamSupport;

/**
 * One {@code ## @schema PATH {keywords}} comment of a {@code values.yaml}: JSON Schema (draft-07) keywords, written
 * as a YAML flow mapping, for the value at {@code PATH} ({@code .} is the values root). The mapping may go on over
 * the following {@code ##} lines until its braces close. At the top of the mapping {@code required: true} means
 * "PATH must stay set"; inside it (item schemas, extra properties) every keyword is plain JSON Schema.
 *
 * @param path the dotted values path, {@code .} for the root
 * @param line the line of {@code @schema} in the file
 * @param keywords the keywords as written, in their order
 */
public record SchemaAnnotation(String path, int line, ObjectNode keywords) {

  public static final String ROOT = ".";

  private static final Pattern START = Pattern.compile("^\\s*##\\s*@schema\\b\\s*(\\S*)\\s*(.*?)\\s*$");
  private static final Pattern CONTINUATION = Pattern.compile("^\\s*##(?!\\s*@)(.*)$");
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
  private static final List<String> TYPES = List.of("string", "integer", "number", "boolean", "object", "array", "null");

  /** What a keyword's argument must be. */
  private enum Argument { TYPE, VALUES, ANY, SCHEMA, SCHEMA_OR_BOOLEAN, SCHEMAS, SCHEMA_MAP, NUMBER, COUNT, REGEX, TEXT, BOOLEAN, NAMES }

  /** The draft-07 validation keywords an annotation may use, anywhere in it. */
  private static final Map<String, Argument> KEYWORDS = Map.ofEntries(
      Map.entry("type", Argument.TYPE), Map.entry("enum", Argument.VALUES), Map.entry("const", Argument.ANY),
      Map.entry("not", Argument.SCHEMA), Map.entry("allOf", Argument.SCHEMAS), Map.entry("anyOf", Argument.SCHEMAS),
      Map.entry("oneOf", Argument.SCHEMAS), Map.entry("if", Argument.SCHEMA), Map.entry("then", Argument.SCHEMA),
      Map.entry("else", Argument.SCHEMA), Map.entry("minimum", Argument.NUMBER), Map.entry("maximum", Argument.NUMBER),
      Map.entry("exclusiveMinimum", Argument.NUMBER), Map.entry("exclusiveMaximum", Argument.NUMBER),
      Map.entry("multipleOf", Argument.NUMBER), Map.entry("minLength", Argument.COUNT), Map.entry("maxLength", Argument.COUNT),
      Map.entry("pattern", Argument.REGEX), Map.entry("format", Argument.TEXT), Map.entry("items", Argument.SCHEMA),
      Map.entry("contains", Argument.SCHEMA), Map.entry("minItems", Argument.COUNT), Map.entry("maxItems", Argument.COUNT),
      Map.entry("uniqueItems", Argument.BOOLEAN), Map.entry("properties", Argument.SCHEMA_MAP),
      Map.entry("patternProperties", Argument.SCHEMA_MAP), Map.entry("additionalProperties", Argument.SCHEMA_OR_BOOLEAN),
      Map.entry("propertyNames", Argument.SCHEMA), Map.entry("minProperties", Argument.COUNT),
      Map.entry("maxProperties", Argument.COUNT), Map.entry("required", Argument.NAMES), Map.entry("description", Argument.TEXT));

  /** True when the line starts an annotation. */
  static boolean starts(String line) {
    return START.matcher(line).matches();
  }

  /**
   * Parses the annotation that starts at {@code lines[index]} (0-based) and the {@code ##} lines it goes on over;
   * fails naming file, line and path when it is malformed or uses a keyword JSON Schema does not have.
   */
  static Parsed parse(Path file, List<String> lines, int index) {
    Matcher start = START.matcher(lines.get(index));
    if (!start.matches() || start.group(1).isEmpty() || start.group(1).startsWith("{")) {
      throw new IllegalArgumentException(file + ":" + (index + 1) + ": @schema needs a values path and a {...} mapping: ## @schema image.tag {minLength: 1}");
    }
    String path = start.group(1);
    String where = file + ":" + (index + 1) + ": @schema " + path + ": ";
    StringBuilder text = new StringBuilder(start.group(2));
    if (text.isEmpty() || text.charAt(0) != '{') {
      throw new IllegalArgumentException(where + "expected a {...} mapping of JSON Schema keywords after the path, got \"" + text + "\"");
    }
    int last = index;
    while (depth(text) > 0 && last + 1 < lines.size() && CONTINUATION.matcher(lines.get(last + 1)).matches()) {
      Matcher continuation = CONTINUATION.matcher(lines.get(++last));
      continuation.matches();
      text.append(' ').append(continuation.group(1).trim());
    }
    if (depth(text) != 0) {
      throw new IllegalArgumentException(where + "the mapping's brackets do not close (it may go on over the following ## lines)");
    }
    JsonNode keywords;
    try {
      keywords = YAML.readTree(text.toString());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + "not a YAML flow mapping: " + e.getOriginalMessage(), e);
    }
    if (keywords == null || !keywords.isObject() || keywords.isEmpty()) {
      throw new IllegalArgumentException(where + "expected a non-empty {...} mapping of JSON Schema keywords");
    }
    checkKeywords(where, "", (ObjectNode) keywords, true);
    return new Parsed(new SchemaAnnotation(path, index + 1, (ObjectNode) keywords), last);
  }

  /** True when the annotation asks that its value stay set ({@code required: true}). */
  public boolean required() {
    return keywords.path("required").asBoolean(false);
  }

  /**
   * An annotation and where it ends.
   *
   * @param annotation the annotation
   * @param lastIndex the 0-based index of its last line
   */
  record Parsed(SchemaAnnotation annotation, int lastIndex) {
  }

  /** Open brackets minus closed ones, outside quoted strings. */
  private static int depth(CharSequence text) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == '"' && c == '\\') {
        i++;
      } else if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return depth;
  }

  /** Checks every keyword of a schema, and of the schemas nested in it; fails naming the first bad one. */
  private static void checkKeywords(String where, String at, ObjectNode schema, boolean top) {
    for (Map.Entry<String, JsonNode> keyword : schema.properties()) {
      String name = keyword.getKey();
      String place = at.isEmpty() ? name : at + "." + name;
      Argument argument = KEYWORDS.get(name);
      if (argument == null) {
        throw new IllegalArgumentException(where + "unknown key " + place + " (an annotation holds JSON Schema draft-07 keywords: docs/chart-conventions.md)");
      }
      if (top && name.equals("description")) {
        throw new IllegalArgumentException(where + "description comes from the @param comment, not from @schema");
      }
      boolean requiredHere = top && name.equals("required");
      String problem = problem(where, place, requiredHere ? Argument.BOOLEAN : argument, keyword.getValue());
      if (problem != null) {
        throw new IllegalArgumentException(where + place + " " + problem + (requiredHere ? " (mark each required key with its own required: true)" : ""));
      }
    }
  }

  /** What is wrong with a keyword's argument, null when nothing; nested schemas are checked (and fail) on their own. */
  private static String problem(String where, String place, Argument argument, JsonNode value) {
    return switch (argument) {
      case TYPE -> (value.isArray() ? toList(value) : List.of(value)).stream().allMatch(type -> TYPES.contains(type.asText("")))
          && !(value.isArray() && value.isEmpty()) ? null : "takes " + String.join(", ", TYPES) + " or a list of them";
      case VALUES -> value.isArray() && !value.isEmpty() ? null : "takes a non-empty list";
      case SCHEMA -> nested(where, place, value);
      case SCHEMA_OR_BOOLEAN -> value.isBoolean() ? null : nested(where, place, value);
      case SCHEMAS -> {
        if (!value.isArray() || value.isEmpty()) {
          yield "takes a non-empty list of schemas";
        }
        for (int i = 0; i < value.size(); i++) {
          nested(where, place + "[" + i + "]", value.get(i));
        }
        yield null;
      }
      case SCHEMA_MAP -> {
        if (!value.isObject()) {
          yield "takes a mapping of names to schemas";
        }
        value.properties().forEach(property -> nested(where, place + "." + property.getKey(), property.getValue()));
        yield null;
      }
      case NUMBER -> value.isNumber() ? null : "takes a number";
      case COUNT -> value.isIntegralNumber() && value.canConvertToInt() && value.asInt() >= 0 ? null : "takes a whole number from 0";
      case REGEX -> regexProblem(value);
      case TEXT -> value.isTextual() ? null : "takes a string";
      case BOOLEAN -> value.isBoolean() ? null : "takes true or false";
      case NAMES -> value.isArray() && toList(value).stream().allMatch(JsonNode::isTextual) ? null : "takes a list of property names";
      case ANY -> null;
    };
  }

  /** Checks a nested schema; fails naming its place when it is no mapping or holds a bad keyword. */
  private static String nested(String where, String place, JsonNode value) {
    if (!value.isObject()) {
      throw new IllegalArgumentException(where + place + " takes a schema, a {...} mapping");
    }
    checkKeywords(where, place, (ObjectNode) value, false);
    return null;
  }

  private static String regexProblem(JsonNode value) {
    if (!value.isTextual()) {
      return "takes a regular expression in quotes";
    }
    try {
      Pattern.compile(value.asText());
      return null;
    } catch (PatternSyntaxException e) {
      return "is not a regular expression: " + e.getDescription();
    }
  }

  private static List<JsonNode> toList(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }
}
