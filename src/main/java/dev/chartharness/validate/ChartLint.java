package dev.chartharness.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.chartharness.base.FileTrees;
import dev.chartharness.render.ChartRenderException;
import dev.chartharness.render.ScratchChart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code helm lint --strict} for a chart with environment values files.
 *
 * <p>The chart is linted from its {@link ScratchChart#resolved} copy (dependencies in place, the chart's own tree
 * untouched). helm-java's lint takes no values files, so that copy is copied once more to a directory whose
 * {@code values.yaml} is the chart's values merged with the files, the way Helm coalesces them
 * (maps merge key by key, a later scalar or list replaces, {@code null} deletes).
 */
public final class ChartLint {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ChartLint() {
  }

  /** Lints {@code chart} strictly with {@code valuesFiles} applied in order. */
  public static LintReport lint(Path chart, List<Path> valuesFiles) {
    Path resolved = ScratchChart.resolved(chart);
    Path scratch = null;
    try {
      Path target = resolved;
      if (!valuesFiles.isEmpty()) {
        scratch = Files.createTempDirectory("chart-lint-");
        target = scratch.resolve(resolved.getFileName());
        FileTrees.copy(resolved, target);
        ObjectNode merged = readMapping(resolved.resolve("values.yaml"));
        for (Path file : valuesFiles) {
          coalesce(merged, readMapping(file));
        }
        YAML.writeValue(target.resolve("values.yaml").toFile(), merged);
      }
      LintResult result;
      try {
        result = new Helm(target).lint().strict().call();
      } catch (IllegalStateException e) {
        throw new ChartRenderException(chart, valuesFiles, "helm lint failed: " + e.getMessage(), e);
      }
      return new LintReport(chart, valuesFiles, result.getMessages(), result.isFailed());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare lint of " + chart + ": " + e.getMessage(), e);
    } finally {
      if (scratch != null) {
        FileTrees.delete(scratch);
      }
    }
  }

  /** Helm's coalescing of one values layer onto another. */
  static void coalesce(ObjectNode base, ObjectNode layer) {
    for (Map.Entry<String, JsonNode> entry : layer.properties()) {
      JsonNode current = base.get(entry.getKey());
      if (entry.getValue().isNull()) {
        base.remove(entry.getKey());
      } else if (current instanceof ObjectNode currentMap && entry.getValue() instanceof ObjectNode layerMap) {
        coalesce(currentMap, layerMap);
      } else {
        base.set(entry.getKey(), entry.getValue().deepCopy());
      }
    }
  }

  private static ObjectNode readMapping(Path file) throws IOException {
    JsonNode node = YAML.readTree(file.toFile());
    if (node == null || node.isNull() || node.isMissingNode()) {
      return YAML.createObjectNode();
    }
    if (!(node instanceof ObjectNode mapping)) {
      throw new IllegalArgumentException(file + ": values must be a mapping at the top level");
    }
    return mapping;
  }

  /**
   * What {@code helm lint --strict} said.
   *
   * @param chart the chart linted
   * @param valuesFiles the values files applied
   * @param messages Helm's messages ({@code [WARNING] templates/: ...})
   * @param failed true when Helm counts the chart as failed (strict: warnings fail)
   */
  public record LintReport(Path chart, List<Path> valuesFiles, List<String> messages, boolean failed) {
    public LintReport {
      messages = List.copyOf(messages);
      valuesFiles = List.copyOf(valuesFiles);
    }
  }
}
