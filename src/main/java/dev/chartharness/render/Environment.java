package dev.chartharness.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A deployment environment: an ordered stack of values directories under {@code values/}.
 * {@code eks} is {@code [prod, eks]}: production values with the AWS overlay on top.
 *
 * @param name the environment's name, also its directory under {@code values/}
 * @param layers the environment directories whose files apply, base first, this one last
 */
public record Environment(String name, List<String> layers) {

  /** The pseudo-environment "no values file at all": the charts' own defaults. */
  public static final Environment DEFAULTS = new Environment("defaults", List.of());

  public Environment {
    layers = List.copyOf(layers);
  }

  /**
   * The values files of this environment for {@code chartName}, base first:
   * {@code values/prod/journal.yaml, values/eks/journal.yaml}. Fails naming a missing file.
   */
  public List<Path> valuesFiles(Path valuesDirectory, String chartName) {
    List<Path> files = new ArrayList<>();
    for (String layer : layers) {
      Path file = valuesDirectory.resolve(layer).resolve(chartName + ".yaml");
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("environment " + name + " needs " + file + " (layer " + layer + "), which does not exist");
      }
      files.add(file);
    }
    return files;
  }

  /** True when {@code values/<layer>/<chart>.yaml} exists for every layer. */
  public boolean covers(Path valuesDirectory, String chartName) {
    return layers.stream().allMatch(layer -> Files.isRegularFile(valuesDirectory.resolve(layer).resolve(chartName + ".yaml")));
  }

  @Override
  public String toString() {
    return name;
  }
}
