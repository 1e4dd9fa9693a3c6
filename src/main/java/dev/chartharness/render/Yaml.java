package dev.chartharness.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The one YAML mapper for chart metadata and values files (Kubernetes objects go through fabric8). */
final class Yaml {

  static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

  private Yaml() {
  }
}
