package dev.chartharness.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chartharness.render.ProjectLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("values.schema.json generated from values.yaml, its @param comments and @schema annotations")
class ValuesSchemaTest {

  @TempDir
  Path chart;

  private ValuesDocumentation documentation(String values) throws IOException {
    return ValuesDocumentation.read(Files.writeString(chart.resolve("values.yaml"), values));
  }

  private JsonNode schema(String values, String... dependencies) throws IOException {
    return ValuesSchema.generate(documentation(values), "demo", List.of(dependencies));
  }

  private static JsonNode json(String text) throws IOException {
    return new ObjectMapper().readTree(text);
  }

  @Nested
  @DisplayName("valid")
  class Valid {

    @Test
    @DisplayName("each value's type is read from the value and its description from its @param")
    void typesAndDescriptions() throws IOException {
      JsonNode properties = schema("""
          ## @param name Name
          name: web
          ## @param replicas Replicas
          replicas: 2
          ## @param ratio Ratio
          ratio: 0.5
          ## @param enabled On or off
          enabled: true
          ## @param labels Extra labels
          labels: {}
          ## @param args Arguments
          args: [a, b]
          """).path("properties");
      assertThat(properties.path("name")).isEqualTo(json("{\"type\": \"string\", \"description\": \"Name\"}"));
      assertThat(properties.path("replicas").path("type").asText()).isEqualTo("integer");
      assertThat(properties.path("ratio").path("type").asText()).isEqualTo("number");
      assertThat(properties.path("enabled").path("type").asText()).isEqualTo("boolean");
      assertThat(properties.path("labels")).isEqualTo(json("{\"type\": \"object\", \"description\": \"Extra labels\"}"));
      assertThat(properties.path("args")).isEqualTo(json("{\"type\": \"array\", \"description\": \"Arguments\", \"items\": {\"type\": \"string\"}}"));
    }

    @Test
    @DisplayName("an object whose keys the chart defines refuses others, at every level; properties keep the file's order")
    void closedObjects() throws IOException {
      JsonNode schema = schema("""
          image:
            ## @param image.tag Tag
            tag: "1"
            ## @param image.repository Repository
            repository: web
          """);
      assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
      assertThat(schema.path("properties").path("image").path("additionalProperties").asBoolean(true)).isFalse();
      assertThat(schema.path("properties").path("image").path("properties").fieldNames()).toIterable().containsExactly("tag", "repository");
      assertThat(schema.path("title").asText()).isEqualTo("demo values");
    }

    @Test
    @DisplayName("enum, bounds, pattern and length come from the annotation, the type stays the value's")
    void constraints() throws IOException {
      JsonNode properties = schema("""
          ## @param pullPolicy Pull policy
          ## @schema pullPolicy {enum: [Always, IfNotPresent, Never]}
          pullPolicy: IfNotPresent
          ## @param port Port
          ## @schema port {minimum: 1024, maximum: 65535}
          port: 8080
          ## @param digest Digest
          ## @schema digest {pattern: '^(sha256:[a-f0-9]{64})?$', maxLength: 71}
          digest: ""
          """).path("properties");
      assertThat(properties.path("pullPolicy").path("enum")).isEqualTo(json("[\"Always\", \"IfNotPresent\", \"Never\"]"));
      assertThat(properties.path("port")).isEqualTo(json("{\"type\": \"integer\", \"description\": \"Port\", \"minimum\": 1024, \"maximum\": 65535}"));
      assertThat(properties.path("digest").path("pattern").asText()).isEqualTo("^(sha256:[a-f0-9]{64})?$");
      assertThat(properties.path("digest").path("maxLength").asInt()).isEqualTo(71);
    }

    @Test
    @DisplayName("required: true puts the key in its parent's required list, in the file's order, the root's included")
    void required() throws IOException {
      JsonNode schema = schema("""
          image:
            ## @param image.tag Tag
            ## @schema image.tag {required: true}
            tag: "1"
            ## @param image.registry Registry
            registry: docker.io
            ## @param image.repository Repository
            ## @schema image.repository {minLength: 1, required: true}
            repository: web
          ## @schema image {required: true}
          """);
      assertThat(schema.path("required")).isEqualTo(json("[\"image\"]"));
      assertThat(schema.path("properties").path("image").path("required")).isEqualTo(json("[\"tag\", \"repository\"]"));
      assertThat(schema.path("properties").path("image").path("properties").path("tag").has("required")).isFalse();
    }

    @Test
    @DisplayName("a type annotation widens the value's type, \"null\" included; items replace the ones read from the value")
    void typesAndItems() throws IOException {
      JsonNode properties = schema("""
          ## @param cpu CPU
          ## @schema cpu {type: [string, number]}
          cpu: 500m
          ## @param storageClass Storage class (null: the cluster's default)
          ## @schema storageClass {type: [string, "null"]}
          storageClass: null
          ## @param modes Access modes
          ## @schema modes {minItems: 1, items: {type: string, enum: [ReadWriteOnce, ReadOnlyMany]}}
          modes: [ReadWriteOnce]
          """).path("properties");
      assertThat(properties.path("cpu").path("type")).isEqualTo(json("[\"string\", \"number\"]"));
      assertThat(properties.path("storageClass").path("type")).isEqualTo(json("[\"string\", \"null\"]"));
      assertThat(properties.path("modes").path("items")).isEqualTo(json("{\"type\": \"string\", \"enum\": [\"ReadWriteOnce\", \"ReadOnlyMany\"]}"));
      assertThat(properties.path("modes").path("minItems").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("a free-form map stays open unless its annotation types its entries and names")
    void freeFormMaps() throws IOException {
      JsonNode properties = schema("""
          ## @param affinity Affinity
          affinity: {}
          ## @param extraEnv Extra variables
          ## @schema extraEnv {propertyNames: {pattern: '^[A-Z_]+$'}, additionalProperties: {type: [string, number]}}
          extraEnv:
            A: b
          """).path("properties");
      assertThat(properties.path("affinity").has("additionalProperties")).isFalse();
      assertThat(properties.path("extraEnv").path("additionalProperties")).isEqualTo(json("{\"type\": [\"string\", \"number\"]}"));
      assertThat(properties.path("extraEnv").path("propertyNames").path("pattern").asText()).isEqualTo("^[A-Z_]+$");
      assertThat(properties.path("extraEnv").has("properties")).isFalse();
    }

    @Test
    @DisplayName("keys values.yaml leaves unset go into their parent's properties, the root's through the path .")
    void extraProperties() throws IOException {
      JsonNode schema = schema("""
          ## @schema . {properties: {enabled: {type: boolean, description: Read by a parent chart}}}
          securityContext:
            ## @schema securityContext {properties: {sysctls: {type: array, items: {type: object, required: [name, value]}}}}
            ## @param securityContext.runAsUser User
            runAsUser: 1000
          """);
      assertThat(schema.path("properties").fieldNames()).toIterable().containsExactly("securityContext", "global", "enabled");
      assertThat(schema.path("properties").path("enabled").path("description").asText()).isEqualTo("Read by a parent chart");
      assertThat(schema.path("properties").path("securityContext").path("properties").fieldNames()).toIterable().containsExactly("runAsUser", "sysctls");
      assertThat(schema.path("properties").path("securityContext").path("properties").path("sysctls").path("items").path("required"))
          .isEqualTo(json("[\"name\", \"value\"]"));
    }

    @Test
    @DisplayName("global and the dependencies' blocks are open at every level, declared even where values.yaml has none")
    void sharedBlocks() throws IOException {
      JsonNode properties = schema("""
          global:
            ## @param global.partOf Application
            partOf: ""
          backend:
            ## @param backend.enabled Deploy the backend
            enabled: true
            auth:
              ## @param backend.auth.existingSecret Secret
              existingSecret: ""
          """, "common", "backend").path("properties");
      assertThat(properties.path("global").has("additionalProperties")).isFalse();
      assertThat(properties.path("global").path("properties").path("partOf").path("type").asText()).isEqualTo("string");
      assertThat(properties.path("backend").has("additionalProperties")).isFalse();
      assertThat(properties.path("backend").path("properties").path("auth").has("additionalProperties")).isFalse();
      assertThat(properties.path("backend").path("description").asText()).contains("backend chart");
      assertThat(properties.path("common")).isEqualTo(json("{\"type\": \"object\", \"description\": \"Values of the common chart, checked by its own schema (if it has one)\"}"));
      assertThat(schema("## @param a A\na: 1\n").path("properties").path("global").path("type").asText()).isEqualTo("object");
    }

    @Test
    @DisplayName("oneOf, anyOf, not, const, if/then/else and format pass through as written")
    void combinators() throws IOException {
      JsonNode properties = schema("""
          ## @param maxSurge Surge
          ## @schema maxSurge {type: [integer, string], oneOf: [{type: integer, minimum: 0}, {type: string, pattern: '^[0-9]+%$'}]}
          maxSurge: 25%
          ## @param user User
          ## @schema user {not: {const: root}, anyOf: [{minLength: 1}]}
          user: todo
          ## @param host Host
          ## @schema host {format: hostname, if: {minLength: 1}, then: {pattern: '^[a-z]'}, else: {const: ""}}
          host: ""
          """).path("properties");
      assertThat(properties.path("maxSurge").path("oneOf").size()).isEqualTo(2);
      assertThat(properties.path("user").path("not")).isEqualTo(json("{\"const\": \"root\"}"));
      assertThat(properties.path("host").path("format").asText()).isEqualTo("hostname");
      assertThat(properties.path("host").path("then").path("pattern").asText()).isEqualTo("^[a-z]");
    }

    @Test
    @DisplayName("an annotation goes on over the following ## lines until its braces close")
    void continuationLines() throws IOException {
      JsonNode tolerations = schema("""
          ## @param tolerations Tolerations
          ## @schema tolerations {items: {type: object, additionalProperties: false,
          ##     properties: {key: {type: string},
          ##       effect: {type: string, enum: ['', NoSchedule]}}}}
          tolerations: []
          """).path("properties").path("tolerations");
      assertThat(tolerations.path("items").path("properties").path("effect").path("enum")).isEqualTo(json("[\"\", \"NoSchedule\"]"));
      assertThat(tolerations.path("items").path("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    @DisplayName("the example in docs/chart-conventions.md generates what the page says")
    void conventionsExample() throws IOException {
      String page = Files.readString(ProjectLayout.current().root().resolve("docs/chart-conventions.md"));
      Matcher example = Pattern.compile("### Schema annotations.*?```yaml\\n(.*?)```", Pattern.DOTALL).matcher(page);
      assertThat(example.find()).as("the yaml example under ### Schema annotations").isTrue();
      JsonNode properties = schema(example.group(1)).path("properties");
      assertThat(properties.path("image").path("required")).isEqualTo(json("[\"pullPolicy\"]"));
      assertThat(properties.path("resources").path("properties").path("requests").path("properties").path("cpu").path("type"))
          .isEqualTo(json("[\"string\", \"number\"]"));
      assertThat(properties.path("extraEnv").path("propertyNames").has("pattern")).isTrue();
      assertThat(properties.path("podSecurityContext").path("properties").fieldNames()).toIterable()
          .containsExactly("runAsUser", "fsGroupChangePolicy", "sysctls");
    }

    @Test
    @DisplayName("the text is stable: 2-space indentation, one array element a line, a final newline, the generated marker")
    void text() throws IOException {
      ValuesDocumentation documentation = documentation("## @param modes Modes\n## @schema modes {items: {enum: [a, b]}}\nmodes: [a]\n");
      String text = ValuesSchema.json(documentation, "demo", List.of());
      assertThat(text).isEqualTo(ValuesSchema.json(documentation, "demo", List.of())).endsWith("}\n").doesNotEndWith("\n\n")
          .contains("\n  \"properties\": {\n    \"modes\": {\n      \"type\": \"array\",\n")
          .contains("\"enum\": [\n          \"a\",\n          \"b\"\n        ]");
      assertThat(ValuesSchema.isGenerated(text)).isTrue();
      assertThat(ValuesSchema.isGenerated("{\"type\": \"object\"}")).isFalse();
    }
  }

  @Nested
  @DisplayName("invalid: the error names file, line and key")
  class Invalid {

    private void assertFails(String values, String line, String... fragments) {
      assertThatThrownBy(() -> schema(values)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("values.yaml:" + line + ":").hasMessageContainingAll(fragments);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "a misspelled keyword                    | {minimun: 1}                        | unknown key minimun",
        "a misspelled keyword in an item schema  | {items: {type: string, patern: x}}  | unknown key items.patern",
        "an item schema that is no mapping       | {items: string}                     | items takes a schema",
        "a property schema that is no mapping    | {properties: {a: 1}}                | properties.a takes a schema",
        "a description (it is the @param's)      | {description: Port}                 | description comes from the @param",
        "required as a list at a key             | {required: [a]}                     | required takes true or false",
        "an unknown type                         | {type: strin}                       | type takes string, integer",
        "a minimum that is no number             | {minimum: one}                      | minimum takes a number",
        "a pattern that is no regular expression | {pattern: '^(a'}                    | pattern is not a regular expression",
        "an empty enum                           | {enum: []}                          | enum takes a non-empty list",
        "a minLength below 0                     | {minLength: -1}                     | minLength takes a whole number",
        "no mapping after the path               | minimum: 1                          | expected a {...} mapping",
        "an empty mapping                        | {}                                  | expected a non-empty {...} mapping",
        "brackets that do not close              | {enum: [a, b}                       | brackets do not close",
        "a keyword given twice                   | {minimum: 1, minimum: 2}            | Duplicate field 'minimum'",
        "a mapping that is no YAML               | {enum: [a, b] minimum: 1}           | not a YAML flow mapping",
    })
    @DisplayName("a malformed annotation or an unknown key in it")
    void malformed(String what, String annotation, String message) {
      assertFails("## @param port Port\n## @schema port " + annotation + "\nport: 8080\n", "2", "@schema port", message);
    }

    @Test
    @DisplayName("an annotation without a path")
    void noPath() {
      assertFails("## @param port Port\n## @schema {minimum: 1}\nport: 8080\n", "2", "@schema needs a values path");
    }

    @Test
    @DisplayName("an annotation for a key values.yaml does not define")
    void annotationWithoutKey() {
      assertFails("## @param port Port\nport: 8080\n## @schema prot {minimum: 1}\n", "3", "@schema prot", "values.yaml has no such key");
    }

    @Test
    @DisplayName("an annotation inside a map documented as a whole")
    void annotationInsideMap() {
      assertFails("## @param resources Resources\nresources:\n  limits:\n    ## @schema resources.limits {required: true}\n    cpu: 1\n", "4",
          "@schema resources.limits", "inside resources, which its @param documents as a whole");
    }

    @Test
    @DisplayName("a second annotation for the same key")
    void duplicate() {
      assertFails("## @param port Port\n## @schema port {minimum: 1}\nport: 8080\n## @schema port {maximum: 9}\n", "4", "@schema port", "first is on line 2");
    }

    @Test
    @DisplayName("a value without an @param comment")
    void undocumentedValue() {
      assertFails("## @param port Port\nport: 8080\nservice:\n  type: ClusterIP\n", "4", "service.type", "no @param comment");
    }

    @Test
    @DisplayName("an @param for a value values.yaml does not define")
    void parameterWithoutValue() {
      assertFails("## @param prot Port\nport: 8080\n", "1", "prot");
    }

    @Test
    @DisplayName("a type or an enum that refuses the value in values.yaml")
    void contradictsDefault() {
      assertFails("## @param port Port\n## @schema port {type: string}\nport: 8080\n", "2", "@schema port", "type \"string\" does not admit", "8080");
      assertFails("## @param policy Policy\n## @schema policy {enum: [Always]}\npolicy: Never\n", "2", "@schema policy", "does not hold", "Never");
    }

    @Test
    @DisplayName("a null value without a type")
    void nullWithoutType() {
      assertFails("## @param storageClass Class\nstorageClass: null\n", "2", "storageClass", "the value is null");
    }

    @Test
    @DisplayName("an extra property that values.yaml defines, which belongs on the key itself")
    void extraPropertyInValues() {
      assertFails("## @schema image {properties: {tag: {minLength: 1}}}\nimage:\n  ## @param image.tag Tag\n  tag: \"1\"\n", "1",
          "@schema image", "properties.tag is a key of values.yaml: annotate image.tag itself");
    }

    @Test
    @DisplayName("the values root marked required")
    void requiredRoot() {
      assertFails("## @schema . {required: true}\n## @param a A\na: 1\n", "1", "the values root cannot be required");
    }

    @Test
    @DisplayName("every problem of the file at once, one a line")
    void allProblems() {
      assertThatThrownBy(() -> schema("## @param a A\n## @schema a {type: string}\na: 1\nb: 2\n## @schema c {minimum: 1}\n"))
          .hasMessageContaining("values.yaml:2: @schema a").hasMessageContaining("values.yaml:4: b").hasMessageContaining("values.yaml:5: @schema c");
    }
  }
}
