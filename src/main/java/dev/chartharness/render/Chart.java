package dev.chartharness.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A chart directory as described by its {@code Chart.yaml}.
 *
 * @param directory the chart's directory (for a rendered packaged chart, its {@code .tgz})
 * @param name the chart's name ({@code name:})
 * @param version the chart's version ({@code version:})
 * @param appVersion the application version, empty when the chart has none
 * @param type {@code application} or {@code library}
 * @param dependencies the chart's dependencies in declaration order
 */
public record Chart(Path directory, String name, String version, String appVersion, String type,
                    List<ChartDependency> dependencies) {

  public Chart {
    dependencies = List.copyOf(dependencies);
  }

  /** Reads {@code DIR/Chart.yaml}; fails naming the file and field when it is unusable. */
  public static Chart load(Path directory) {
    Path chartYaml = directory.resolve("Chart.yaml");
    if (!Files.isRegularFile(chartYaml)) {
      throw new ChartRenderException(directory, List.of(), "not a chart: " + chartYaml + " does not exist");
    }
    JsonNode root;
    try {
      root = Yaml.MAPPER.readTree(chartYaml.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ChartRenderException(directory, List.of(), chartYaml + ": not valid YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + chartYaml + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ChartRenderException(directory, List.of(), chartYaml + ": expected a mapping");
    }
    String apiVersion = root.path("apiVersion").asText("");
    if (!apiVersion.equals("v1") && !apiVersion.equals("v2")) {
      throw new ChartRenderException(directory, List.of(), chartYaml + ": field apiVersion "
          + (apiVersion.isEmpty() ? "is required" : "is " + apiVersion) + "; Helm knows v2 (Helm 3 and later) and v1 (legacy)");
    }
    JsonNode declared = root.path("dependencies");
    Path requirements = directory.resolve("requirements.yaml");
    if (apiVersion.equals("v1") && declared.isMissingNode() && Files.isRegularFile(requirements)) {
      // apiVersion v1 charts declare their dependencies in requirements.yaml.
      try {
        JsonNode legacy = Yaml.MAPPER.readTree(requirements.toFile());
        declared = legacy == null ? declared : legacy.path("dependencies");
      } catch (IOException e) {
        throw new ChartRenderException(directory, List.of(), requirements + ": not valid YAML: " + e.getMessage(), e);
      }
    }
    List<ChartDependency> dependencies = new ArrayList<>();
    for (JsonNode dependency : declared) {
      dependencies.add(new ChartDependency(
          required(chartYaml, dependency, "dependencies[].name"),
          dependency.path("version").asText(""),
          dependency.path("repository").asText(""),
          dependency.path("condition").asText("")));
    }
    return new Chart(directory.toAbsolutePath().normalize(),
        required(chartYaml, root, "name"),
        required(chartYaml, root, "version"),
        root.path("appVersion").asText(""),
        root.path("type").asText("application"),
        dependencies);
  }

  /** The {@code name:} of a {@code Chart.yaml} given as text; null when it has none. */
  static String nameIn(String chartYaml) {
    try {
      JsonNode root = Yaml.MAPPER.readTree(chartYaml);
      return root == null ? null : root.path("name").asText(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static String required(Path file, JsonNode node, String field) {
    String simpleField = field.substring(field.lastIndexOf('.') + 1);
    String value = node.path(simpleField).asText("");
    if (value.isBlank()) {
      throw new ChartRenderException(file.getParent(), List.of(), file + ": field " + field + " is required");
    }
    return value;
  }

  /** True for {@code type: library} charts, which render nothing on their own. */
  public boolean isLibrary() {
    return "library".equals(type);
  }

  /** The dependencies that live in this repository ({@code file://} references), resolved to directories. */
  public List<Path> localDependencyDirectories() {
    return dependencies.stream()
        .map(dependency -> dependency.localDirectory(directory))
        .flatMap(Optional::stream)
        .toList();
  }

  /** {@code values.schema.json}, when the chart has one. */
  public Optional<Path> valuesSchema() {
    Path schema = directory.resolve("values.schema.json");
    return Files.isRegularFile(schema) ? Optional.of(schema) : Optional.empty();
  }

  public Path valuesFile() {
    return directory.resolve("values.yaml");
  }
}
