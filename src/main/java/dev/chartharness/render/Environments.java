package dev.chartharness.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The environments a repository defines in {@code values/environments.yaml}:
 * <pre>
 * dev: {}
 * prod: {}
 * eks: {overlays: prod}   # values/prod/*.yaml first, then values/eks/*.yaml
 * </pre>
 */
public final class Environments {

  public static final String CATALOG = "environments.yaml";

  private final Path valuesDirectory;
  private final Map<String, Environment> byName;

  private Environments(Path valuesDirectory, Map<String, Environment> byName) {
    this.valuesDirectory = valuesDirectory;
    this.byName = byName;
  }

  /** Reads {@code VALUES_DIR/environments.yaml}; fails naming the file and environment when it is inconsistent. */
  public static Environments load(Path valuesDirectory) {
    Path catalog = valuesDirectory.resolve(CATALOG);
    JsonNode root;
    try {
      root = Yaml.MAPPER.readTree(catalog.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + catalog + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(catalog + ": expected a mapping of environment names");
    }
    Map<String, String> overlays = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      JsonNode body = entry.getValue();
      if (body != null && !body.isNull() && !body.isObject()) {
        throw new IllegalArgumentException(catalog + ": environment " + entry.getKey() + " must be a mapping");
      }
      if (body != null && body.isObject()) {
        body.fieldNames().forEachRemaining(field -> {
          if (!"overlays".equals(field)) {
            throw new IllegalArgumentException(catalog + ": environment " + entry.getKey() + " has unknown field " + field + " (known: overlays)");
          }
        });
      }
      String base = body == null ? "" : body.path("overlays").asText("");
      if (!Files.isDirectory(valuesDirectory.resolve(entry.getKey()))) {
        throw new IllegalArgumentException(catalog + ": environment " + entry.getKey() + " has no directory " + valuesDirectory.resolve(entry.getKey()));
      }
      overlays.put(entry.getKey(), base);
    }
    Map<String, Environment> environments = new LinkedHashMap<>();
    for (String name : overlays.keySet()) {
      List<String> layers = new ArrayList<>();
      for (String layer = name; !layer.isEmpty(); layer = overlays.get(layer)) {
        if (!overlays.containsKey(layer)) {
          throw new IllegalArgumentException(catalog + ": environment " + name + " overlays unknown environment " + layer);
        }
        if (layers.contains(layer)) {
          throw new IllegalArgumentException(catalog + ": environment " + name + " overlays itself through " + layers);
        }
        layers.add(0, layer);
      }
      environments.put(name, new Environment(name, layers));
    }
    return new Environments(valuesDirectory, environments);
  }

  public List<Environment> all() {
    return List.copyOf(byName.values());
  }

  public Environment get(String name) {
    Environment environment = byName.get(name);
    if (environment == null) {
      throw new NoSuchElementException("unknown environment " + name + "; " + valuesDirectory.resolve(CATALOG) + " defines " + byName.keySet());
    }
    return environment;
  }

  public Path valuesDirectory() {
    return valuesDirectory;
  }
}
