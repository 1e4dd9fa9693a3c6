package dev.chartharness.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chartharness.render.RenderedObject;
import dev.chartharness.render.RenderedRelease;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Objects whose apiVersion the release's Kubernetes version no longer serves (errors) or has deprecated
 * (warnings), each naming the replacement; from the upstream deprecation guide, kept as data in
 * {@code api-deprecations.yaml}. The version is the render's ({@code --kube-version}, else 1.36).
 */
public final class DeprecatedApiCheck implements Check {

  /**
   * One row of the deprecation guide.
   *
   * @param apiVersion the group/version
   * @param kind the kind
   * @param deprecated the minor release that deprecated it
   * @param removed the minor release that stopped serving it, 0 when not scheduled
   * @param replacement what to use instead
   */
  record Deprecation(String apiVersion, String kind, int deprecated, int removed, String replacement) {
  }

  static final List<Deprecation> TABLE = load();

  @Override
  public String rule() {
    return "deprecated-api";
  }

  @Override
  public List<Finding> check(RenderedRelease release, Policy policy) {
    int minor = minor(release.kubeVersion());
    List<Finding> findings = new ArrayList<>();
    for (RenderedObject object : release.objects()) {
      for (Deprecation row : TABLE) {
        if (!row.apiVersion().equals(object.resource().getApiVersion()) || !row.kind().equals(object.kind())) {
          continue;
        }
        if (row.removed() > 0 && minor >= row.removed()) {
          findings.add(Finding.error(rule(), object.id(), "apiVersion", row.apiVersion() + " " + row.kind() + " was removed in Kubernetes 1."
              + row.removed() + " (rendering for " + release.kubeVersion() + "); use " + row.replacement()));
        } else if (minor >= row.deprecated()) {
          findings.add(Finding.warning(rule(), object.id(), "apiVersion", row.apiVersion() + " " + row.kind() + " is deprecated since Kubernetes 1."
              + row.deprecated() + (row.removed() > 0 ? " and removed in 1." + row.removed() : "") + "; use " + row.replacement()));
        }
      }
    }
    return findings;
  }

  private static int minor(String kubeVersion) {
    String[] parts = kubeVersion.replaceFirst("^v", "").split("\\.");
    return Integer.parseInt(parts[1]);
  }

  private static List<Deprecation> load() {
    try (InputStream data = DeprecatedApiCheck.class.getResourceAsStream("api-deprecations.yaml")) {
      if (data == null) {
        throw new IllegalStateException("api-deprecations.yaml is missing from the harness's resources");
      }
      List<Deprecation> rows = new ArrayList<>();
      for (JsonNode row : new ObjectMapper(new YAMLFactory()).readTree(data)) {
        for (JsonNode kind : row.path("kinds")) {
          String removed = row.path("removed").asText("");
          rows.add(new Deprecation(row.path("apiVersion").asText(), kind.asText(), minorOf(row.path("deprecated").asText()),
              removed.isEmpty() ? 0 : minorOf(removed), row.path("replacement").asText()));
        }
      }
      return List.copyOf(rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read api-deprecations.yaml: " + e.getMessage(), e);
    }
  }

  private static int minorOf(String version) {
    return Integer.parseInt(version.substring(version.indexOf('.') + 1));
  }
}
